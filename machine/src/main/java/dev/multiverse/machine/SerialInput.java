package dev.multiverse.machine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Bytes from the host for the guest's serial port. A file is read as the guest takes the bytes, so a
 * run fed from a file is repeatable; a live stream (a terminal, a pipe) is read by a daemon thread, and
 * its bytes reach the guest whenever they arrive.
 */
public abstract sealed class SerialInput {
    /** {@link #poll}: no byte has arrived yet (live streams only). */
    public static final int NONE = -1;
    /** {@link #poll}: the input has ended. */
    public static final int END = -2;

    /** The next byte, {@link #NONE} or {@link #END}; never blocks. */
    abstract int poll();

    /** Whether a machine with nothing else to do should wait for this input rather than stop. */
    abstract boolean live();

    /** Waits up to {@code nanos} for a byte to arrive. */
    abstract void await(long nanos) throws InterruptedException;

    /** Reads {@code in} as the guest consumes it: repeatable. */
    public static SerialInput ofFile(InputStream in) {
        return new FileInput(in);
    }

    /** Reads {@code in} on a daemon thread: for a terminal or a pipe whose bytes come when they come. */
    public static SerialInput ofLiveStream(InputStream in) {
        return new LiveInput(in);
    }

    private static final class FileInput extends SerialInput {
        private final InputStream in;
        private boolean ended;

        FileInput(InputStream in) {
            this.in = in;
        }

        @Override
        int poll() {
            if (ended) return END;
            try {
                int b = in.read();
                if (b >= 0) return b;
            } catch (IOException e) {
                throw new UncheckedIOException("serial input failed", e);
            }
            ended = true;
            return END;
        }

        @Override
        boolean live() {
            return false;
        }

        @Override
        void await(long nanos) {
        }
    }

    private static final class LiveInput extends SerialInput {
        private final LinkedBlockingQueue<Integer> bytes = new LinkedBlockingQueue<>();
        /** A byte {@link #await} took from the queue, handed out by the next poll. */
        private Integer held;
        private boolean ended;

        LiveInput(InputStream in) {
            Thread reader = new Thread(() -> {
                try {
                    for (int b; (b = in.read()) >= 0; ) bytes.add(b);
                } catch (IOException e) {
                    // A failing input ends like a closed one: the guest simply receives nothing more.
                }
                bytes.add(END);
            }, "serial-input");
            reader.setDaemon(true);
            reader.start();
        }

        @Override
        int poll() {
            if (ended) return END;
            Integer b = held != null ? held : bytes.poll();
            held = null;
            if (b == null) return NONE;
            if (b == END) ended = true;
            return b;
        }

        @Override
        boolean live() {
            return !ended;
        }

        @Override
        void await(long nanos) throws InterruptedException {
            if (held == null) held = bytes.poll(nanos, TimeUnit.NANOSECONDS);
        }
    }
}

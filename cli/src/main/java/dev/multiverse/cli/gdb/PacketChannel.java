package dev.multiverse.cli.gdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The framing layer of the GDB remote serial protocol over a byte stream: packets {@code $data#cc} with a
 * modulo-256 checksum, {@code +}/{@code -} acknowledgements until no-ack mode, the escape byte {@code '}'}
 * (the next byte XOR 0x20) and the out-of-band interrupt byte 0x03.
 *
 * <p>A reader thread owns the input: it acknowledges packets, queues their payloads for {@link #receive()}
 * and calls the interrupt handler the moment a 0x03 arrives, even while the session thread is busy
 * running the guest. Payloads are strings of ISO-8859-1 characters, one per byte, so binary data survives.
 */
final class PacketChannel implements AutoCloseable {
    static final int INTERRUPT = 0x03;
    private static final String END = new String("end of stream");

    private final InputStream in;
    private final OutputStream out;
    private final Runnable onInterrupt;
    private final BlockingQueue<String> packets = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean noAck;
    private volatile boolean closed;
    /** The last packet sent, for a {@code -} (bad checksum) reply; guarded by {@code out}. */
    private byte[] lastSent;

    PacketChannel(InputStream in, OutputStream out, Runnable onInterrupt) {
        this.in = in;
        this.out = out;
        this.onInterrupt = onInterrupt;
        reader = Thread.ofPlatform().daemon().name("gdb-packet-reader").start(this::readLoop);
    }

    /** The next packet's payload (escapes undone), or null once the peer has closed the connection. */
    String receive() throws InterruptedException {
        String p = packets.take();
        if (p == END) {
            packets.add(END);
            return null;
        }
        return p;
    }

    /** Sends one packet; in ack mode a {@code -} from the peer makes the reader send it again. */
    void send(String payload) throws IOException {
        byte[] framed = frame(payload);
        synchronized (out) {
            lastSent = framed;
            out.write(framed);
            out.flush();
        }
    }

    /** Stops sending and expecting acknowledgements (after the OK reply to QStartNoAckMode has been sent). */
    void startNoAckMode() {
        noAck = true;
    }

    /** {@code $payload#cc} with the characters the protocol reserves escaped. */
    static byte[] frame(String payload) {
        StringBuilder s = new StringBuilder(payload.length() + 4).append('$');
        for (int i = 0; i < payload.length(); i++) {
            char c = payload.charAt(i);
            if (c == '$' || c == '#' || c == '}' || c == '*') {
                s.append('}').append((char) (c ^ 0x20));
            } else {
                s.append(c);
            }
        }
        String body = s.substring(1);
        s.append('#').append(Hex.byteValue(checksum(body)));
        return s.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The modulo-256 sum of the bytes between {@code $} and {@code #}, as they travel (escaped). */
    static int checksum(String wire) {
        int sum = 0;
        for (int i = 0; i < wire.length(); i++) {
            sum += wire.charAt(i) & 0xff;
        }
        return sum & 0xff;
    }

    /** Undoes the {@code '}'} escapes of a received packet body. */
    static String unescape(String wire) {
        StringBuilder s = new StringBuilder(wire.length());
        for (int i = 0; i < wire.length(); i++) {
            char c = wire.charAt(i);
            if (c == '}' && i + 1 < wire.length()) {
                s.append((char) (wire.charAt(++i) ^ 0x20));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    private void readLoop() {
        try {
            int b;
            while ((b = in.read()) >= 0) {
                switch (b) {
                    case '$' -> readPacket();
                    case INTERRUPT -> onInterrupt.run();
                    case '-' -> resend();
                    default -> { } // '+' acknowledgements and line noise between packets
                }
            }
        } catch (IOException e) {
            // A reset connection ends the session just as an orderly close does.
        } finally {
            packets.add(END);
            if (!closed) {
                onInterrupt.run();
            }
        }
    }

    private void readPacket() throws IOException {
        StringBuilder body = new StringBuilder();
        int b;
        while ((b = in.read()) != '#') {
            if (b < 0) {
                throw new IOException("connection closed inside a packet");
            }
            if (b == '$') {
                body.setLength(0); // a fresh start: the previous one was garbled
                continue;
            }
            body.append((char) b);
        }
        int hi = in.read(), lo = in.read();
        if (lo < 0) {
            throw new IOException("connection closed inside a packet");
        }
        String wire = body.toString();
        boolean intact = Character.digit(hi, 16) >= 0 && Character.digit(lo, 16) >= 0
                && (Character.digit(hi, 16) << 4 | Character.digit(lo, 16)) == checksum(wire);
        if (!noAck) {
            synchronized (out) {
                out.write(intact ? '+' : '-');
                out.flush();
            }
        }
        if (intact) {
            packets.add(unescape(wire));
        }
    }

    private void resend() throws IOException {
        synchronized (out) {
            if (lastSent != null && !noAck) {
                out.write(lastSent);
                out.flush();
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        try {
            out.close();
        } finally {
            in.close();
        }
    }

    /** Waits for the reader thread to finish (after {@link #close()}). */
    void join() throws InterruptedException {
        reader.join();
    }
}

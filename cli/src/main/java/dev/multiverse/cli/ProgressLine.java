package dev.multiverse.cli;

import dev.multiverse.machine.Machine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code run --progress}: once a host second, a status line on stderr with the instructions every core
 * has executed, the rate over the last second and virtual time. On a terminal it is drawn in place and
 * erased before guest output is written, drawn only while the guest's last output ended a line, and no
 * more once the user has typed (booting is over then); otherwise it is a plain line each second. It
 * reads the machine's published counters from its own thread, so the guest runs exactly as without it.
 */
final class ProgressLine implements AutoCloseable {
    static final String PREFIX = "[multiverse] ";
    private static final String ERASE_LINE = "\r\033[K";

    private final PrintStream err;
    private final boolean inPlace;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress-line");
        t.setDaemon(true);
        return t;
    });
    private PrintStream guestOut;
    /** Guarded by this, as are the guest's writes: the line on screen now, the guest's last byte a newline. */
    private boolean shown;
    private boolean guestAtLineStart = true;
    private boolean closed;
    private long lastInstructions, lastNanos;

    /** {@code inPlace}: {@code err} is a terminal. */
    ProgressLine(PrintStream err, boolean inPlace) {
        this.err = err;
        this.inPlace = inPlace;
    }

    /** {@code out} for the guest's serial output, with the status line erased before each write. */
    PrintStream guard(PrintStream out) {
        guestOut = out;
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                synchronized (ProgressLine.this) {
                    eraseShown();
                    out.write(b);
                    guestAtLineStart = b == '\n';
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len == 0) return;
                synchronized (ProgressLine.this) {
                    eraseShown();
                    out.write(b, off, len);
                    guestAtLineStart = b[off + len - 1] == '\n';
                }
            }

            @Override
            public void flush() throws IOException {
                synchronized (ProgressLine.this) {
                    out.flush();
                }
            }
        }, false);
    }

    /** Shows {@code machine}'s progress every second from now on; {@code typed} says when the user has typed. */
    void start(Machine machine, BooleanSupplier typed) {
        lastInstructions = machine.instructionsExecuted();
        lastNanos = System.nanoTime();
        ticker.scheduleAtFixedRate(() -> tick(machine, typed), 1, 1, TimeUnit.SECONDS);
    }

    private synchronized void tick(Machine machine, BooleanSupplier typed) {
        if (closed) return;   // a tick that started as the run ended
        long instructions = machine.instructionsExecuted(), now = System.nanoTime();
        double mips = (instructions - lastInstructions) * 1e3 / Math.max(1, now - lastNanos);
        lastInstructions = instructions;
        lastNanos = now;
        String line = format(instructions, mips, machine.virtualNanos());
        if (!inPlace) {
            err.println(line);
            return;
        }
        if (typed.getAsBoolean()) {
            eraseShown();
            return;
        }
        if (!guestAtLineStart) return;
        if (guestOut != null) guestOut.flush();   // the guest's last line reaches the screen before the status line
        err.print("\r" + line + "\033[K");
        err.flush();
        shown = true;
    }

    /** "[multiverse] 1.23 G instructions, 79.4 MIPS, virtual 0.842 s". */
    static String format(long instructions, double mips, long virtualNanos) {
        return String.format(Locale.ROOT, "%s%s instructions, %.1f MIPS, virtual %.3f s", PREFIX,
                count(instructions), mips, virtualNanos / 1e9);
    }

    private static String count(long n) {
        if (n < 1000) return Long.toString(n);
        String[] units = {"k", "M", "G", "T", "P"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f %s", v, units[u]);
    }

    private void eraseShown() {
        if (!shown) return;
        err.print(ERASE_LINE);
        err.flush();
        shown = false;
    }

    /** Stops the line and erases it from a terminal. */
    @Override
    public void close() {
        ticker.shutdownNow();
        synchronized (this) {
            closed = true;
            eraseShown();
        }
    }
}

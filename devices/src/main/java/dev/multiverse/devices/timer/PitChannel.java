package dev.multiverse.devices.timer;

/**
 * One 8254 counter, computed from the PIT clock tick it is asked about rather than stepped: the count
 * loaded (0 meaning 65536, or 10000 in BCD), the ticks counted since, the gate, the output, the latches and
 * the LSB/MSB flip-flops. Modes 0 (interrupt on terminal count), 2 (rate generator), 3 (square wave) and 4
 * (software-triggered strobe) count; modes 1 and 5 (gate-triggered) are accepted and hold their output high
 * without counting. A count written while a periodic mode runs restarts the period at once (the 8254 would
 * finish the current one first).
 */
final class PitChannel {
    static final int ACCESS_LATCH = 0, ACCESS_LSB = 1, ACCESS_MSB = 2, ACCESS_WORD = 3;

    int mode, access = ACCESS_WORD;
    boolean bcd;
    boolean gate;
    /** The count register as written (raw, BCD if {@link #bcd}); -1 until the control word's count is complete. */
    private int count = -1;
    /** The counter's period in ticks. */
    private long period;
    /** Ticks counted while the gate allowed, before {@link #runningSince}. */
    private long counted;
    /** The tick counting (re)started at, or -1 while stopped. */
    private long runningSince = -1;
    private int writeLsb = -1;
    private boolean readMsbNext;
    /** A latched count (16 bits) or -1, and a latched status byte or -1. */
    private int latchedCount = -1, latchedStatus = -1;
    private boolean latchedMsbNext;

    PitChannel(boolean gate) {
        this.gate = gate;
    }

    /** A control word selecting this counter with a read/write access mode: a new mode, the output in its initial state. */
    void control(int access, int mode, boolean bcd) {
        this.access = access;
        this.mode = mode > 5 ? mode - 4 : mode;   // 6 and 7 are aliases of 2 and 3
        this.bcd = bcd;
        count = -1;
        counted = 0;
        runningSince = -1;
        writeLsb = -1;
        readMsbNext = false;
        latchedCount = latchedStatus = -1;
    }

    /** One byte written to the counter's port. */
    void write(int value, long now) {
        value &= 0xff;
        switch (access) {
            case ACCESS_LSB -> load(value, now);
            case ACCESS_MSB -> load(value << 8, now);
            default -> {
                if (writeLsb < 0) {
                    writeLsb = value;
                    // Mode 0 stops counting as the first byte of a new count arrives.
                    if (mode == 0 && running()) stop(now);
                } else {
                    load(writeLsb | value << 8, now);
                    writeLsb = -1;
                }
            }
        }
    }

    private void load(int raw, long now) {
        count = raw;
        period = bcd ? fromBcd(raw) : raw;
        if (period == 0) period = bcd ? 10000 : 65536;
        counted = 0;
        runningSince = gate && counting() ? now : -1;
    }

    /** One byte read from the counter's port: a latched status, a latched count, or the live count. */
    int read(long now) {
        if (latchedStatus >= 0) {
            int s = latchedStatus;
            latchedStatus = -1;
            return s;
        }
        if (latchedCount >= 0) {
            int v = access == ACCESS_MSB || (access == ACCESS_WORD && latchedMsbNext) ? latchedCount >>> 8 : latchedCount & 0xff;
            if (access == ACCESS_WORD && !latchedMsbNext) {
                latchedMsbNext = true;
            } else {
                latchedCount = -1;
                latchedMsbNext = false;
            }
            return v;
        }
        int value = value(now);
        return switch (access) {
            case ACCESS_LSB -> value & 0xff;
            case ACCESS_MSB -> value >>> 8;
            default -> {
                readMsbNext = !readMsbNext;
                yield readMsbNext ? value & 0xff : value >>> 8;
            }
        };
    }

    /** The counter latch command: the count now is held for reading (a second latch before it is read is ignored). */
    void latchCount(long now) {
        if (latchedCount < 0) {
            latchedCount = value(now);
            latchedMsbNext = false;
        }
    }

    /** Read-back's status latch: OUT, null count, access mode, mode and BCD as the control word set them. */
    void latchStatus(long now) {
        if (latchedStatus < 0) {
            boolean nullCount = count < 0 || ticks(now) == 0;
            latchedStatus = (output(now) ? 0x80 : 0) | (nullCount ? 0x40 : 0) | access << 4 | mode << 1 | (bcd ? 1 : 0);
        }
    }

    /** Gate input changes: low suspends counting; a rising edge restarts the period in modes 2 and 3. */
    void setGate(boolean high, long now) {
        if (high == gate) return;
        gate = high;
        if (count < 0 || !counting()) return;
        if (!high) {
            stop(now);
        } else {
            if (mode == 2 || mode == 3) counted = 0;
            runningSince = now;
        }
    }

    /** The OUT pin. */
    boolean output(long now) {
        if (count < 0) return mode != 0;
        long k = ticks(now);
        return switch (mode) {
            case 0 -> k >= period;
            case 2 -> !gate || k % period != period - 1;
            case 3 -> !gate || k % period < (period + 1) / 2;
            case 4 -> k != period;
            default -> true;
        };
    }

    /** The next tick after {@code now} at which OUT rises, or -1 if it will not (stopped, or a one-shot already done). */
    long nextRisingEdge(long now) {
        if (runningSince < 0) return -1;
        long k = ticks(now);
        long edge = switch (mode) {
            case 0 -> k < period ? period : -1;
            case 2, 3 -> (k / period + 1) * period;
            case 4 -> k <= period ? period + 1 : -1;
            default -> -1;
        };
        return edge < 0 ? -1 : now + (edge - k);
    }

    /** The counting element's value at tick {@code now}, as a read returns it (BCD in BCD mode). */
    int value(long now) {
        if (count < 0) return 0;
        long k = ticks(now);
        long v = switch (mode) {
            case 2 -> period - k % period;
            case 3 -> {
                // Counts down by two through each half of the period.
                long half = (period + 1) / 2, phase = k % period;
                yield (period & ~1L) - 2 * (phase < half ? phase : phase - half);
            }
            default -> period - k;   // modes 0 and 4 keep counting down past zero, wrapping
        };
        int modulus = bcd ? 10000 : 0x10000;
        v = Math.floorMod(v, modulus);
        return bcd ? toBcd((int) v) : (int) v;
    }

    private boolean counting() {
        return mode == 0 || mode == 2 || mode == 3 || mode == 4;
    }

    private boolean running() {
        return runningSince >= 0;
    }

    private void stop(long now) {
        counted = ticks(now);
        runningSince = -1;
    }

    /** Ticks counted since the count was loaded. */
    private long ticks(long now) {
        return counted + (runningSince >= 0 ? now - runningSince : 0);
    }

    private static int fromBcd(int v) {
        return (v >>> 12 & 0xf) * 1000 + (v >>> 8 & 0xf) * 100 + (v >>> 4 & 0xf) * 10 + (v & 0xf);
    }

    private static int toBcd(int v) {
        return v / 1000 % 10 << 12 | v / 100 % 10 << 8 | v / 10 % 10 << 4 | v % 10;
    }
}

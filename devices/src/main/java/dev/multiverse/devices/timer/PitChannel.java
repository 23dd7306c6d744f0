package dev.multiverse.devices.timer;

/**
 * One 8254 counter, computed from the PIT clock tick it is asked about rather than stepped: the count
 * register (CR) as written, the counting element (CE) running down from the count it was loaded with
 * (0 meaning 65536, or 10000 in BCD), the gate, the output, the latches and the LSB/MSB flip-flops.
 *
 * <p>The six modes as the 8254 data sheet gives them. Mode 0 (interrupt on terminal count): OUT low until
 * the count runs out; the gate's level enables counting; the first byte of a two-byte count stops the
 * counter and drops OUT. Mode 1 (hardware-retriggerable one-shot): a gate rising edge loads the count and
 * drops OUT until it runs out; a new count waits for the next trigger. Modes 2 (rate generator: OUT low for
 * the last clock of each period) and 3 (square wave: OUT high for the first half, the longer one when the
 * count is odd): gate low stops counting and holds OUT high, a gate rising edge restarts the period; a new
 * count takes over at the end of the present period (mode 2) or half-cycle (mode 3). Mode 4
 * (software-triggered strobe): OUT low for one clock when the count runs out; the gate's level enables
 * counting; a new count restarts it. Mode 5 (hardware-triggered strobe): the same, started by a gate
 * rising edge. Modes 6 and 7 are modes 2 and 3. In the one-shot modes the CE keeps counting down past
 * zero, wrapping.
 *
 * <p>A count is loaded at the instant it is written, as QEMU's PIT does, where the 8254 loads it on the
 * next clock: every mode's timing is one 838 ns clock early.
 */
final class PitChannel {
    static final int ACCESS_LATCH = 0, ACCESS_LSB = 1, ACCESS_MSB = 2, ACCESS_WORD = 3;

    /** The mode (0-5) and the control word's mode bits as written (6 and 7 included), which the status reports. */
    int mode, modeBits;
    int access = ACCESS_WORD;
    boolean bcd;
    boolean gate;
    /** The count register as written (raw, BCD if {@link #bcd}); -1 until the control word's count is complete. */
    private int count = -1;
    /** The count register's period in ticks. */
    private long period;
    /** Whether the CE holds a count loaded since the control word; until then it keeps {@link #held}. */
    private boolean loaded;
    /** The CE's content from before the control word (as a read returns it), while nothing is loaded. */
    private int held;
    /** The period the CE is counting now. */
    private long cePeriod;
    /** Ticks counted while the gate allowed, before {@link #runningSince}. */
    private long counted;
    /** The tick counting (re)started at, or -1 while stopped. */
    private long runningSince = -1;
    /** Mode 3 only: ticks into the square wave the present run started at (its low half when a new count took over there). */
    private long phaseOffset;
    /** Modes 2 and 3: the tick at which a written count takes over from the running one, or -1. */
    private long switchAt = -1;
    private boolean switchStartsLow;
    /** The status's null count bit reads 1 until this tick has passed (a count written and not yet loaded). */
    private long nullUntil = Long.MAX_VALUE;
    private int writeLsb = -1;
    private boolean readMsbNext;
    /** A latched count (16 bits) or -1, and a latched status byte or -1. */
    private int latchedCount = -1, latchedStatus = -1;
    private boolean latchedMsbNext;

    PitChannel(boolean gate) {
        this.gate = gate;
    }

    /**
     * A control word selecting this counter with a read/write access mode: the control logic resets, OUT
     * takes the mode's initial state, and the CE keeps its content until a count is loaded.
     */
    void control(int access, int modeBits, boolean bcd, long now) {
        held = value(now);
        this.access = access;
        this.modeBits = modeBits;
        this.mode = modeBits > 5 ? modeBits - 4 : modeBits;   // 6 and 7 are aliases of 2 and 3
        this.bcd = bcd;
        count = -1;
        loaded = false;
        counted = 0;
        runningSince = -1;
        switchAt = -1;
        nullUntil = Long.MAX_VALUE;
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
                    if (mode == 0) {
                        // The first byte of a new count stops the counter and drops OUT.
                        held = value(now);
                        loaded = false;
                        runningSince = -1;
                    }
                } else {
                    load(writeLsb | value << 8, now);
                    writeLsb = -1;
                }
            }
        }
    }

    /** A complete count in the count register: loaded now, at the end of the running period, or at the next trigger. */
    private void load(int raw, long now) {
        settle(now);
        count = raw;
        period = bcd ? fromBcd(raw) : raw;
        if (period == 0) period = bcd ? 10000 : 65536;
        switch (mode) {
            case 1, 5 -> nullUntil = Long.MAX_VALUE;
            case 2, 3 -> {
                if (loaded && running()) takeOverAtCycleEnd(now);
                else start(now);
            }
            default -> start(now);
        }
    }

    /** The CE takes the count register's count and counts from {@code now} if the gate lets it. */
    private void start(long now) {
        loaded = true;
        cePeriod = period;
        counted = 0;
        phaseOffset = 0;
        switchAt = -1;
        nullUntil = now;
        // Modes 1 and 5 start on a gate edge and then count whatever the gate does.
        runningSince = gate || mode == 1 || mode == 5 ? now : -1;
    }

    /** Modes 2 and 3: a count written while counting takes over at the end of the present period or half-cycle. */
    private void takeOverAtCycleEnd(long now) {
        long k = ticks(now);
        long phase = (k + phaseOffset) % cePeriod, high = (cePeriod + 1) / 2;
        switchStartsLow = mode == 3 && phase < high;
        switchAt = now + (switchStartsLow ? high : cePeriod) - phase;
        nullUntil = switchAt;
    }

    /** Applies a count taking over at {@link #switchAt} once {@code now} has reached it. */
    private void settle(long now) {
        if (switchAt < 0 || now < switchAt) return;
        cePeriod = period;
        counted = 0;
        runningSince = switchAt;
        phaseOffset = switchStartsLow ? (period + 1) / 2 : 0;
        switchAt = -1;
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

    /** Read-back's status latch: OUT, null count, and the access mode, mode and BCD bits of the control word. */
    void latchStatus(long now) {
        if (latchedStatus < 0) {
            boolean nullCount = count < 0 || now <= nullUntil;
            latchedStatus = (output(now) ? 0x80 : 0) | (nullCount ? 0x40 : 0) | access << 4 | modeBits << 1 | (bcd ? 1 : 0);
        }
    }

    /**
     * The gate input: its level enables counting in modes 0 and 4; in modes 2 and 3 low stops counting
     * and a rising edge reloads the count; in modes 1 and 5 only a rising edge matters, and it (re)starts
     * the count.
     */
    void setGate(boolean high, long now) {
        if (high == gate) return;
        settle(now);
        gate = high;
        switch (mode) {
            case 1, 5 -> {
                if (high && count >= 0) start(now);
            }
            case 2, 3 -> {
                if (!loaded) return;
                if (high) {
                    start(now);
                } else {
                    stop(now);
                    switchAt = -1;   // the trigger that restarts counting loads the newest count anyway
                }
            }
            default -> {
                if (!loaded) return;
                if (high) runningSince = now;
                else stop(now);
            }
        }
    }

    /** The OUT pin. */
    boolean output(long now) {
        settle(now);
        if (!loaded) return mode != 0;   // the control word's initial state: low in mode 0, else high
        long k = ticks(now);
        return switch (mode) {
            case 0, 1 -> k >= cePeriod;
            case 2 -> !gate || k % cePeriod != cePeriod - 1;
            case 3 -> !gate || (k + phaseOffset) % cePeriod < (cePeriod + 1) / 2;
            default -> k != cePeriod;   // modes 4 and 5: one clock low as the count runs out
        };
    }

    /** The next tick after {@code now} at which OUT rises, or -1 if it will not (stopped, or a one-shot already done). */
    long nextRisingEdge(long now) {
        settle(now);
        if (!loaded || runningSince < 0) return -1;
        long k = ticks(now);
        long edge = switch (mode) {
            case 0, 1 -> k < cePeriod ? cePeriod : -1;
            case 2 -> (k / cePeriod + 1) * cePeriod;
            case 3 -> ((k + phaseOffset) / cePeriod + 1) * cePeriod - phaseOffset;
            default -> k <= cePeriod ? cePeriod + 1 : -1;
        };
        if (edge < 0) return -1;
        long at = now + (edge - k);
        // Mode 3 with a new count taking over at the falling edge before: its low half comes first.
        return switchAt >= 0 && switchAt < at ? switchAt + period / 2 : at;
    }

    /** The counting element's value at tick {@code now}, as a read returns it (BCD in BCD mode). */
    int value(long now) {
        settle(now);
        if (!loaded) return held;
        long k = ticks(now);
        long v = switch (mode) {
            case 2 -> cePeriod - k % cePeriod;
            case 3 -> {
                // Counts down by two through each half of the period.
                long half = (cePeriod + 1) / 2, phase = (k + phaseOffset) % cePeriod;
                yield (cePeriod & ~1L) - 2 * (phase < half ? phase : phase - half);
            }
            default -> cePeriod - k;   // the one-shot modes keep counting down past zero, wrapping
        };
        int modulus = bcd ? 10000 : 0x10000;
        v = Math.floorMod(v, modulus);
        return bcd ? toBcd((int) v) : (int) v;
    }

    private boolean running() {
        return runningSince >= 0;
    }

    private void stop(long now) {
        counted = ticks(now);
        runningSince = -1;
    }

    /** Ticks counted since the CE was loaded. */
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

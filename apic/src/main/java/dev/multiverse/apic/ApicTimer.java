package dev.multiverse.apic;

import java.util.function.LongSupplier;

/**
 * The local APIC timer (SDM vol. 3 §10.5.4): a 32-bit down-counter clocked by the bus clock through the
 * divide configuration, in one-shot or periodic mode, or a TSC-deadline comparator (§10.5.4.1).
 *
 * <p>The bus clock is the machine's nominal 1 GHz (one tick per virtual nanosecond before the divider),
 * as QEMU's APIC timer also counts, so the counter runs on virtual time: reading the current count computes
 * it from the instant counting began, and only the expiry is an armed event.
 */
final class ApicTimer {
    static final int ONE_SHOT = 0, PERIODIC = 1, TSC_DEADLINE = 2;

    private final ApicClock clock;
    private final ApicClock.Timer event;
    private final LongSupplier tsc;
    private final Runnable expired;
    private int mode;
    /** Divide configuration register bits 0, 1 and 3 as written. */
    private int divideConfig;
    private long initialCount;
    /** Virtual time when the counter was last loaded with the initial count (or rebased by a divide change). */
    private long start;
    /** The next expiry on virtual time while the counter runs. */
    private long nextExpiry;
    private boolean counting;
    /** IA32_TSC_DEADLINE: 0 when disarmed. */
    private long deadline;

    /** {@code expired} raises the timer's LVT interrupt; {@code tsc} reads the core's time-stamp counter. */
    ApicTimer(ApicClock clock, LongSupplier tsc, Runnable expired) {
        this.clock = clock;
        this.tsc = tsc;
        this.expired = expired;
        this.event = clock.timer(this::expire);
    }

    void reset() {
        event.cancel();
        mode = ONE_SHOT;
        divideConfig = 0;
        initialCount = 0;
        counting = false;
        deadline = 0;
    }

    /** Ticks per bus clock: divide values 000..110 are 2..128, 111 is 1. */
    private long divisor() {
        int v = (divideConfig & 3) | (divideConfig >> 1 & 4);
        return v == 7 ? 1 : 2L << v;
    }

    /** A mode written to the LVT timer entry: leaving or entering TSC-deadline mode disarms the timer. */
    void setMode(int newMode) {
        if (newMode == mode) return;
        boolean deadlineChange = mode == TSC_DEADLINE || newMode == TSC_DEADLINE;
        mode = newMode;
        if (deadlineChange) {
            event.cancel();
            counting = false;
            initialCount = 0;
            deadline = 0;
        } else if (counting) {
            schedule(clock.nanos());
        }
    }

    int divideConfig() {
        return divideConfig;
    }

    /** A new divisor applies from now: the count so far is kept and continues at the new rate. */
    void writeDivide(int value) {
        long now = clock.nanos();
        long done = counting ? elapsedTicks(now) : 0;
        divideConfig = value & 0xb;
        if (counting) {
            start = now - done * divisor();
            schedule(now);
        }
    }

    int initialCount() {
        return (int) initialCount;
    }

    /** Loads the counter and starts it; 0 stops it. Ignored in TSC-deadline mode. */
    void writeInitialCount(int value) {
        if (mode == TSC_DEADLINE) return;
        event.cancel();
        initialCount = value & 0xffff_ffffL;
        counting = initialCount != 0;
        if (counting) {
            start = clock.nanos();
            nextExpiry = start + initialCount * divisor();
            event.arm(nextExpiry);
        }
    }

    /** Ticks since the counter was loaded, within the current period when periodic. */
    private long elapsedTicks(long now) {
        long ticks = (now - start) / divisor();
        return mode == PERIODIC ? ticks % initialCount : Math.min(ticks, initialCount);
    }

    int currentCount() {
        if (!counting || mode == TSC_DEADLINE) return 0;
        return (int) (initialCount - elapsedTicks(clock.nanos()));
    }

    /** Arms the next expiry after {@code now} (none for a one-shot count that has run out). */
    private void schedule(long now) {
        event.cancel();
        long period = initialCount * divisor();
        long first = start + period;
        if (mode == PERIODIC) {
            nextExpiry = now < first ? first : first + ((now - first) / period + 1) * period;
        } else if (now < first) {
            nextExpiry = first;
        } else {
            return;
        }
        event.arm(nextExpiry);
    }

    long readDeadline() {
        return mode == TSC_DEADLINE ? deadline : 0;
    }

    /** IA32_TSC_DEADLINE: arms for that TSC value (0 disarms); ignored outside TSC-deadline mode. */
    void writeDeadline(long value) {
        if (mode != TSC_DEADLINE) return;
        deadline = value;
        armDeadline();
    }

    /** The TSC and virtual time advance together (one cycle per nanosecond), so the deadline is that far ahead. */
    private void armDeadline() {
        event.cancel();
        if (deadline == 0) return;
        long now = clock.nanos();
        long ahead = deadline - tsc.getAsLong();
        event.arm(ahead <= 0 ? now : now + ahead);
    }

    private void expire() {
        if (mode == TSC_DEADLINE) {
            // A WRMSR to the TSC since arming may have moved the deadline further away.
            if (deadline == 0) return;
            if (Long.compareUnsigned(tsc.getAsLong(), deadline) < 0) {
                armDeadline();
                return;
            }
            deadline = 0;
        } else if (mode == PERIODIC) {
            nextExpiry += initialCount * divisor();
            event.arm(nextExpiry);
        } else {
            counting = false;
        }
        expired.run();
    }
}

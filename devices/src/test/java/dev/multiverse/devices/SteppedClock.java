package dev.multiverse.devices;

import java.util.ArrayList;
import java.util.List;

/** Virtual time a test sets by hand; moving it forward fires the armed timers at their instants, in order. */
public final class SteppedClock implements VirtualClock {
    private long now;
    private final List<StepTimer> timers = new ArrayList<>();

    public SteppedClock(long start) {
        now = start;
    }

    public SteppedClock() {
        this(0);
    }

    @Override
    public long nanos() {
        return now;
    }

    @Override
    public Timer timer(Runnable expiry) {
        StepTimer t = new StepTimer(expiry);
        timers.add(t);
        return t;
    }

    /** The instant the earliest armed timer is due, or -1 if none is armed. */
    long nextDue() {
        long next = -1;
        for (StepTimer t : timers) {
            if (t.at >= 0 && (next < 0 || t.at < next)) {
                next = t.at;
            }
        }
        return next;
    }

    /** Moves time forward by {@code nanos}, stopping at every armed instant on the way to fire it. */
    public void advance(long nanos) {
        advanceTo(now + nanos);
    }

    /** Moves time to {@code target}, stopping at every armed instant on the way to fire it. */
    public void advanceTo(long target) {
        long due;
        while ((due = nextDue()) >= 0 && due <= target) {
            for (StepTimer t : timers) {
                if (t.at == due) {
                    now = Math.max(now, due);
                    t.at = -1;
                    t.expiry.run();
                    break;
                }
            }
        }
        now = target;
    }

    private static final class StepTimer implements Timer {
        final Runnable expiry;
        long at = -1;

        StepTimer(Runnable expiry) {
            this.expiry = expiry;
        }

        @Override
        public void arm(long atNanos) {
            at = atNanos;
        }

        @Override
        public void cancel() {
            at = -1;
        }
    }
}

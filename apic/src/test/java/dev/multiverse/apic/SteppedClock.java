package dev.multiverse.apic;

import java.util.ArrayList;
import java.util.List;

/** Virtual time a test moves by hand: {@link #advanceTo} fires every armed timer due by then, earliest first. */
final class SteppedClock implements ApicClock {
    long now;
    private final List<SteppedTimer> timers = new ArrayList<>();

    @Override
    public long nanos() {
        return now;
    }

    @Override
    public Timer timer(Runnable expiry) {
        SteppedTimer t = new SteppedTimer(expiry);
        timers.add(t);
        return t;
    }

    void advanceTo(long instant) {
        while (true) {
            SteppedTimer next = null;
            for (SteppedTimer t : timers) {
                if (t.armed && t.at <= instant && (next == null || t.at < next.at)) next = t;
            }
            if (next == null) break;
            now = Math.max(now, next.at);
            next.armed = false;
            next.expiry.run();
        }
        now = instant;
    }

    private static final class SteppedTimer implements Timer {
        final Runnable expiry;
        long at;
        boolean armed;

        SteppedTimer(Runnable expiry) {
            this.expiry = expiry;
        }

        @Override
        public void arm(long atNanos) {
            at = atNanos;
            armed = true;
        }

        @Override
        public void cancel() {
            armed = false;
        }
    }
}

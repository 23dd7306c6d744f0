package dev.multiverse.devices.timer;

import dev.multiverse.devices.VirtualClock;

import java.util.ArrayList;
import java.util.List;

/** A virtual clock a test moves by hand; timers fire in instant order as it passes them. */
final class ManualClock implements VirtualClock {
    private long now;
    private final List<ManualTimer> timers = new ArrayList<>();

    @Override
    public long nanos() {
        return now;
    }

    @Override
    public Timer timer(Runnable expiry) {
        ManualTimer t = new ManualTimer(expiry);
        timers.add(t);
        return t;
    }

    /** Moves time to {@code target}, stopping at each armed instant on the way to fire it. */
    void advanceTo(long target) {
        while (true) {
            ManualTimer next = null;
            for (ManualTimer t : timers) {
                if (t.at >= 0 && t.at <= target && (next == null || t.at < next.at)) next = t;
            }
            if (next == null) break;
            now = Math.max(now, next.at);
            next.at = -1;
            next.expiry.run();
        }
        now = target;
    }

    private static final class ManualTimer implements Timer {
        final Runnable expiry;
        long at = -1;

        ManualTimer(Runnable expiry) {
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

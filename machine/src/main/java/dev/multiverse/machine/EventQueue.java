package dev.multiverse.machine;

import dev.multiverse.devices.VirtualClock;

import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * The machine's virtual time and its device events. Time is core 0's cycle count at a nominal 1 GHz (one
 * cycle is one nanosecond; one cycle per instruction until the cycle model refines it), so it never
 * depends on the host. Timers fire in order of their instant, and timers due at the same instant in the
 * order they were armed, so a run is deterministic.
 */
final class EventQueue implements VirtualClock {
    private final LongSupplier cycles;
    private final PriorityQueue<DeviceTimer> queue = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.sequence, b.sequence));
    private long armed;

    /** {@code cycles} reads core 0's cycle counter. */
    EventQueue(LongSupplier cycles) {
        this.cycles = cycles;
    }

    @Override
    public long nanos() {
        return cycles.getAsLong();
    }

    @Override
    public Timer timer(Runnable expiry) {
        return new DeviceTimer(expiry);
    }

    /** The instant of the earliest armed timer, or {@link Long#MAX_VALUE} when none is armed. */
    long nextEventAt() {
        DeviceTimer head = queue.peek();
        return head == null ? Long.MAX_VALUE : head.at;
    }

    /**
     * Fires every timer due at the present, earliest first. A timer an expiry arms for an instant already
     * reached waits for the next call, so a device cannot keep this loop going.
     */
    void fireDue() {
        long now = nanos(), last = armed;
        DeviceTimer head;
        while ((head = queue.peek()) != null && head.at <= now && head.sequence < last) {
            queue.poll();
            head.queued = false;
            head.expiry.run();
        }
    }

    private final class DeviceTimer implements Timer {
        final Runnable expiry;
        long at, sequence;
        boolean queued;

        DeviceTimer(Runnable expiry) {
            this.expiry = expiry;
        }

        @Override
        public void arm(long atNanos) {
            cancel();
            at = atNanos;
            sequence = armed++;
            queued = true;
            queue.add(this);
        }

        @Override
        public void cancel() {
            if (queued) {
                queue.remove(this);
                queued = false;
            }
        }
    }
}

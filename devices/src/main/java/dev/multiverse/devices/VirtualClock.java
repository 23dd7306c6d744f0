package dev.multiverse.devices;

/**
 * Virtual time as devices see it, in nanoseconds, never host time: a device reads the present and arms
 * timers whose callbacks run when the machine's time reaches them. Timers due at the same instant run in
 * the order they were armed, so a run is deterministic.
 */
public interface VirtualClock {
    /** The present, in virtual nanoseconds since power-on. */
    long nanos();

    /** A timer that runs {@code expiry} when virtual time reaches the instant it is armed for. */
    Timer timer(Runnable expiry);

    /** One device timer: armed at most once at a time. */
    interface Timer {
        /** Arms (or re-arms) the timer for virtual time {@code atNanos}; an instant already past fires as soon as time is next checked. */
        void arm(long atNanos);

        /** Disarms the timer if it is armed. */
        void cancel();
    }
}

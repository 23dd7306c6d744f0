package dev.multiverse.apic;

/**
 * Virtual time as the APIC timer sees it, in nanoseconds (never host time), with one-shot timers whose
 * callbacks run when virtual time reaches them. The machine's event queue provides it; the APIC declares
 * its own view because it sits below the devices module, whose clock interface it cannot see.
 */
public interface ApicClock {
    /** The present, in virtual nanoseconds. */
    long nanos();

    /** A timer that runs {@code expiry} when virtual time reaches the instant it is armed for. */
    Timer timer(Runnable expiry);

    /** One timer: armed at most once at a time. */
    interface Timer {
        /** Arms (or re-arms) for virtual time {@code atNanos}. */
        void arm(long atNanos);

        void cancel();
    }
}

package dev.multiverse.cpu.state;

/**
 * Keeps the time-stamp counters of one machine's cores in order across cores. The cores run in turns of
 * a quantum, so a core can read its counter at a virtual instant before one at which another core already
 * read it; an operating system that compares counters across cores (Linux's TSC synchronisation check)
 * would then see time go backwards and stop trusting the TSC. A read returns at least the latest value any
 * core has read, as one clock shared by all cores would, and stays deterministic. A write to a core's
 * counter starts the order afresh.
 */
public final class TimestampOrder {
    private long latest;
    private boolean any;

    /** The counter as read by a core whose own count is {@code own}. */
    public long read(long own) {
        if (!any || Long.compareUnsigned(own, latest) > 0) {
            latest = own;
            any = true;
        }
        return latest;
    }

    /** After a core's counter was written (WRMSR, reset): earlier reads no longer bound the next ones. */
    public void restart() {
        any = false;
    }
}

package dev.multiverse.machine;

/**
 * Virtual time held back to host time while an idle guest has a person (live input) at the other end.
 * Without it {@code sleep 5} would return at once, an idle shell would spin a host core jumping from tick
 * to tick, and a key would reach the guest at a virtual instant unrelated to when it was typed. So an idle
 * machine moves time to its next event only once the host's clock has reached it, waiting for input
 * meanwhile (at most {@link #MAX_HOST_WAIT} at a time), and to the host's present when input comes first.
 * Virtual time lags the host's while the guest computes (emulation is slower than its nominal clock); a lag
 * up to {@link #SLACK} is made up by shorter waits, a longer one is forgotten, so a guest's sleep after a
 * busy stretch still lasts its time. This makes live runs depend on the host's timing; runs from files or
 * with no input never come here and repeat exactly.
 */
final class HostPacing {
    /** The longest an idle machine waits for the host at a time (a stop request is seen between waits). */
    static final long MAX_HOST_WAIT = 100_000_000;
    /** How far virtual time may lag host time and still be made up by shorter idle waits. */
    static final long SLACK = 20_000_000;

    /** Host nanoTime minus the virtual time it corresponds to. */
    private long offset;

    /** Host time corresponds to {@code virtualNow} from here on: a run starts or resumes after a debugger's pause. */
    void anchor(long virtualNow) {
        offset = System.nanoTime() - virtualNow;
    }

    /**
     * Waits, on {@code line}, until host time reaches virtual time {@code next} or input comes; returns the
     * virtual time the idle machine moves to (between {@code virtualNow} and {@code next}), or -1 when the
     * thread was interrupted.
     */
    long paceTo(long next, long virtualNow, SerialLine line) {
        long now = System.nanoTime();
        offset = Math.max(offset, now - virtualNow - SLACK);
        long ahead = next - (now - offset);
        if (ahead > 0) {
            if (!await(line, Math.min(ahead, MAX_HOST_WAIT))) return -1;
            now = System.nanoTime();
        }
        return Math.max(virtualNow, Math.min(next, now - offset));
    }

    /** Waits up to {@code nanos} for input on {@code line}; false when the thread was interrupted. */
    static boolean await(SerialLine line, long nanos) {
        try {
            line.await(nanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

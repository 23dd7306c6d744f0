package dev.multiverse.machine;

/** One core's counters at the end of a run. */
public record CoreStats(int core, long instructions, long cycles) {
    /** Guest instructions per second, in millions, over {@code wallNanos}. */
    public double mips(long wallNanos) {
        return wallNanos <= 0 ? 0 : instructions * 1e3 / wallNanos;
    }
}

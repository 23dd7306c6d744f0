package dev.multiverse.cpu.exec;

/**
 * Unsigned division of a 128-bit dividend by a 64-bit divisor (the 64-bit DIV and IDIV), by schoolbook
 * division in 32-bit digits with a normalized divisor (Knuth's algorithm D, two quotient digits).
 */
final class Divide128 {
    private static final long DIGIT = 1L << 32;
    private static final long LOW = DIGIT - 1;

    private Divide128() {
    }

    /** The quotient of {@code hi:lo / divisor}; requires {@code hi < divisor} (unsigned) so that it fits. */
    static long quotient(long hi, long lo, long divisor) {
        if (hi == 0) return Long.divideUnsigned(lo, divisor);
        int s = Long.numberOfLeadingZeros(divisor);
        long v = divisor << s;
        long vHigh = v >>> 32, vLow = v & LOW;
        long top = s == 0 ? hi : (hi << s) | (lo >>> (64 - s));
        long bottom = lo << s;
        long q1 = digit(top, bottom >>> 32, vHigh, vLow);
        long mid = (top << 32) + (bottom >>> 32) - q1 * v;
        long q0 = digit(mid, bottom & LOW, vHigh, vLow);
        return (q1 << 32) | q0;
    }

    /**
     * One quotient digit of {@code (top * 2^32 + next) / v}: estimated from the divisor's high digit, then
     * corrected (at most twice) against its low digit.
     */
    private static long digit(long top, long next, long vHigh, long vLow) {
        long q = Long.divideUnsigned(top, vHigh);
        long rest = top - q * vHigh;
        while (Long.compareUnsigned(q, LOW) > 0
                || Long.compareUnsigned(q * vLow, (rest << 32) | next) > 0) {
            q--;
            rest += vHigh;
            if (Long.compareUnsigned(rest, LOW) > 0) break;
        }
        return q;
    }
}

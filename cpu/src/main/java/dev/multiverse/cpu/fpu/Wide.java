package dev.multiverse.cpu.fpu;

/** The 128-bit unsigned arithmetic division and square root need, which Java lacks. */
final class Wide {
    private static final long LOW32 = 0xffff_ffffL;

    private Wide() {
    }

    /**
     * floor((hi:lo) / d) for a divisor with bit 63 set and hi < d, so the quotient fits 64 bits (Knuth's
     * algorithm D on 32-bit digits). The remainder is lo - quotient * d, modulo 2^64.
     */
    static long divide(long hi, long lo, long d) {
        long dHi = d >>> 32;
        long dLo = d & LOW32;
        long q1 = digit(hi, lo >>> 32, dHi, dLo);
        long partial = (hi << 32 | lo >>> 32) - q1 * d;
        long q0 = digit(partial, lo & LOW32, dHi, dLo);
        return q1 << 32 | q0;
    }

    /** One 32-bit quotient digit of (top:next) / (dHi:dLo), where top < (dHi:dLo). */
    private static long digit(long top, long next, long dHi, long dLo) {
        long q = Long.divideUnsigned(top, dHi);
        long rest = top - q * dHi;
        while ((q >>> 32) != 0 || Long.compareUnsigned(q * dLo, rest << 32 | next) > 0) {
            q--;
            rest += dHi;
            if ((rest >>> 32) != 0) break;
        }
        return q;
    }

    /**
     * floor(sqrt(hi:lo)) for a radicand of at least 2^126: a double estimate, made certainly low, then one
     * division step and a final correction of at most a unit or two.
     */
    static long sqrt(long hi, long lo) {
        double estimate = Math.sqrt((double) (hi >>> 1) * 2.0) * 0x1p32;
        long q = estimate >= 0x1p64 ? -1L : (long) (estimate - 0x1p63) ^ Long.MIN_VALUE;
        q -= 1L << 13; // the estimate is within 2^12 of the root
        if (Long.compareUnsigned(q, 1L << 63) < 0) q = 1L << 63;
        long sqLo = q * q;
        long remLo = lo - sqLo;
        long remHi = hi - Math.unsignedMultiplyHigh(q, q) - (Long.compareUnsigned(lo, sqLo) < 0 ? 1 : 0);
        // (q + delta)^2 = N gives delta <= remainder / 2q, and the floor of that overshoots by at most one
        long root = q + divide(remHi >>> 1, remLo >>> 1 | remHi << 63, q);
        if (Long.compareUnsigned(root, q) < 0) root = -1L;
        while (squareExceeds(root, hi, lo)) root--;
        return root;
    }

    private static boolean squareExceeds(long root, long hi, long lo) {
        int byHigh = Long.compareUnsigned(Math.unsignedMultiplyHigh(root, root), hi);
        return byHigh != 0 ? byHigh > 0 : Long.compareUnsigned(root * root, lo) > 0;
    }
}

package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.fpu.FpEnv;

/**
 * RCPPS/RCPSS and RSQRTPS/RSQRTSS, the approximate reciprocal and reciprocal square root. The SDM only
 * bounds their error (1.5 * 2^-12 relative); what the host CPU computes was measured over every binary32
 * input and follows a simple rule, reproduced here bit for bit:
 * <ul>
 * <li>RCP looks at the top 11 fraction bits of the input: the result significand is the reciprocal of the
 * midpoint of that 2^-11-wide interval, rounded to nearest to 12 fraction bits.</li>
 * <li>RSQRT looks at the top 10 fraction bits and the exponent's parity: the result significand is the
 * reciprocal square root of the interval's midpoint (scaled by 2 for an even biased exponent), rounded
 * to nearest to 12 fraction bits.</li>
 * </ul>
 * Zeros and denormals give an infinity of their sign, infinities a zero (RSQRT of a negative number, -inf
 * included, the default NaN), NaNs come back quieted, and RCP results below the normal range are zeros.
 * Neither reads MXCSR or raises an exception.
 */
public final class SseArithReciprocal {
    private static final int SIGN = 0x8000_0000, INFINITY = 0x7f80_0000, QUIET = 0x0040_0000, DEFAULT_NAN = 0xffc0_0000;
    /** The result significands with their integer bit (2^12 = 1.0), by the input's top 11 fraction bits. */
    private static final short[] RECIPROCAL = new short[2048];
    /** The same by exponent parity (odd first) and top 10 fraction bits. */
    private static final short[] RECIPROCAL_SQRT = new short[2048];

    static {
        for (int k = 0; k < 2048; k++) {
            // 1 / (1 + (k + 1/2) / 2^11) in units of 2^-13: the result is in [1/2, 1).
            long midpoint = 4097 + 2 * k;
            RECIPROCAL[k] = (short) (((1L << 26) + midpoint) / (2 * midpoint));
        }
        for (int k = 0; k < 1024; k++) {
            long midpoint = 2049 + 2 * k;
            // odd biased exponents: input in [1, 2) -> result in (1/sqrt 2, 1] in units of 2^-13;
            // even: input in [1/2, 1) -> result in (1, sqrt 2] in units of 2^-12
            RECIPROCAL_SQRT[k] = (short) roundedSqrt((1L << 26) * 2048, midpoint);
            RECIPROCAL_SQRT[1024 + k] = (short) roundedSqrt((1L << 24) * 4096, midpoint);
        }
    }

    private SseArithReciprocal() {
    }

    /** round(sqrt(n / d)): the y with (2y - 1)^2 d <= 4n < (2y + 1)^2 d (never a tie for these inputs). */
    private static long roundedSqrt(long n, long d) {
        long y = (long) Math.sqrt((double) n / d);
        while (y > 0 && (2 * y - 1) * (2 * y - 1) * d > 4 * n) y--;
        while ((2 * y + 1) * (2 * y + 1) * d <= 4 * n) y++;
        return y;
    }

    /** RCPPS/RCPSS lane (the environment is untouched). */
    public static int reciprocal(int destination, int source, FpEnv env) {
        return reciprocal(source);
    }

    public static int reciprocalSqrt(int destination, int source, FpEnv env) {
        return reciprocalSqrt(source);
    }

    static int reciprocal(int x) {
        int sign = x & SIGN, biased = (x >>> 23) & 0xff, fraction = x & 0x7f_ffff;
        if (biased == 0xff) return fraction != 0 ? x | QUIET : sign;
        if (biased == 0) return sign | INFINITY;
        int exponent = 253 - biased;
        if (exponent <= 0) return sign;
        return sign | exponent << 23 | (RECIPROCAL[fraction >>> 12] - 4096) << 11;
    }

    static int reciprocalSqrt(int x) {
        int sign = x & SIGN, biased = (x >>> 23) & 0xff, fraction = x & 0x7f_ffff;
        if (biased == 0xff) return fraction != 0 ? x | QUIET : sign != 0 ? DEFAULT_NAN : 0;
        if (biased == 0) return sign | INFINITY;
        if (sign != 0) return DEFAULT_NAN;
        boolean odd = (biased & 1) != 0;
        int exponent = odd ? 126 - (biased - 127) / 2 : 127 - (biased - 126) / 2;
        int significand = RECIPROCAL_SQRT[(odd ? 0 : 1024) + (fraction >>> 13)];
        return exponent << 23 | (significand - 4096) << 11;
    }
}

package dev.multiverse.cpu.fpu;

/**
 * A floating-point value taken apart, the working form of every operation. Whatever the encoding, a
 * finite nonzero value is a normalized 64-bit significand and an unbounded exponent, so one arithmetic and
 * one rounding core serve binary32, binary64 and the x87 80-bit format. Mutable scratch owned by one
 * {@link FpEnv}, so operations allocate nothing.
 */
final class Unpacked {
    static final int ZERO = 0;
    static final int FINITE = 1;
    static final int INFINITY = 2;
    static final int NAN = 3;
    /** An 80-bit encoding the 387 and later refuse: unnormal, pseudo-NaN or pseudo-infinity. */
    static final int UNSUPPORTED = 4;

    static final long INTEGER_BIT = 1L << 63;
    static final long QUIET_BIT = 1L << 62;

    int kind;
    boolean negative;
    /** FINITE: the power of two of significand bit 63 (the value is significand * 2^(exponent - 63)). */
    int exponent;
    /**
     * FINITE: bit 63 set, except in a result that came out denormal. NAN: the integer bit set and the
     * fraction left-aligned under it, so bit 62 is the quiet bit and payloads convert by truncation.
     */
    long significand;
    /** A FINITE operand that was encoded as a denormal (or an x87 pseudo-denormal): using it raises DE. */
    boolean denormal;

    Unpacked setSingle(int bits, boolean denormalsAreZero) {
        negative = bits < 0;
        setEncoded((bits >>> 23) & 0xff, bits & 0x7f_ffffL, 23, 0xff, 127, denormalsAreZero);
        return this;
    }

    Unpacked setDouble(long bits, boolean denormalsAreZero) {
        negative = bits < 0;
        setEncoded((int) (bits >>> 52) & 0x7ff, bits & 0xf_ffff_ffff_ffffL, 52, 0x7ff, 1023, denormalsAreZero);
        return this;
    }

    /** An IEEE interchange encoding: hidden integer bit, {@code fractionBits} of fraction. */
    private void setEncoded(int biased, long fraction, int fractionBits, int maxBiased, int bias, boolean denormalsAreZero) {
        denormal = false;
        long aligned = fraction << (63 - fractionBits);
        if (biased == maxBiased) {
            kind = fraction == 0 ? INFINITY : NAN;
            significand = INTEGER_BIT | aligned;
        } else if (biased != 0) {
            kind = FINITE;
            exponent = biased - bias;
            significand = INTEGER_BIT | aligned;
        } else if (fraction == 0 || denormalsAreZero) {
            setZero(negative);
        } else {
            int shift = Long.numberOfLeadingZeros(aligned);
            kind = FINITE;
            exponent = 1 - bias - shift;
            significand = aligned << shift;
            denormal = true;
        }
    }

    Unpacked setExtended(Float80 v) {
        negative = v.negative();
        int biased = v.exponent();
        long sig = v.significand();
        denormal = false;
        significand = sig;
        if (biased == 0x7fff) {
            kind = sig >= 0 ? UNSUPPORTED : (sig << 1) == 0 ? INFINITY : NAN;
        } else if (biased != 0) {
            kind = sig >= 0 ? UNSUPPORTED : FINITE;
            exponent = biased - 16383;
        } else if (sig == 0) {
            kind = ZERO;
        } else {
            // a denormal, or a pseudo-denormal (integer bit set): both weigh 2^-16382 at bit 63
            int shift = Long.numberOfLeadingZeros(sig);
            kind = FINITE;
            exponent = -16382 - shift;
            significand = sig << shift;
            denormal = true;
        }
        return this;
    }

    /** A two's-complement integer, exactly. */
    Unpacked setInteger(long value) {
        denormal = false;
        if (value == 0) {
            setZero(false);
            return this;
        }
        negative = value < 0;
        long magnitude = negative ? -value : value; // -2^63 stays 2^63 read unsigned
        int shift = Long.numberOfLeadingZeros(magnitude);
        kind = FINITE;
        exponent = 63 - shift;
        significand = magnitude << shift;
        return this;
    }

    void set(Unpacked v) {
        kind = v.kind;
        negative = v.negative;
        exponent = v.exponent;
        significand = v.significand;
    }

    void setZero(boolean negative) {
        kind = ZERO;
        this.negative = negative;
        significand = 0;
    }

    void setInfinity(boolean negative) {
        kind = INFINITY;
        this.negative = negative;
        significand = INTEGER_BIT;
    }

    void setFinite(boolean negative, int exponent, long significand) {
        kind = FINITE;
        this.negative = negative;
        this.exponent = exponent;
        this.significand = significand;
    }

    /** The negative QNaN with no payload: x87 real indefinite, SSE default NaN. */
    void setDefaultNaN() {
        kind = NAN;
        negative = true;
        significand = INTEGER_BIT | QUIET_BIT;
    }

    void setQuietNaN(Unpacked nan) {
        kind = NAN;
        negative = nan.negative;
        significand = nan.significand | QUIET_BIT;
    }

    boolean isSignalingNaN() {
        return kind == NAN && (significand & QUIET_BIT) == 0;
    }

    int toSingle() {
        int sign = negative ? 0x8000_0000 : 0;
        return switch (kind) {
            case ZERO -> sign;
            case FINITE -> sign | ((significand < 0 ? exponent + 127 : 0) & 0xff) << 23 | (int) (significand >>> 40) & 0x7f_ffff;
            default -> sign | 0x7f80_0000 | (int) (significand >>> 40) & 0x7f_ffff;
        };
    }

    long toDouble() {
        long sign = negative ? Long.MIN_VALUE : 0;
        return switch (kind) {
            case ZERO -> sign;
            case FINITE -> sign | (long) ((significand < 0 ? exponent + 1023 : 0) & 0x7ff) << 52 | (significand >>> 11) & 0xf_ffff_ffff_ffffL;
            default -> sign | 0x7ff0_0000_0000_0000L | (significand >>> 11) & 0xf_ffff_ffff_ffffL;
        };
    }

    Float80 toExtended() {
        int sign = negative ? 0x8000 : 0;
        return switch (kind) {
            case ZERO -> new Float80(sign, 0);
            case FINITE -> new Float80(sign | (significand < 0 ? exponent + 16383 : 0) & 0x7fff, significand);
            default -> new Float80(sign | 0x7fff, significand);
        };
    }
}

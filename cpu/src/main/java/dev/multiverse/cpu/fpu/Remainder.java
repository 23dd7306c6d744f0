package dev.multiverse.cpu.fpu;

import java.math.BigInteger;

import static dev.multiverse.cpu.fpu.Unpacked.INFINITY;
import static dev.multiverse.cpu.fpu.Unpacked.ZERO;

/**
 * FPREM and FPREM1: ST0 reduced by a multiple of ST1, exactly. When the exponents are 64 or more apart the
 * instruction goes only part of the way: as the host does, it brings the exponent difference down to the
 * next multiple of 32 below it (by 32 to 63 steps), reports the reduction incomplete in C2 and leaves C0,
 * C3 and C1 clear, so software loops until C2 is clear.
 */
public final class Remainder {
    private static final int QUOTIENT_BITS_AT_ONCE = 64;

    private Remainder() {
    }

    /** FPREM: the quotient truncated toward zero (the remainder has the dividend's sign). */
    public static PartialRemainder truncating(Float80 st0, Float80 st1, FpEnv env) {
        return remainder(st0, st1, false, env);
    }

    /** FPREM1: the quotient rounded to nearest, ties to even (IEEE 754 remainder). */
    public static PartialRemainder nearest(Float80 st0, Float80 st1, FpEnv env) {
        return remainder(st0, st1, true, env);
    }

    private static PartialRemainder remainder(Float80 st0, Float80 st1, boolean nearest, FpEnv env) {
        Unpacked a = env.a.setExtended(st0);
        Unpacked b = env.b.setExtended(st1);
        Unpacked r = env.r;
        env.roundedUp = false;
        if (Nans.propagate(a, b, env)) return new PartialRemainder(r.toExtended(), 0);
        if (a.kind == INFINITY || b.kind == ZERO) {
            Nans.invalid(env);
            return new PartialRemainder(r.toExtended(), 0);
        }
        if (Arithmetic.denormalTrap(a, b, env)) return new PartialRemainder(r.toExtended(), 0);
        // ST(0) as it was, even a denormal; a pseudo-denormal comes back in its normal encoding (exponent 1).
        if (a.kind == ZERO || b.kind == INFINITY) return new PartialRemainder(pseudoDenormalNormalized(st0), 0);
        int difference = a.exponent - b.exponent;
        BigInteger dividend = Enclosure.unsigned(a.significand);
        BigInteger divisor = Enclosure.unsigned(b.significand);
        int unit = b.exponent - 63; // the remainder is a multiple of 2^unit
        boolean partial = difference >= QUOTIENT_BITS_AT_ONCE;
        if (partial) {
            int steps = 32 + difference % 32;
            dividend = dividend.shiftLeft(steps);
            unit = a.exponent - 63 - steps;
        } else if (difference >= 0) {
            dividend = dividend.shiftLeft(difference);
        } else {
            divisor = divisor.shiftLeft(-difference);
            unit = a.exponent - 63;
        }
        BigInteger[] qr = dividend.divideAndRemainder(divisor);
        BigInteger quotient = qr[0];
        BigInteger rest = qr[1];
        if (nearest && !partial) {
            int half = rest.shiftLeft(1).compareTo(divisor);
            if (half > 0 || (half == 0 && quotient.testBit(0))) {
                quotient = quotient.add(BigInteger.ONE);
                rest = rest.subtract(divisor);
            }
        }
        if (rest.signum() == 0) {
            r.setZero(a.negative);
        } else {
            int length = rest.abs().bitLength();
            r.setFinite(a.negative != rest.signum() < 0, unit + length - 1, rest.abs().shiftLeft(64 - length).longValue());
            Rounder.round(r, 0, Format.EXTENDED, env);
        }
        int codes = partial ? ConditionCodes.C2
                : (quotient.testBit(2) ? ConditionCodes.C0 : 0) | (quotient.testBit(1) ? ConditionCodes.C3 : 0)
                        | (quotient.testBit(0) ? ConditionCodes.C1 : 0);
        return new PartialRemainder(r.toExtended(), codes);
    }

    /** A pseudo-denormal (exponent 0 with the integer bit set) re-encoded with exponent 1, the value it stands for. */
    private static Float80 pseudoDenormalNormalized(Float80 x) {
        return x.exponent() == 0 && x.significand() < 0 ? new Float80(x.signExponent() | 1, x.significand()) : x;
    }
}

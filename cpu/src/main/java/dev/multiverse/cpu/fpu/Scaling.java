package dev.multiverse.cpu.fpu;

import static dev.multiverse.cpu.fpu.FpFlags.OE;
import static dev.multiverse.cpu.fpu.FpFlags.PE;
import static dev.multiverse.cpu.fpu.FpFlags.UE;
import static dev.multiverse.cpu.fpu.FpFlags.ZE;
import static dev.multiverse.cpu.fpu.Unpacked.FINITE;
import static dev.multiverse.cpu.fpu.Unpacked.INFINITY;
import static dev.multiverse.cpu.fpu.Unpacked.INTEGER_BIT;
import static dev.multiverse.cpu.fpu.Unpacked.ZERO;

/** FSCALE and FXTRACT: a value's exponent changed or taken apart. */
public final class Scaling {
    /** Beyond this the scale factor's size no longer matters: every result overflows or underflows. */
    private static final int SCALE_LIMIT = 1 << 20;

    private Scaling() {
    }

    /**
     * FSCALE: ST0 * 2^n with n = ST1 truncated toward zero, rounded in the environment's rounding mode (OE,
     * UE, PE; C1 from the rounding).
     */
    public static Float80 scale(Float80 st0, Float80 st1, FpEnv env) {
        Unpacked a = env.a.setExtended(st0);
        Unpacked b = env.b.setExtended(st1);
        Unpacked r = env.r;
        env.roundedUp = false;
        if (Nans.propagate(a, b, env) || Arithmetic.denormalTrap(a, b, env)) return r.toExtended();
        if (b.kind == INFINITY) {
            // 2^-infinity = 0 and 2^infinity = infinity, times a: 0 * infinity is invalid
            if (b.negative ? a.kind == INFINITY : a.kind == ZERO) Nans.invalid(env);
            else if (b.negative) r.setZero(a.negative);
            else r.setInfinity(a.negative);
        } else if (a.kind != FINITE) {
            r.set(a);
        } else {
            int n = b.kind == ZERO || b.exponent < 0 ? 0
                    : b.exponent >= 31 ? SCALE_LIMIT : (int) Math.min(SCALE_LIMIT, b.significand >>> (63 - b.exponent));
            int exponent = a.exponent + (b.negative ? -n : n);
            Format f = Format.EXTENDED;
            if (exponent > f.maxExponent() + f.biasAdjust() && (env.masks & OE) == 0) {
                // too large for the unmasked response's 2^-24576 wrap: infinity, whatever the rounding
                env.flags |= OE | PE;
                env.roundedUp = true;
                r.setInfinity(a.negative);
            } else if (exponent < f.minExponent() - f.biasAdjust() && (env.masks & UE) == 0) {
                env.flags |= UE | PE;
                r.setZero(a.negative);
            } else {
                r.setFinite(a.negative, exponent, a.significand);
                Rounder.round(r, 0, f, env);
            }
        }
        return r.toExtended();
    }

    /**
     * FXTRACT: the unbiased exponent of ST0 (of its normalized value, for a denormal) as a number, and its
     * significand. A zero gives an exponent of -infinity and raises ZE; an infinity gives +infinity and
     * itself; a NaN gives itself twice.
     */
    public static Extracted extract(Float80 st0, FpEnv env) {
        Unpacked a = env.a.setExtended(st0);
        Unpacked r = env.r;
        env.roundedUp = false;
        if (Nans.propagate(a, env) || Arithmetic.denormalTrap(a, a, env)) {
            Float80 nan = r.toExtended();
            return new Extracted(nan, nan);
        }
        return switch (a.kind) {
            case ZERO -> {
                env.flags |= ZE;
                yield new Extracted(new Float80(0xffff, INTEGER_BIT), st0);
            }
            case INFINITY -> new Extracted(new Float80(0x7fff, INTEGER_BIT), st0);
            default -> new Extracted(Conversions.intTo80(a.exponent),
                    new Float80((a.negative ? 0x8000 : 0) | 0x3fff, a.significand));
        };
    }
}

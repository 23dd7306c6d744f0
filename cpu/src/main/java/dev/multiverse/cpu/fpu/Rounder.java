package dev.multiverse.cpu.fpu;

import static dev.multiverse.cpu.fpu.FpFlags.OE;
import static dev.multiverse.cpu.fpu.FpFlags.PE;
import static dev.multiverse.cpu.fpu.FpFlags.UE;

/**
 * The one rounding core: takes an exact (or exactly-sticky) finite result with an unbounded exponent and
 * delivers it in a {@link Format} under the environment's rounding, masks and FTZ, raising OE, UE and PE.
 * x86 detects tininess after rounding: a result is tiny when, rounded to the format's precision with an
 * unbounded exponent, it is below the smallest normal.
 */
final class Rounder {
    private Rounder() {
    }

    /**
     * Rounds {@code r} in place. On entry r is FINITE with bit 63 of its significand set, and {@code extra}
     * holds the next 64 bits of the exact significand, its lowest bit also standing for any nonzero bits
     * further down.
     */
    static void round(Unpacked r, long extra, Format f, FpEnv env) {
        int p = f.precision();
        int drop = 64 - p;
        long kept = keep(r.significand, extra, drop, r.negative, env.rounding, env);
        int exponent = r.exponent;
        if (p == 64 ? kept == 0 : (kept >>> p) != 0) { // carried out of the top bit
            kept = 1L << (p - 1);
            exponent++;
        }
        if (exponent > f.maxExponent()) {
            overflow(r, kept << drop, exponent, f, env);
        } else if (exponent < f.minExponent()) {
            underflow(r, extra, kept << drop, exponent, f, env);
        } else {
            r.exponent = exponent;
            r.significand = kept << drop;
            if (env.inexact) env.flags |= PE;
        }
    }

    private static void overflow(Unpacked r, long rounded, int exponent, Format f, FpEnv env) {
        if ((env.masks & OE) == 0) {
            env.flags |= OE | (env.inexact ? PE : 0);
            r.exponent = exponent - f.biasAdjust();
            r.significand = rounded;
            return;
        }
        env.flags |= OE | PE;
        boolean toInfinity = switch (env.rounding) {
            case Rounding.NEAREST -> true;
            case Rounding.UP -> !r.negative;
            case Rounding.DOWN -> r.negative;
            default -> false;
        };
        if (toInfinity) {
            r.setInfinity(r.negative);
        } else {
            r.exponent = f.maxExponent();
            r.significand = -1L << (64 - f.precision());
        }
        env.roundedUp = toInfinity;
    }

    /** A tiny result; {@code r} still holds the exact value, {@code rounded} its normalized rounding. */
    private static void underflow(Unpacked r, long extra, long rounded, int exponent, Format f, FpEnv env) {
        if ((env.masks & UE) == 0) {
            env.flags |= UE | (env.inexact ? PE : 0);
            r.exponent = exponent + f.biasAdjust();
            r.significand = rounded;
            return;
        }
        if (env.flushToZero) {
            env.flags |= UE | PE;
            env.roundedUp = false;
            r.setZero(r.negative);
            return;
        }
        int drop = 64 - f.precision() + (f.minExponent() - r.exponent);
        long kept = keep(r.significand, extra, drop, r.negative, env.rounding, env);
        if (env.inexact) env.flags |= UE | PE;
        if (kept == 0) {
            r.setZero(r.negative);
        } else {
            r.exponent = f.minExponent();
            r.significand = kept << (64 - f.precision());
        }
    }

    /**
     * The bits of (significand:extra) above its lowest {@code drop + 64}, i.e. significand >>> drop, rounded
     * to an integer in the given mode; sets {@code env.inexact} and {@code env.roundedUp}. The result may
     * carry into one more bit.
     */
    static long keep(long significand, long extra, int drop, boolean negative, int rounding, FpEnv env) {
        long kept;
        boolean half;
        boolean sticky;
        if (drop == 0) {
            kept = significand;
            half = extra < 0;
            sticky = (extra << 1) != 0;
        } else if (drop < 64) {
            kept = significand >>> drop;
            half = ((significand >>> (drop - 1)) & 1) != 0;
            sticky = (significand & ((1L << (drop - 1)) - 1)) != 0 || extra != 0;
        } else if (drop == 64) {
            kept = 0;
            half = significand < 0;
            sticky = (significand << 1) != 0 || extra != 0;
        } else {
            kept = 0;
            half = false;
            sticky = significand != 0 || extra != 0;
        }
        boolean inexact = half || sticky;
        boolean up = switch (rounding) {
            case Rounding.NEAREST -> half && (sticky || (kept & 1) != 0);
            case Rounding.UP -> inexact && !negative;
            case Rounding.DOWN -> inexact && negative;
            default -> false;
        };
        env.inexact = inexact;
        env.roundedUp = up;
        return up ? kept + 1 : kept;
    }
}

package dev.multiverse.cpu.fpu;

import static dev.multiverse.cpu.fpu.FpFlags.IE;
import static dev.multiverse.cpu.fpu.Unpacked.INFINITY;
import static dev.multiverse.cpu.fpu.Unpacked.NAN;
import static dev.multiverse.cpu.fpu.Unpacked.UNSUPPORTED;
import static dev.multiverse.cpu.fpu.Unpacked.ZERO;

/**
 * Ordered comparison. A signalling compare (FCOM, COMISS, CMPLTPS...) raises IE for any NaN operand, a quiet
 * one (FUCOM, UCOMISS, CMPEQPS...) only for an SNaN; an unsupported 80-bit operand is always invalid.
 * Denormal operands raise DE (unless DAZ makes them zeros).
 */
public final class Comparison {
    public static final int LESS = 0;
    public static final int EQUAL = 1;
    public static final int GREATER = 2;
    public static final int UNORDERED = 3;

    private Comparison() {
    }

    /** a against b: {@link #LESS}, {@link #EQUAL}, {@link #GREATER} or {@link #UNORDERED}. */
    public static int compare80(Float80 a, Float80 b, boolean signaling, FpEnv env) {
        return compare(env.a.setExtended(a), env.b.setExtended(b), signaling, env);
    }

    /** FCOM m32: the memory operand as it is in memory; see {@link Arithmetic#add80m32}. */
    public static int compare80m32(Float80 st, int m32, boolean signaling, FpEnv env) {
        Unpacked m = env.b.setSingle(m32, false);
        return compare(env.a.setExtended(st), m, signaling, env);
    }

    public static int compare80m64(Float80 st, long m64, boolean signaling, FpEnv env) {
        Unpacked m = env.b.setDouble(m64, false);
        return compare(env.a.setExtended(st), m, signaling, env);
    }

    public static int compare32(int a, int b, boolean signaling, FpEnv env) {
        boolean daz = env.denormalsAreZero;
        return compare(env.a.setSingle(a, daz), env.b.setSingle(b, daz), signaling, env);
    }

    public static int compare64(long a, long b, boolean signaling, FpEnv env) {
        boolean daz = env.denormalsAreZero;
        return compare(env.a.setDouble(a, daz), env.b.setDouble(b, daz), signaling, env);
    }

    private static int compare(Unpacked a, Unpacked b, boolean signaling, FpEnv env) {
        if (a.kind == UNSUPPORTED || b.kind == UNSUPPORTED) {
            env.flags |= IE;
            return UNORDERED;
        }
        if (a.kind == NAN || b.kind == NAN) {
            if (signaling || a.isSignalingNaN() || b.isSignalingNaN()) env.flags |= IE;
            return UNORDERED;
        }
        Arithmetic.denormalTrap(a, b, env);
        if (a.kind == ZERO && b.kind == ZERO) return EQUAL;
        if (a.kind == ZERO) return b.negative ? GREATER : LESS;
        if (b.kind == ZERO || a.negative != b.negative) return a.negative ? LESS : GREATER;
        int magnitude = compareMagnitude(a, b);
        return magnitude == 0 ? EQUAL : (magnitude < 0) != a.negative ? LESS : GREATER;
    }

    /** |a| against |b| for nonzero non-NaN values. */
    private static int compareMagnitude(Unpacked a, Unpacked b) {
        if (a.kind == INFINITY || b.kind == INFINITY) return Boolean.compare(a.kind == INFINITY, b.kind == INFINITY);
        if (a.exponent != b.exponent) return Integer.compare(a.exponent, b.exponent);
        return Long.compareUnsigned(a.significand, b.significand);
    }
}

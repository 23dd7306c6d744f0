package dev.multiverse.cpu.fpu;

import static dev.multiverse.cpu.fpu.FpFlags.DE;
import static dev.multiverse.cpu.fpu.FpFlags.PE;
import static dev.multiverse.cpu.fpu.FpFlags.ZE;
import static dev.multiverse.cpu.fpu.Unpacked.FINITE;
import static dev.multiverse.cpu.fpu.Unpacked.INFINITY;
import static dev.multiverse.cpu.fpu.Unpacked.INTEGER_BIT;
import static dev.multiverse.cpu.fpu.Unpacked.ZERO;

/**
 * IEEE 754 arithmetic, correctly rounded, with x86 exceptions and NaN rules. The 80-bit forms are the x87's
 * (they round to the environment's precision-control format); the {@code 80m32}/{@code 80m64} forms are
 * the x87 instructions with a binary32/binary64 memory operand; the 32- and 64-bit forms take and return
 * raw binary32/binary64 bits and are SSE's (they honour DAZ and FTZ). Exceptions are ORed into
 * {@link FpEnv#flags()}.
 */
public final class Arithmetic {
    private static final int ADD = 0;
    private static final int SUB = 1;
    private static final int MUL = 2;
    private static final int DIV = 3;

    private Arithmetic() {
    }

    public static Float80 add80(Float80 a, Float80 b, FpEnv env) {
        return binary80(ADD, a, b, env);
    }

    public static Float80 sub80(Float80 a, Float80 b, FpEnv env) {
        return binary80(SUB, a, b, env);
    }

    public static Float80 mul80(Float80 a, Float80 b, FpEnv env) {
        return binary80(MUL, a, b, env);
    }

    public static Float80 div80(Float80 a, Float80 b, FpEnv env) {
        return binary80(DIV, a, b, env);
    }

    public static int add32(int a, int b, FpEnv env) {
        return binary32(ADD, a, b, env);
    }

    public static int sub32(int a, int b, FpEnv env) {
        return binary32(SUB, a, b, env);
    }

    public static int mul32(int a, int b, FpEnv env) {
        return binary32(MUL, a, b, env);
    }

    public static int div32(int a, int b, FpEnv env) {
        return binary32(DIV, a, b, env);
    }

    public static long add64(long a, long b, FpEnv env) {
        return binary64(ADD, a, b, env);
    }

    public static long sub64(long a, long b, FpEnv env) {
        return binary64(SUB, a, b, env);
    }

    public static long mul64(long a, long b, FpEnv env) {
        return binary64(MUL, a, b, env);
    }

    public static long div64(long a, long b, FpEnv env) {
        return binary64(DIV, a, b, env);
    }

    /**
     * FADD m32. The memory operand is taken as it is in memory rather than converted first, because its
     * being denormal raises DE only once the operation gets past NaN and invalid operands.
     */
    public static Float80 add80m32(Float80 st, int m32, FpEnv env) {
        return memory80(ADD, st, env.b.setSingle(m32, false), false, env);
    }

    public static Float80 add80m64(Float80 st, long m64, FpEnv env) {
        return memory80(ADD, st, env.b.setDouble(m64, false), false, env);
    }

    /** FSUB m32 (st - m32), or FSUBR m32 (m32 - st) when {@code reversed}. */
    public static Float80 sub80m32(Float80 st, int m32, boolean reversed, FpEnv env) {
        return memory80(SUB, st, env.b.setSingle(m32, false), reversed, env);
    }

    public static Float80 sub80m64(Float80 st, long m64, boolean reversed, FpEnv env) {
        return memory80(SUB, st, env.b.setDouble(m64, false), reversed, env);
    }

    public static Float80 mul80m32(Float80 st, int m32, FpEnv env) {
        return memory80(MUL, st, env.b.setSingle(m32, false), false, env);
    }

    public static Float80 mul80m64(Float80 st, long m64, FpEnv env) {
        return memory80(MUL, st, env.b.setDouble(m64, false), false, env);
    }

    /** FDIV m32 (st / m32), or FDIVR m32 (m32 / st) when {@code reversed}. */
    public static Float80 div80m32(Float80 st, int m32, boolean reversed, FpEnv env) {
        return memory80(DIV, st, env.b.setSingle(m32, false), reversed, env);
    }

    public static Float80 div80m64(Float80 st, long m64, boolean reversed, FpEnv env) {
        return memory80(DIV, st, env.b.setDouble(m64, false), reversed, env);
    }

    public static Float80 sqrt80(Float80 a, FpEnv env) {
        sqrt(env.a.setExtended(a), env.precision, env);
        return env.r.toExtended();
    }

    public static int sqrt32(int a, FpEnv env) {
        sqrt(env.a.setSingle(a, env.denormalsAreZero), Format.SINGLE, env);
        return env.r.toSingle();
    }

    public static long sqrt64(long a, FpEnv env) {
        sqrt(env.a.setDouble(a, env.denormalsAreZero), Format.DOUBLE, env);
        return env.r.toDouble();
    }

    /** FRNDINT: rounds to an integer in the environment's rounding mode (precision control does not apply). */
    public static Float80 roundToIntegral80(Float80 a, FpEnv env) {
        roundToIntegral(env.a.setExtended(a), env.rounding, true, true, env);
        return env.r.toExtended();
    }

    /**
     * ROUNDSS: rounds to an integer in {@code rounding} (a {@link Rounding} value; the caller resolves the
     * immediate's "use MXCSR.RC" bit), raising PE unless {@code suppressInexact} (immediate bit 3). Unlike
     * FRNDINT it does not raise DE.
     */
    public static int roundToIntegral32(int a, int rounding, boolean suppressInexact, FpEnv env) {
        roundToIntegral(env.a.setSingle(a, env.denormalsAreZero), rounding, !suppressInexact, false, env);
        return env.r.toSingle();
    }

    /** ROUNDSD; see {@link #roundToIntegral32}. */
    public static long roundToIntegral64(long a, int rounding, boolean suppressInexact, FpEnv env) {
        roundToIntegral(env.a.setDouble(a, env.denormalsAreZero), rounding, !suppressInexact, false, env);
        return env.r.toDouble();
    }

    private static Float80 binary80(int op, Float80 a, Float80 b, FpEnv env) {
        binary(op, env.a.setExtended(a), env.b.setExtended(b), env.precision, env);
        return env.r.toExtended();
    }

    private static Float80 memory80(int op, Float80 st, Unpacked m, boolean reversed, FpEnv env) {
        Unpacked s = env.a.setExtended(st);
        binary(op, reversed ? m : s, reversed ? s : m, env.precision, env);
        return env.r.toExtended();
    }

    private static int binary32(int op, int a, int b, FpEnv env) {
        boolean daz = env.denormalsAreZero;
        binary(op, env.a.setSingle(a, daz), env.b.setSingle(b, daz), Format.SINGLE, env);
        return env.r.toSingle();
    }

    private static long binary64(int op, long a, long b, FpEnv env) {
        boolean daz = env.denormalsAreZero;
        binary(op, env.a.setDouble(a, daz), env.b.setDouble(b, daz), Format.DOUBLE, env);
        return env.r.toDouble();
    }

    private static void binary(int op, Unpacked a, Unpacked b, Format f, FpEnv env) {
        env.roundedUp = false;
        if (Nans.propagate(a, b, env)) return;
        switch (op) {
            case ADD -> add(a, b, b.negative, f, env);
            case SUB -> add(a, b, !b.negative, f, env);
            case MUL -> multiply(a, b, f, env);
            default -> divide(a, b, f, env);
        }
    }

    /**
     * Raises DE if an operand is denormal. Returns true when DE is unmasked: the operation then stops
     * before computing anything (the result is not delivered).
     */
    static boolean denormalTrap(Unpacked a, Unpacked b, FpEnv env) {
        if (!a.denormal && !b.denormal) return false;
        env.flags |= DE;
        if ((env.masks & DE) != 0) return false;
        env.r.setDefaultNaN();
        return true;
    }

    /** a + b, where b's sign is taken as {@code bNegative} (so subtraction is addition of the negation). */
    private static void add(Unpacked a, Unpacked b, boolean bNegative, Format f, FpEnv env) {
        Unpacked r = env.r;
        if (a.kind == INFINITY && b.kind == INFINITY && a.negative != bNegative) {
            Nans.invalid(env);
            return;
        }
        if (denormalTrap(a, b, env)) return;
        if (a.kind == INFINITY || b.kind == INFINITY) {
            r.setInfinity(a.kind == INFINITY ? a.negative : bNegative);
            return;
        }
        if (a.kind == ZERO && b.kind == ZERO) {
            r.setZero(a.negative == bNegative ? a.negative : env.rounding == Rounding.DOWN);
            return;
        }
        if (b.kind == ZERO || a.kind == ZERO) { // still rounded: the x87 precision may be narrower than the operand
            if (b.kind == ZERO) r.set(a);
            else r.setFinite(bNegative, b.exponent, b.significand);
            Rounder.round(r, 0, f, env);
            return;
        }
        boolean aBigger = a.exponent > b.exponent
                || (a.exponent == b.exponent && Long.compareUnsigned(a.significand, b.significand) >= 0);
        Unpacked big = aBigger ? a : b;
        boolean negative = aBigger ? a.negative : bNegative;
        boolean sameSign = a.negative == bNegative;
        long small = (aBigger ? b : a).significand;
        int distance = big.exponent - (aBigger ? b : a).exponent;
        // the smaller operand aligned to the bigger in 128 bits, bits shifted further out kept as a sticky bit
        long smallHi;
        long smallLo;
        if (distance == 0) {
            smallHi = small;
            smallLo = 0;
        } else if (distance < 64) {
            smallHi = small >>> distance;
            smallLo = small << (64 - distance);
        } else if (distance < 128) {
            smallHi = 0;
            smallLo = small >>> (distance - 64) | ((small & ((1L << (distance - 64)) - 1)) != 0 ? 1 : 0);
        } else {
            smallHi = 0;
            smallLo = 1;
        }
        int exponent = big.exponent;
        long hi;
        long lo;
        if (sameSign) {
            hi = big.significand + smallHi;
            lo = smallLo;
            if (Long.compareUnsigned(hi, big.significand) < 0) {
                lo = lo >>> 1 | hi << 63 | (lo & 1);
                hi = hi >>> 1 | INTEGER_BIT;
                exponent++;
            }
        } else {
            lo = -smallLo;
            hi = big.significand - smallHi - (smallLo != 0 ? 1 : 0);
            if (hi == 0 && lo == 0) {
                r.setZero(env.rounding == Rounding.DOWN);
                return;
            }
            int shift = hi != 0 ? Long.numberOfLeadingZeros(hi) : 64 + Long.numberOfLeadingZeros(lo);
            if (shift >= 64) {
                hi = lo << (shift - 64);
                lo = 0;
            } else if (shift > 0) {
                hi = hi << shift | lo >>> (64 - shift);
                lo <<= shift;
            }
            exponent -= shift;
        }
        r.setFinite(negative, exponent, hi);
        Rounder.round(r, lo, f, env);
    }

    private static void multiply(Unpacked a, Unpacked b, Format f, FpEnv env) {
        Unpacked r = env.r;
        boolean negative = a.negative != b.negative;
        if ((a.kind == INFINITY && b.kind == ZERO) || (a.kind == ZERO && b.kind == INFINITY)) {
            Nans.invalid(env);
            return;
        }
        if (denormalTrap(a, b, env)) return;
        if (a.kind == INFINITY || b.kind == INFINITY) {
            r.setInfinity(negative);
            return;
        }
        if (a.kind == ZERO || b.kind == ZERO) {
            r.setZero(negative);
            return;
        }
        long hi = Math.unsignedMultiplyHigh(a.significand, b.significand);
        long lo = a.significand * b.significand;
        int exponent = a.exponent + b.exponent;
        if (hi < 0) {
            exponent++;
        } else {
            hi = hi << 1 | lo >>> 63;
            lo <<= 1;
        }
        r.setFinite(negative, exponent, hi);
        Rounder.round(r, lo, f, env);
    }

    private static void divide(Unpacked a, Unpacked b, Format f, FpEnv env) {
        Unpacked r = env.r;
        boolean negative = a.negative != b.negative;
        if (a.kind == b.kind && (a.kind == ZERO || a.kind == INFINITY)) {
            Nans.invalid(env);
            return;
        }
        if (b.kind == ZERO) { // division by zero outranks a denormal dividend
            if (a.kind == FINITE) env.flags |= ZE;
            r.setInfinity(negative);
            return;
        }
        if (denormalTrap(a, b, env)) return;
        if (a.kind == INFINITY) {
            r.setInfinity(negative);
            return;
        }
        if (a.kind == ZERO || b.kind == INFINITY) {
            r.setZero(negative);
            return;
        }
        long x = a.significand;
        long y = b.significand;
        int exponent = a.exponent - b.exponent;
        long quotient;
        long remainder;
        if (Long.compareUnsigned(x, y) >= 0) {
            quotient = Wide.divide(x >>> 1, x << 63, y);
            remainder = (x << 63) - quotient * y;
        } else {
            quotient = Wide.divide(x, 0, y);
            remainder = -quotient * y;
            exponent--;
        }
        long next = Wide.divide(remainder, 0, y);
        r.setFinite(negative, exponent, quotient);
        Rounder.round(r, next | (next * y != 0 ? 1 : 0), f, env);
    }

    private static void sqrt(Unpacked a, Format f, FpEnv env) {
        Unpacked r = env.r;
        env.roundedUp = false;
        if (Nans.propagate(a, env)) return;
        if (a.kind == ZERO) {
            r.setZero(a.negative);
            return;
        }
        if (a.negative) {
            Nans.invalid(env);
            return;
        }
        if (denormalTrap(a, a, env)) return;
        if (a.kind == INFINITY) {
            r.setInfinity(false);
            return;
        }
        // an even power of two outside, the significand scaled so the root has its top bit at bit 63
        long hi = (a.exponent & 1) == 0 ? a.significand >>> 1 : a.significand;
        long lo = (a.exponent & 1) == 0 ? a.significand << 63 : 0;
        long root = Wide.sqrt(hi, lo);
        long squareLo = root * root;
        long restLo = lo - squareLo;
        long restHi = hi - Math.unsignedMultiplyHigh(root, root) - (Long.compareUnsigned(lo, squareLo) < 0 ? 1 : 0);
        // the exact root is never halfway, so beyond the root bit "above half" means "half and sticky"
        boolean aboveHalf = restHi != 0 || Long.compareUnsigned(restLo, root) > 0;
        long extra = aboveHalf ? INTEGER_BIT | 1 : (restLo != 0 ? 1 : 0);
        r.setFinite(false, a.exponent >> 1, root);
        Rounder.round(r, extra, f, env);
    }

    private static void roundToIntegral(Unpacked a, int rounding, boolean signalInexact, boolean reportDenormal, FpEnv env) {
        Unpacked r = env.r;
        env.roundedUp = false;
        if (Nans.propagate(a, env)) return;
        if (reportDenormal && denormalTrap(a, a, env)) return;
        if (a.kind != FINITE || a.exponent >= 63) { // no fraction bits
            r.set(a);
            return;
        }
        long magnitude = Rounder.keep(a.significand, 0, 63 - a.exponent, a.negative, rounding, env);
        if (env.inexact && signalInexact) env.flags |= PE;
        if (magnitude == 0) {
            r.setZero(a.negative);
        } else {
            int shift = Long.numberOfLeadingZeros(magnitude);
            r.setFinite(a.negative, 63 - shift, magnitude << shift);
        }
    }
}

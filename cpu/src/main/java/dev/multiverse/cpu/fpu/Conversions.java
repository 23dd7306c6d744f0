package dev.multiverse.cpu.fpu;

import static dev.multiverse.cpu.fpu.FpFlags.DE;
import static dev.multiverse.cpu.fpu.FpFlags.IE;
import static dev.multiverse.cpu.fpu.FpFlags.OE;
import static dev.multiverse.cpu.fpu.FpFlags.PE;
import static dev.multiverse.cpu.fpu.FpFlags.UE;
import static dev.multiverse.cpu.fpu.Unpacked.FINITE;
import static dev.multiverse.cpu.fpu.Unpacked.ZERO;

/**
 * Conversions between the binary formats and between floating point and two's-complement integers. A NaN
 * converts by keeping the top of its payload and setting the quiet bit; an SNaN raises IE.
 */
public final class Conversions {
    private Conversions() {
    }

    /**
     * FLD m32: exact; an SNaN raises IE and loads quieted. A denormal raises DE, and is loaded even when DE
     * is unmasked (as the host does).
     */
    public static Float80 float32To80(int a, FpEnv env) {
        load(env.a.setSingle(a, false), env);
        return env.r.toExtended();
    }

    /** FLD m64; see {@link #float32To80}. */
    public static Float80 float64To80(long a, FpEnv env) {
        load(env.a.setDouble(a, false), env);
        return env.r.toExtended();
    }

    /**
     * FST m32: rounds in the environment's rounding mode to binary32 (precision control does not apply). A
     * denormal source does not raise DE. With OE or UE unmasked, an overflow or underflow stores nothing:
     * only OE or UE is raised (no PE, C1 clear) and the caller must leave memory alone.
     */
    public static int float80To32(Float80 a, FpEnv env) {
        store(env.a.setExtended(a), Format.SINGLE, env);
        return env.r.toSingle();
    }

    /** FST m64; see {@link #float80To32}. */
    public static long float80To64(Float80 a, FpEnv env) {
        store(env.a.setExtended(a), Format.DOUBLE, env);
        return env.r.toDouble();
    }

    /** CVTSS2SD: exact. */
    public static long float32To64(int a, FpEnv env) {
        Unpacked v = env.a.setSingle(a, env.denormalsAreZero);
        if (!Arithmetic.denormalTrap(v, v, env)) convert(v, Format.DOUBLE, env);
        return env.r.toDouble();
    }

    /** CVTSD2SS: rounds in the environment's rounding mode. */
    public static int float64To32(long a, FpEnv env) {
        Unpacked v = env.a.setDouble(a, env.denormalsAreZero);
        if (!Arithmetic.denormalTrap(v, v, env)) convert(v, Format.SINGLE, env);
        return env.r.toSingle();
    }

    /** FILD: any integer is exact in 80 bits. */
    public static Float80 intTo80(long value) {
        if (value == 0) return new Float80(0, 0);
        long magnitude = value < 0 ? -value : value;
        int shift = Long.numberOfLeadingZeros(magnitude);
        return new Float80((value < 0 ? 0x8000 : 0) | (16383 + 63 - shift), magnitude << shift);
    }

    /** CVTSI2SS: a 32-bit source is passed sign-extended. */
    public static int intTo32(long value, FpEnv env) {
        fromInteger(value, Format.SINGLE, env);
        return env.r.toSingle();
    }

    /** CVTSI2SD: a 32-bit source is passed sign-extended. */
    public static long intTo64(long value, FpEnv env) {
        fromInteger(value, Format.DOUBLE, env);
        return env.r.toDouble();
    }

    /**
     * FIST/FISTP ({@code truncate} false: the environment's rounding) and FISTTP (true) to a {@code width}-bit
     * (16, 32 or 64) integer, returned sign-extended. NaNs, infinities, unsupported encodings and values out
     * of range raise IE and give the integer indefinite, -2^(width-1).
     */
    public static long float80ToInt(Float80 a, int width, boolean truncate, FpEnv env) {
        return toInteger(env.a.setExtended(a), width, truncate, env);
    }

    /** CVTSS2SI ({@code truncate} false) and CVTTSS2SI (true); see {@link #float80ToInt}. */
    public static long float32ToInt(int a, int width, boolean truncate, FpEnv env) {
        return toInteger(env.a.setSingle(a, env.denormalsAreZero), width, truncate, env);
    }

    /** CVTSD2SI and CVTTSD2SI; see {@link #float80ToInt}. */
    public static long float64ToInt(long a, int width, boolean truncate, FpEnv env) {
        return toInteger(env.a.setDouble(a, env.denormalsAreZero), width, truncate, env);
    }

    /** Rounds a to f; a NaN comes out quiet (IE if it was signalling). */
    private static void convert(Unpacked a, Format f, FpEnv env) {
        env.roundedUp = false;
        if (Nans.propagate(a, env)) return;
        env.r.set(a);
        if (a.kind == FINITE) Rounder.round(env.r, 0, f, env);
    }

    private static void load(Unpacked a, FpEnv env) {
        if (a.denormal) env.flags |= DE;
        convert(a, Format.EXTENDED, env);
    }

    private static void store(Unpacked a, Format f, FpEnv env) {
        int before = env.flags;
        convert(a, f, env);
        int trapped = env.flags & ~env.masks & (OE | UE);
        if (trapped != 0) {
            env.flags = before | trapped;
            env.roundedUp = false;
        }
    }

    private static void fromInteger(long value, Format f, FpEnv env) {
        env.roundedUp = false;
        env.r.setInteger(value);
        if (value != 0) Rounder.round(env.r, 0, f, env);
    }

    private static long toInteger(Unpacked a, int width, boolean truncate, FpEnv env) {
        long indefinite = Long.MIN_VALUE >> (64 - width);
        env.roundedUp = false;
        if (a.kind == ZERO) return 0;
        if (a.kind != FINITE || a.exponent > 63) {
            env.flags |= IE;
            return indefinite;
        }
        long magnitude = Rounder.keep(a.significand, 0, 63 - a.exponent, a.negative,
                truncate ? Rounding.TO_ZERO : env.rounding, env);
        long limit = 1L << (width - 1);
        if (Long.compareUnsigned(magnitude, a.negative ? limit : limit - 1) > 0) {
            env.flags |= IE;
            env.roundedUp = false;
            return indefinite;
        }
        if (env.inexact) env.flags |= PE;
        return a.negative ? -magnitude : magnitude;
    }
}

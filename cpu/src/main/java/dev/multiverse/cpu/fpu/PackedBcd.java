package dev.multiverse.cpu.fpu;

import static dev.multiverse.cpu.fpu.FpFlags.IE;
import static dev.multiverse.cpu.fpu.FpFlags.PE;
import static dev.multiverse.cpu.fpu.Unpacked.FINITE;
import static dev.multiverse.cpu.fpu.Unpacked.ZERO;

/**
 * The x87 80-bit packed BCD integer (FBLD/FBSTP): 18 decimal digits, two a byte with the less significant
 * in the low nibble, in bytes 0-8, and the sign in bit 7 of byte 9.
 *
 * @param low  bytes 0-7
 * @param high bytes 8-9, in the low 16 bits
 */
public record PackedBcd(long low, int high) {
    /** What FBSTP stores for a NaN, infinity, unsupported encoding or out-of-range value when IE is masked. */
    public static final PackedBcd INDEFINITE = new PackedBcd(0xc000_0000_0000_0000L, 0xffff);
    private static final long MAX = 999_999_999_999_999_999L;

    public PackedBcd {
        high &= 0xffff;
    }

    /** FBLD: exact. Digit nibbles above 9 are undefined; they are weighted like digits, as the host does. */
    public Float80 toFloat80() {
        long value = 0;
        for (int i = 17; i >= 0; i--) value = value * 10 + digit(i);
        boolean negative = (high & 0x8000) != 0;
        if (value == 0) return new Float80(negative ? 0x8000 : 0, 0);
        return Conversions.intTo80(negative ? -value : value);
    }

    private int digit(int i) {
        long bits = i < 16 ? low >>> (4 * i) : (long) high >>> (4 * (i - 16));
        return (int) bits & 0xf;
    }

    /** FBSTP: rounds to an integer in the environment's rounding mode. */
    public static PackedBcd fromFloat80(Float80 a, FpEnv env) {
        Unpacked v = env.a.setExtended(a);
        env.roundedUp = false;
        if (v.kind == ZERO) return new PackedBcd(0, v.negative ? 0x8000 : 0);
        if (v.kind != FINITE || v.exponent > 63) {
            env.flags |= IE;
            return INDEFINITE;
        }
        long magnitude = Rounder.keep(v.significand, 0, 63 - v.exponent, v.negative, env.rounding, env);
        if (Long.compareUnsigned(magnitude, MAX) > 0) {
            env.flags |= IE;
            env.roundedUp = false;
            return INDEFINITE;
        }
        if (env.inexact) env.flags |= PE;
        long low = 0;
        for (int i = 0; i < 16; i++, magnitude /= 10) low |= (magnitude % 10) << (4 * i);
        int high = (int) (magnitude % 10) | (int) (magnitude / 10) << 4;
        return new PackedBcd(low, high | (v.negative ? 0x8000 : 0));
    }
}

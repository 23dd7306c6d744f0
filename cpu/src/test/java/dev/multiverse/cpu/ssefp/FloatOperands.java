package dev.multiverse.cpu.ssefp;

import java.util.SplittableRandom;

/**
 * Operand values for SSE floating-point cases, weighted toward where floating point goes wrong: signed
 * zeros, denormals, infinities, QNaNs and SNaNs with payloads, the ends of the normal range, values next to
 * 1, halves and quarters (rounding ties), and magnitudes at the int32 and int64 limits (conversions); binary64
 * values also at the binary32 range limits (narrowing). A second operand is often derived from the first
 * (equal, negated, one ulp away, rescaled) so that sums cancel and comparisons tie.
 */
final class FloatOperands {
    /** What a lane of an operand holds. */
    enum Kind { F32, F64, I32, I64 }

    private final SplittableRandom r;

    FloatOperands(SplittableRandom r) {
        this.r = r;
    }

    /** A 64-bit word of lanes of {@code kind}. */
    long word(Kind kind) {
        return switch (kind) {
            case F32 -> SseFpFixture.pack(single(), single());
            case I32 -> SseFpFixture.pack(int32(), int32());
            case F64 -> dbl();
            case I64 -> int64();
        };
    }

    /** {@code word} with each lane perhaps replaced by a value related to the same lane of {@code model}. */
    long relate(Kind kind, long word, long model) {
        return switch (kind) {
            case F32, I32 -> SseFpFixture.pack(r.nextInt(3) == 0 ? relatedSingle((int) model) : (int) word,
                    r.nextInt(3) == 0 ? relatedSingle((int) (model >>> 32)) : (int) (word >>> 32));
            case F64, I64 -> r.nextInt(3) == 0 ? relatedDouble(model) : word;
        };
    }

    int single() {
        int sign = r.nextBoolean() ? 0x8000_0000 : 0;
        return switch (r.nextInt(14)) {
            case 0 -> sign;
            case 1 -> sign | (int) denormal(23);
            case 2 -> sign | 0x7f80_0000;
            case 3 -> sign | 0x7fc0_0000 | (r.nextBoolean() ? 0 : r.nextInt(1 << 22));
            case 4 -> sign | 0x7f80_0000 | (1 + r.nextInt((1 << 22) - 1));
            case 5 -> sign | (1 + r.nextInt(2)) << 23 | (int) fraction(23);
            case 6 -> sign | (253 + r.nextInt(2)) << 23 | (int) fraction(23);
            case 7 -> sign | (126 + r.nextInt(3)) << 23 | (int) fraction(23);
            case 8 -> Float.floatToRawIntBits((float) tie());
            case 9 -> sign | pick(157, 158, 159, 189, 190, 191, 150, 151) << 23 | (int) fraction(23);
            case 10 -> r.nextInt();
            default -> sign | (100 + r.nextInt(55)) << 23 | (int) fraction(23);
        };
    }

    long dbl() {
        long sign = r.nextBoolean() ? Long.MIN_VALUE : 0;
        return switch (r.nextInt(15)) {
            case 0 -> sign;
            case 1 -> sign | denormal(52);
            case 2 -> sign | 0x7ff0_0000_0000_0000L;
            case 3 -> sign | 0x7ff8_0000_0000_0000L | (r.nextBoolean() ? 0 : r.nextLong(1L << 51));
            case 4 -> sign | 0x7ff0_0000_0000_0000L | (1 + r.nextLong((1L << 51) - 1));
            case 5 -> sign | (long) (1 + r.nextInt(2)) << 52 | fraction(52);
            case 6 -> sign | (long) (2045 + r.nextInt(2)) << 52 | fraction(52);
            case 7 -> sign | (long) (1022 + r.nextInt(3)) << 52 | fraction(52);
            case 8 -> Double.doubleToRawLongBits(tie());
            case 9 -> sign | (long) pick(1053, 1054, 1055, 1085, 1086, 1087, 1075, 1076) << 52 | fraction(52);
            // the ends of binary32's normal and denormal ranges, for CVTPD2PS and CVTSD2SS
            case 10 -> sign | (long) pick(1150, 1151, 1152, 896, 897, 895, 874, 873, 872) << 52 | fraction(52);
            case 11 -> r.nextLong();
            default -> sign | (long) (900 + r.nextInt(250)) << 52 | fraction(52);
        };
    }

    int int32() {
        return switch (r.nextInt(8)) {
            case 0 -> pick(0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, (1 << 24) + 1, -(1 << 24) - 1, 1 << 24);
            case 1 -> (r.nextBoolean() ? 1 : -1) * ((1 << 24) + 1 + 2 * r.nextInt(1 << 29));
            case 2 -> r.nextInt(-1000, 1000);
            default -> r.nextInt() >> r.nextInt(32);
        };
    }

    long int64() {
        return switch (r.nextInt(6)) {
            case 0 -> new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, (1L << 53) + 1, -(1L << 53) - 1, 1L << 63 >> 10}[r.nextInt(8)];
            case 1 -> int32();
            default -> r.nextLong() >> r.nextInt(64);
        };
    }

    private int relatedSingle(int model) {
        return switch (r.nextInt(6)) {
            case 0 -> model;
            case 1 -> model ^ 0x8000_0000;
            case 2 -> model + 1;
            case 3 -> model - 1;
            case 4 -> (model & 0xff80_0000) | (int) fraction(23);
            default -> {
                int exponent = (model >>> 23 & 0xff) + r.nextInt(-30, 31);
                yield exponent > 0 && exponent < 255 ? (model & 0x807f_ffff) | exponent << 23 : model;
            }
        };
    }

    private long relatedDouble(long model) {
        return switch (r.nextInt(6)) {
            case 0 -> model;
            case 1 -> model ^ Long.MIN_VALUE;
            case 2 -> model + 1;
            case 3 -> model - 1;
            case 4 -> (model & 0xfff0_0000_0000_0000L) | fraction(52);
            default -> {
                long exponent = (model >>> 52 & 0x7ff) + r.nextInt(-60, 61);
                yield exponent > 0 && exponent < 2047 ? (model & 0x800f_ffff_ffff_ffffL) | exponent << 52 : model;
            }
        };
    }

    /** Fraction bits: often all zeros, all ones or only low bits set (rounding boundaries), else random. */
    private long fraction(int bits) {
        long all = (1L << bits) - 1;
        return switch (r.nextInt(8)) {
            case 0 -> 0;
            case 1 -> all;
            case 2 -> r.nextLong(1, 8);
            case 3 -> all - r.nextLong(8);
            case 4 -> 1L << (bits - 1) | r.nextLong(4);
            default -> r.nextLong() & all;
        };
    }

    private long denormal(int bits) {
        return r.nextBoolean() ? r.nextLong(1, 16) : 1 + (r.nextLong() & ((1L << bits) - 2));
    }

    /** A small multiple of 1/4: exactly halfway between integers half of the time. */
    private double tie() {
        return r.nextInt(-256, 256) / 4.0;
    }

    private int pick(int... values) {
        return values[r.nextInt(values.length)];
    }
}

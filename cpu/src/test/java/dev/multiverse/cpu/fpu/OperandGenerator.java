package dev.multiverse.cpu.fpu;

import java.util.SplittableRandom;

/**
 * Draws operands weighted toward the values where floating point goes wrong: zeros, infinities, QNaNs and
 * SNaNs, denormals, the x87's pseudo-denormals and unsupported encodings, the extremes of every format,
 * exponents near the overflow and underflow thresholds and the integer ranges, and significands that sit
 * exactly on or next to a rounding boundary. A second operand is often derived from the first so that
 * sums cancel, alignments shift bits into the sticky region and products and quotients land near the
 * thresholds.
 */
final class OperandGenerator {
    /**
     * An encoding (80-bit has an explicit integer bit above its 63 fraction bits), the precisions its values
     * are rounded to, and distances from its bias worth hitting: the limits of narrower formats, the ends of
     * their denormal ranges, and integer and BCD sizes.
     */
    private record Layout(int exponentBits, int fractionBits, boolean explicitInteger, int[] roundingWidths, int[] landmarks) {
        int bias() {
            return (1 << (exponentBits - 1)) - 1;
        }

        int maxField() {
            return (1 << exponentBits) - 1;
        }
    }

    private static final Layout L80 = new Layout(15, 63, true, new int[] {24, 53, 64},
            new int[] {126, -126, 127, -127, 128, -149, -150, 1022, -1022, 1023, -1023, 1024, -1074, -1075, 15, 16, 31, 32, 59, 60, 62, 63, 64});
    private static final Layout L64 = new Layout(11, 52, false, new int[] {24},
            new int[] {126, -126, 127, -127, 128, -149, -150, -151, 15, 16, 31, 32, 62, 63, 64});
    private static final Layout L32 = new Layout(8, 23, false, new int[] {12}, new int[] {15, 16, 31, 32, 62, 63, 64});

    private final SplittableRandom r;

    OperandGenerator(SplittableRandom r) {
        this.r = r;
    }

    /** Any operand of this shape: {lo, hi} of its memory image. */
    long[] draw(Shape shape) {
        return switch (shape) {
            case E80 -> value(L80, exponent(L80), fraction(L80), r.nextBoolean());
            case F64 -> value(L64, exponent(L64), fraction(L64), r.nextBoolean());
            case F32 -> value(L32, exponent(L32), fraction(L32), r.nextBoolean());
            case I16 -> new long[] {(short) integer(16), 0};
            case I32 -> new long[] {(int) integer(32), 0};
            case I64 -> new long[] {integer(64), 0};
            case BCD -> bcd();
            case NONE -> new long[2];
        };
    }

    /**
     * Two operands of one shape: mostly the second related to the first, sometimes a value next to 1 and one
     * next to a threshold, so that products and quotients round across it.
     */
    long[][] drawPair(Shape shape) {
        Layout layout = layoutOf(shape);
        long[] a = draw(shape);
        if (layout == null) return new long[][] {a, draw(shape)};
        if (r.nextInt(8) == 0) {
            long all = mask(layout.fractionBits());
            long[] nearOne = value(layout, layout.bias() - r.nextInt(2), r.nextBoolean() ? r.nextInt(4) : all - r.nextInt(4), r.nextBoolean());
            long[] edge = edge(layout);
            return r.nextBoolean() ? new long[][] {nearOne, edge} : new long[][] {edge, nearOne};
        }
        return new long[][] {a, r.nextInt(3) == 0 ? draw(shape) : related(layout, a)};
    }

    private long[] edge(Layout layout) {
        long all = mask(layout.fractionBits());
        int k = r.nextInt(4);
        boolean negative = r.nextBoolean();
        return switch (r.nextInt(4)) {
            case 0 -> value(layout, 0, all - k, negative); // largest denormals
            case 1 -> value(layout, 1, k, negative); // smallest normals
            case 2 -> value(layout, layout.maxField() - 1, all - k, negative); // largest normals
            default -> value(layout, 0, k + 1, negative); // smallest denormals
        };
    }

    private static Layout layoutOf(Shape shape) {
        return switch (shape) {
            case E80 -> L80;
            case F64 -> L64;
            case F32 -> L32;
            default -> null;
        };
    }

    /** An operand whose exponent is tied to the first one's. */
    private long[] related(Layout layout, long[] first) {
        int firstExponent = exponentField(layout, first);
        int bias = layout.bias();
        int exponent = switch (r.nextInt(4)) {
            case 0 -> firstExponent + r.nextInt(-3, 4); // cancellation
            case 1 -> firstExponent + r.nextInt(-layout.fractionBits() - 4, layout.fractionBits() + 5); // sticky
            case 2 -> 2 * bias + target(layout) - firstExponent; // product near a threshold
            default -> firstExponent - target(layout); // quotient near a threshold
        };
        exponent = Math.clamp(exponent, 0, layout.maxField());
        long fraction = r.nextInt(3) == 0 ? fractionField(layout, first) + r.nextInt(-1, 2) : fraction(layout);
        return value(layout, exponent, fraction & mask(layout.fractionBits()), r.nextBoolean());
    }

    /** An unbiased exponent where a product or quotient is interesting: around 1, the largest or the smallest. */
    private int target(Layout layout) {
        int bias = layout.bias();
        int t = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> bias;
            case 2 -> 1 - bias;
            default -> 1 - bias - r.nextInt(layout.fractionBits() + 3);
        };
        return t + r.nextInt(-2, 3);
    }

    private int exponent(Layout layout) {
        int bias = layout.bias();
        int max = layout.maxField();
        return switch (r.nextInt(12)) {
            case 0 -> 0;
            case 1 -> max;
            case 2 -> 1 + r.nextInt(2);
            case 3 -> max - 1 - r.nextInt(2);
            case 4 -> bias + r.nextInt(-3, 4);
            case 5 -> Math.clamp(bias + r.nextInt(-layout.fractionBits() - 10, layout.fractionBits() + 10), 0, max);
            case 6 -> r.nextInt(1, max);
            case 7 -> bias + r.nextInt(-2, 66); // integer conversions
            case 8 -> bias + layout.landmarks()[r.nextInt(layout.landmarks().length)] + r.nextInt(-2, 3);
            default -> Math.clamp(bias + r.nextInt(-70, 70), 0, max);
        };
    }

    private long fraction(Layout layout) {
        int bits = layout.fractionBits();
        long random = r.nextLong() & mask(bits);
        return switch (r.nextInt(10)) {
            case 0 -> 0;
            case 1 -> mask(bits);
            case 2 -> 1;
            case 3 -> 1L << (bits - 1); // the quiet bit of a NaN
            case 4, 5 -> {
                // on a rounding boundary of a narrower precision: exactly half, just above or just below
                int width = layout.roundingWidths()[r.nextInt(layout.roundingWidths().length)];
                int position = bits - (width - 1) - 1;
                if (position < 0) yield random;
                long top = random & ~mask(position + 1);
                yield switch (r.nextInt(3)) {
                    case 0 -> top | 1L << position;
                    case 1 -> top | 1L << position | 1;
                    default -> top | mask(position);
                };
            }
            case 6 -> random & ~mask(r.nextInt(bits)); // few significant bits
            case 7 -> random >>> r.nextInt(bits);
            default -> random;
        };
    }

    /** Assembles {lo, hi}; an 80-bit value mostly gets the integer bit its exponent implies, sometimes not. */
    private long[] value(Layout layout, int exponent, long fraction, boolean negative) {
        if (layout.explicitInteger()) {
            boolean integerBit = (exponent != 0) != (r.nextInt(16) == 0);
            long significand = (integerBit ? Long.MIN_VALUE : 0) | fraction;
            return new long[] {significand, (negative ? 0x8000 : 0) | exponent};
        }
        int signBit = layout.exponentBits() + layout.fractionBits();
        long bits = (negative ? 1L << signBit : 0) | (long) exponent << layout.fractionBits() | fraction;
        return new long[] {bits, 0};
    }

    private static int exponentField(Layout layout, long[] v) {
        if (layout.explicitInteger()) return (int) v[1] & 0x7fff;
        return (int) (v[0] >>> layout.fractionBits()) & layout.maxField();
    }

    private static long fractionField(Layout layout, long[] v) {
        return v[0] & mask(layout.fractionBits());
    }

    private long integer(int width) {
        long limit = width == 64 ? Long.MAX_VALUE : (1L << (width - 1)) - 1;
        return switch (r.nextInt(7)) {
            case 0 -> r.nextInt(-10, 11);
            case 1 -> (r.nextBoolean() ? limit : -limit - 1) + r.nextInt(-3, 4);
            case 2 -> (r.nextBoolean() ? 1L : -1L) * (1L << r.nextInt(width - 1)) + r.nextInt(-2, 3);
            case 3 -> r.nextLong() >> r.nextInt(64); // any magnitude, so a conversion rounds at any position
            default -> r.nextLong();
        };
    }

    /** Packed BCD: 18 digits, now and then a nibble above 9; sign byte 0x00, 0x80 or anything. */
    private long[] bcd() {
        long low = 0;
        for (int i = 0; i < 16; i++) low |= (long) digit() << (4 * i);
        int high = digit() | digit() << 4;
        int sign = switch (r.nextInt(3)) {
            case 0 -> 0;
            case 1 -> 0x80;
            default -> r.nextInt(256);
        };
        if (r.nextInt(8) == 0) low = 0;
        return new long[] {low, high | sign << 8};
    }

    private int digit() {
        return r.nextInt(40) == 0 ? r.nextInt(10, 16) : r.nextInt(10);
    }

    private static long mask(int bits) {
        return bits >= 64 ? -1L : (1L << bits) - 1;
    }
}

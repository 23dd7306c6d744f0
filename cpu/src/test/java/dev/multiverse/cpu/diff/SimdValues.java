package dev.multiverse.cpu.diff;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * Values for XMM and MMX registers and operands, MXCSR and the x87 environment. A vector is built from
 * lanes of one width (1, 2, 4 or 8 bytes), each an edge value of that width (the integer edges, the bounds
 * where signed and unsigned saturation starts, and for 4- and 8-byte lanes the IEEE special values: zeros,
 * infinities, quiet and signalling NaNs, denormals, the extreme normals, the integer-conversion limits and
 * rounding ties), a small signed value, or random bits.
 */
final class SimdValues {
    private static final long[][] LANE_EDGES = new long[9][];
    /** Signed and unsigned saturation bounds of bytes and words, and their neighbours. */
    private static final long[] SATURATION = {-1, -2, 127, 128, -127, -128, -129, 255, 256, 32767, 32768, -32767, -32768, -32769,
            65535, 65536};
    private static final long[] FLOAT_EDGES = {0x8000_0000L, 0x7f80_0000L, 0xff80_0000L, 0x7fc0_0000L, 0xffc0_0000L, 0x7f80_0001L,
            0xffbf_ffffL, 0x0000_0001L, 0x807f_ffffL, 0x0080_0000L, 0x8080_0000L, 0x3f80_0000L, 0xbf80_0000L, 0x7f7f_ffffL,
            0xff7f_ffffL, 0x4f00_0000L, 0xcf00_0000L, 0x5f00_0000L, 0xdf00_0000L, 0x3f00_0000L, 0x3fc0_0000L, 0x4020_0000L,
            0xbfc0_0000L};
    private static final long[] DOUBLE_EDGES = {0x8000_0000_0000_0000L, 0x7ff0_0000_0000_0000L, 0xfff0_0000_0000_0000L,
            0x7ff8_0000_0000_0000L, 0xfff8_0000_0000_0000L, 0x7ff0_0000_0000_0001L, 0xfff7_ffff_ffff_ffffL, 1L,
            0x800f_ffff_ffff_ffffL, 0x0010_0000_0000_0000L, 0x8010_0000_0000_0000L, 0x3ff0_0000_0000_0000L,
            0xbff0_0000_0000_0000L, 0x7fef_ffff_ffff_ffffL, 0xffef_ffff_ffff_ffffL, 0x41e0_0000_0000_0000L,
            0xc1e0_0000_0000_0000L, 0x43e0_0000_0000_0000L, 0xc3e0_0000_0000_0000L, 0x3fe0_0000_0000_0000L,
            0x3ff8_0000_0000_0000L, 0x4004_0000_0000_0000L, 0xbff8_0000_0000_0000L, 0x3810_0000_0000_0000L,
            0x47ef_ffff_e000_0000L};

    static {
        for (int size : new int[]{1, 2, 4, 8}) {
            long mask = OperandValues.mask(size);
            LongStream all = LongStream.concat(Arrays.stream(OperandValues.edges(size)), Arrays.stream(SATURATION).map(v -> v & mask));
            if (size == 4) all = LongStream.concat(all, Arrays.stream(FLOAT_EDGES));
            if (size == 8) all = LongStream.concat(all, Arrays.stream(DOUBLE_EDGES));
            LANE_EDGES[size] = all.distinct().toArray();
        }
    }

    private SimdValues() {
    }

    /** One lane of {@code size} bytes, zero-extended. */
    static long lane(SplittableRandom r, int size) {
        int k = r.nextInt(100);
        long v;
        if (k < 55) v = LANE_EDGES[size][r.nextInt(LANE_EDGES[size].length)];
        else if (k < 65) v = r.nextInt(-300, 300);
        else v = r.nextLong();
        return v & OperandValues.mask(size);
    }

    private static int laneWidth(SplittableRandom r) {
        return 1 << r.nextInt(4);
    }

    /** {@code bytes} bytes (1-16) of vector data as (low, high): lanes of one random width, or random bits. */
    static long[] vector(SplittableRandom r, int bytes) {
        long[] v = new long[2];
        int k = r.nextInt(100);
        if (k < 12) {
            v[0] = r.nextLong();
            v[1] = r.nextLong();
        } else if (k < 16) {
            long fill = r.nextBoolean() ? 0 : -1L;
            v[0] = v[1] = fill;
        } else {
            int w = laneWidth(r);
            boolean uniform = k < 24;
            long same = lane(r, w);
            for (int at = 0; at < 16; at += w) setLane(v, at, w, uniform ? same : lane(r, w));
        }
        return truncate(v, bytes);
    }

    /**
     * A vector like {@code base} (of {@code bytes} bytes) with a few lanes changed, so that equal, nearly
     * equal and different lanes meet in compares, minimum/maximum, string and saturating instructions.
     */
    static long[] related(SplittableRandom r, long[] base, int bytes) {
        long[] v = base.clone();
        int w = laneWidth(r);
        for (int at = 0; at < 16; at += w) {
            int k = r.nextInt(100);
            if (k < 15) setLane(v, at, w, lane(r, w));
            else if (k < 25) setLane(v, at, w, getLane(v, at, w) ^ 1L << r.nextInt(8 * w));
            else if (k < 30) setLane(v, at, w, getLane(v, at, w) + (r.nextBoolean() ? 1 : -1));
        }
        return truncate(v, bytes);
    }

    static long getLane(long[] v, int at, int w) {
        long word = v[at / 8];
        return (word >>> (8 * (at % 8))) & OperandValues.mask(w);
    }

    static void setLane(long[] v, int at, int w, long value) {
        long m = OperandValues.mask(w) << (8 * (at % 8));
        v[at / 8] = (v[at / 8] & ~m) | ((value << (8 * (at % 8))) & m);
    }

    private static long[] truncate(long[] v, int bytes) {
        if (bytes < 16) v[1] = 0;
        if (bytes < 8) v[0] &= OperandValues.mask(bytes);
        return v;
    }

    /**
     * An MXCSR value with no reserved bit set: often the default 0x1F80, else any rounding mode, DAZ and
     * FTZ, some sticky flags, and sometimes unmasked exceptions (an instruction that raises one stops
     * with #XM on both sides).
     */
    static int mxcsr(SplittableRandom r) {
        int k = r.nextInt(100);
        if (k < 40) return 0x1f80;
        int v = 0x1f80 | r.nextInt(4) << 13;
        if (r.nextBoolean()) v |= 0x40;       // DAZ
        if (r.nextBoolean()) v |= 0x8000;     // FTZ
        if (r.nextInt(4) == 0) v |= r.nextInt(64);
        if (k >= 88) v &= ~(r.nextInt(1, 64) << 7);
        return v;
    }

    /**
     * A full state: sixteen XMM vectors, MXCSR, and an x87 environment with registers that hold MMX
     * values (exponent all ones) or any 80-bit values. The status word is consistent with the control
     * word: ES and B are set exactly when an unmasked exception flag is, which makes the next MMX
     * instruction raise #MF.
     */
    static byte[] image(SplittableRandom r) {
        byte[] image = new byte[FxsaveImage.SIZE];
        for (int n = 0; n < 16; n++) {
            long[] v = vector(r, 16);
            FxsaveImage.setXmm(image, n, v[0], v[1]);
        }
        FxsaveImage.put(image, FxsaveImage.MXCSR, 4, mxcsr(r));

        int masks = r.nextInt(100) < 80 ? 0x3f : r.nextInt(64);
        int control = 0x40 | masks | r.nextInt(4) << 8 | r.nextInt(4) << 10;
        int flags = r.nextInt(100) < 65 ? 0 : r.nextInt(128);          // exception flags and SF
        boolean pending = (flags & ~masks & 0x3f) != 0;
        int conditions = r.nextInt(16);                                   // C0, C1, C2 in bits 8-10, C3 in bit 14
        int top = r.nextBoolean() ? 0 : r.nextInt(8);
        int status = flags | (pending ? 0x8080 : 0) | (conditions & 7) << 8 | (conditions >> 3) << 14 | top << 11;
        FxsaveImage.put(image, FxsaveImage.FCW, 2, control);
        FxsaveImage.put(image, FxsaveImage.FSW, 2, status);
        int k = r.nextInt(100);
        image[FxsaveImage.FTW] = (byte) (k < 30 ? 0 : k < 60 ? 0xff : r.nextInt(256));
        if (r.nextBoolean()) {
            FxsaveImage.put(image, FxsaveImage.FOP, 2, r.nextInt(0x800));
            FxsaveImage.put(image, FxsaveImage.FIP, 8, r.nextLong() & 0x7fff_ffff_ffffL);
            FxsaveImage.put(image, FxsaveImage.FDP, 8, r.nextLong() & 0x7fff_ffff_ffffL);
        }
        for (int i = 0; i < 8; i++) {
            if (r.nextBoolean()) {
                FxsaveImage.setSlot(image, i, vector(r, 8)[0], 0xffff);
            } else {
                int[] exponents = {0, 0x3fff, 0x7fff, 0x8000, 0xbfff, 0xffff, r.nextInt(0x10000)};
                FxsaveImage.setSlot(image, i, r.nextBoolean() ? OperandValues.value(r, 8) : r.nextLong(),
                        exponents[r.nextInt(exponents.length)]);
            }
        }
        return image;
    }
}

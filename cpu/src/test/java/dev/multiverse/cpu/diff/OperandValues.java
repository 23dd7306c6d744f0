package dev.multiverse.cpu.diff;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Operand values: edge sets per width (zero, one, all ones, the sign boundaries of every width that fits,
 * alternating bit patterns) mixed with random values, register values with random bits above the operand
 * width (so merges and zero-extension are checked), shift counts, and branch targets.
 */
final class OperandValues {
    private static final long[][] EDGES = new long[9][];
    /** Counts around every boundary that matters for 8- to 64-bit shifts and rotates (masking, n-1, n, n+1). */
    private static final long[] SHIFT_COUNTS = {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 255};

    static {
        for (int size : new int[]{1, 2, 4, 8}) {
            long mask = mask(size);
            long sign = 1L << (size * 8 - 1);
            long[] base = {0, 1, 2, 3, mask, mask - 1, sign, sign + 1, sign - 1, sign - 2, 0x5555_5555_5555_5555L,
                    0xaaaa_aaaa_aaaa_aaaaL, 0x0f, 0x10, 0x7f, 0x80, 0x81, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x1_0000,
                    0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL, 0x1_0000_0000L, 0x7fff_ffff_ffff_ffffL, 0x8000_0000_0000_0000L};
            EDGES[size] = Arrays.stream(base).map(v -> v & mask).distinct().toArray();
        }
    }

    private OperandValues() {
    }

    static long mask(int size) {
        return size >= 8 ? -1L : (1L << (size * 8)) - 1;
    }

    static long signExtend(long v, int size) {
        int shift = 64 - size * 8;
        return (v << shift) >> shift;
    }

    /** The edge values of {@code size} (1, 2, 4 or 8) bytes, zero-extended. */
    static long[] edges(int size) {
        return EDGES[size].clone();
    }

    /** A value of {@code size} bytes, zero-extended: an edge value or a random one. */
    static long value(SplittableRandom r, int size) {
        long[] edges = EDGES[size];
        return r.nextInt(10) < 6 ? edges[r.nextInt(edges.length)] : r.nextLong() & mask(size);
    }

    /** A full register whose low {@code size} bytes are {@link #value}; the bits above are random or edge. */
    static long register(SplittableRandom r, int size) {
        long low = value(r, size);
        if (size == 8) return low;
        long high = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> -1L;
            default -> r.nextLong();
        };
        return (high & ~mask(size)) | low;
    }

    /** A value for a register no operand names: an edge value of any width, or random. */
    static long filler(SplittableRandom r) {
        return register(r, new int[]{1, 2, 4, 8}[r.nextInt(4)]);
    }

    /** A shift or rotate count byte. */
    static long shiftCount(SplittableRandom r) {
        return r.nextInt(10) < 8 ? SHIFT_COUNTS[r.nextInt(SHIFT_COUNTS.length)] : r.nextInt(256);
    }

    /** A landing place for a branch: any HLT of the code page, other than the instruction's own bytes. */
    static long landing(SplittableRandom r, int insnLength) {
        while (true) {
            long target = DiffLayout.CODE_PAGE + r.nextInt(DiffLayout.PAGE);
            if (DiffLayout.isLanding(target, insnLength)) return target;
        }
    }

    /** A landing place within a signed 8-bit displacement of the instruction's end, other than the end itself. */
    static long nearLanding(SplittableRandom r, int insnLength) {
        long end = DiffLayout.INSN + insnLength;
        while (true) {
            long target = end + r.nextInt(-128, 128);
            if (target != end && DiffLayout.isLanding(target, insnLength)) return target;
        }
    }

    /**
     * A branch target for indirect jumps, calls and returns: mostly a landing place, sometimes an address
     * that faults on fetch (unmapped, no-execute data, non-canonical).
     */
    static long branchTarget(SplittableRandom r, int insnLength) {
        int k = r.nextInt(100);
        if (k < 84) return landing(r, insnLength);
        if (k < 90) return DiffLayout.UNMAPPED_AFTER_CODE + r.nextInt(DiffLayout.PAGE);
        if (k < 94) return DiffLayout.LOW.base() + r.nextInt(DiffLayout.LOW.size());
        return DiffLayout.NON_CANONICAL + r.nextInt(1 << 20) - (r.nextBoolean() ? 0 : 0x0001_0000_0000_0000L);
    }
}

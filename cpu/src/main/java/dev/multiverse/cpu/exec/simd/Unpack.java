package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.insn.Insn;

/**
 * Interleaving the low or high halves of destination and source, destination element first:
 * PUNPCKL/H BW, WD, DQ, QDQ and UNPCKL/H PS, PD (the same operations on dwords and quadwords). The MMX
 * low forms read only 4 bytes of a memory source.
 */
public final class Unpack {
    private Unpack() {
    }

    public static void punpcklbw(Cpu c, Insn i) {
        low(c, i, 8);
    }

    public static void punpcklwd(Cpu c, Insn i) {
        low(c, i, 16);
    }

    /** PUNPCKLDQ and UNPCKLPS. */
    public static void punpckldq(Cpu c, Insn i) {
        low(c, i, 32);
    }

    /** PUNPCKLQDQ and UNPCKLPD. */
    public static void punpcklqdq(Cpu c, Insn i) {
        low(c, i, 64);
    }

    public static void punpckhbw(Cpu c, Insn i) {
        high(c, i, 8);
    }

    public static void punpckhwd(Cpu c, Insn i) {
        high(c, i, 16);
    }

    /** PUNPCKHDQ and UNPCKHPS. */
    public static void punpckhdq(Cpu c, Insn i) {
        high(c, i, 32);
    }

    /** PUNPCKHQDQ and UNPCKHPD. */
    public static void punpckhqdq(Cpu c, Insn i) {
        high(c, i, 64);
    }

    public static void punpcklbwMmx(Cpu c, Insn i) {
        lowMmx(c, i, 8);
    }

    public static void punpcklwdMmx(Cpu c, Insn i) {
        lowMmx(c, i, 16);
    }

    public static void punpckldqMmx(Cpu c, Insn i) {
        lowMmx(c, i, 32);
    }

    public static void punpckhbwMmx(Cpu c, Insn i) {
        highMmx(c, i, 8);
    }

    public static void punpckhwdMmx(Cpu c, Insn i) {
        highMmx(c, i, 16);
    }

    public static void punpckhdqMmx(Cpu c, Insn i) {
        highMmx(c, i, 32);
    }

    private static void low(Cpu c, Insn i, int bits) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        interleave(c, d, c.xmm[d], c.xmm[s], bits);
    }

    private static void high(Cpu c, Insn i, int bits) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        interleave(c, d, c.xmm[d + 1], c.xmm[s + 1], bits);
    }

    /** XMM pair {@code d} = the elements of quadwords {@code a} and {@code b} interleaved. */
    private static void interleave(Cpu c, int d, long a, long b, int bits) {
        if (bits == 64) {
            c.xmm[d] = a;
            c.xmm[d + 1] = b;
        } else {
            c.xmm[d] = interleave((int) a, (int) b, bits);
            c.xmm[d + 1] = interleave((int) (a >>> 32), (int) (b >>> 32), bits);
        }
    }

    private static void lowMmx(Cpu c, Insn i, int bits) {
        long s = VectorOperands.mmxSource(c, i, 1);
        c.x87.setMmx(i.loc0, interleave((int) c.x87.mmx(i.loc0), (int) s, bits));
        c.x87.enterMmx();
    }

    private static void highMmx(Cpu c, Insn i, int bits) {
        long s = VectorOperands.mmxSource(c, i, 1);
        c.x87.setMmx(i.loc0, interleave((int) (c.x87.mmx(i.loc0) >>> 32), (int) (s >>> 32), bits));
        c.x87.enterMmx();
    }

    /** The elements of two dwords alternately, {@code a}'s first, as a quadword. */
    private static long interleave(int a, int b, int bits) {
        long r = 0;
        for (int n = 0; n < 32 / bits; n++) {
            r |= Lanes.place(Lanes.get(a & 0xffff_ffffL, n, bits), 2 * n, bits)
                    | Lanes.place(Lanes.get(b & 0xffff_ffffL, n, bits), 2 * n + 1, bits);
        }
        return r;
    }
}

package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.insn.Insn;

/**
 * Narrowing signed elements to half their width with saturation, the destination's elements in the low
 * half of the result and the source's in the high half: PACKSSWB, PACKSSDW (signed results), PACKUSWB,
 * PACKUSDW (unsigned results).
 */
public final class Pack {
    private Pack() {
    }

    public static void packsswb(Cpu c, Insn i) {
        pack(c, i, 16, true);
    }

    public static void packssdw(Cpu c, Insn i) {
        pack(c, i, 32, true);
    }

    public static void packuswb(Cpu c, Insn i) {
        pack(c, i, 16, false);
    }

    public static void packusdw(Cpu c, Insn i) {
        pack(c, i, 32, false);
    }

    public static void packsswbMmx(Cpu c, Insn i) {
        packMmx(c, i, 16, true);
    }

    public static void packssdwMmx(Cpu c, Insn i) {
        packMmx(c, i, 32, true);
    }

    public static void packuswbMmx(Cpu c, Insn i) {
        packMmx(c, i, 16, false);
    }

    private static void pack(Cpu c, Insn i, int bits, boolean signed) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        long lo = narrow(c.xmm[d], bits, signed) | narrow(c.xmm[d + 1], bits, signed) << 32;
        long hi = narrow(c.xmm[s], bits, signed) | narrow(c.xmm[s + 1], bits, signed) << 32;
        c.xmm[d] = lo;
        c.xmm[d + 1] = hi;
    }

    private static void packMmx(Cpu c, Insn i, int bits, boolean signed) {
        long s = VectorOperands.mmxSource(c, i, 1);
        c.x87.setMmx(i.loc0, narrow(c.x87.mmx(i.loc0), bits, signed) | narrow(s, bits, signed) << 32);
        c.x87.enterMmx();
    }

    /** The signed elements of {@code bits} bits in {@code word}, saturated to half width: 32 bits of results. */
    private static long narrow(long word, int bits, boolean signed) {
        int half = bits / 2;
        long min = signed ? -(1L << (half - 1)) : 0;
        long max = signed ? (1L << (half - 1)) - 1 : (1L << half) - 1;
        long r = 0;
        for (int n = 0; n < 64 / bits; n++) {
            long v = Cpu.signExtend(Lanes.get(word, n, bits), bits / 8);
            r |= Lanes.place(Math.clamp(v, min, max), n, half);
        }
        return r;
    }
}

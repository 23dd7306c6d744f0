package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.insn.Insn;

/**
 * PMOVSX and PMOVZX: the low elements of the source, each sign- or zero-extended to fill the destination.
 * A memory source is read at exactly the size the elements take (8, 4 or 2 bytes).
 */
public final class Widen {
    private Widen() {
    }

    public static void pmovsxbw(Cpu c, Insn i) {
        widen(c, i, 8, 16, true);
    }

    public static void pmovsxbd(Cpu c, Insn i) {
        widen(c, i, 8, 32, true);
    }

    public static void pmovsxbq(Cpu c, Insn i) {
        widen(c, i, 8, 64, true);
    }

    public static void pmovsxwd(Cpu c, Insn i) {
        widen(c, i, 16, 32, true);
    }

    public static void pmovsxwq(Cpu c, Insn i) {
        widen(c, i, 16, 64, true);
    }

    public static void pmovsxdq(Cpu c, Insn i) {
        widen(c, i, 32, 64, true);
    }

    public static void pmovzxbw(Cpu c, Insn i) {
        widen(c, i, 8, 16, false);
    }

    public static void pmovzxbd(Cpu c, Insn i) {
        widen(c, i, 8, 32, false);
    }

    public static void pmovzxbq(Cpu c, Insn i) {
        widen(c, i, 8, 64, false);
    }

    public static void pmovzxwd(Cpu c, Insn i) {
        widen(c, i, 16, 32, false);
    }

    public static void pmovzxwq(Cpu c, Insn i) {
        widen(c, i, 16, 64, false);
    }

    public static void pmovzxdq(Cpu c, Insn i) {
        widen(c, i, 32, 64, false);
    }

    private static void widen(Cpu c, Insn i, int from, int to, boolean signed) {
        long v = c.xmm[2 * VectorOperands.xmmSource(c, i, 1)];
        int count = 128 / to, perWord = 64 / to;
        long lo = 0, hi = 0;
        for (int n = 0; n < count; n++) {
            long e = Lanes.get(v, n, from);
            if (signed) e = Cpu.signExtend(e, from / 8);
            if (n < perWord) lo |= Lanes.place(e, n, to);
            else hi |= Lanes.place(e, n - perWord, to);
        }
        c.xmm[2 * i.loc0] = lo;
        c.xmm[2 * i.loc0 + 1] = hi;
    }
}

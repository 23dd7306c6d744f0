package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;

/**
 * Bitwise logic on whole registers: the integer (PAND...) and the floating-point-typed (ANDPS...) forms
 * alike, and PTEST. The ANDN forms invert the destination, not the source.
 */
public final class SimdLogic {
    private SimdLogic() {
    }

    public static void andXmm(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        c.xmm[d] &= c.xmm[s];
        c.xmm[d + 1] &= c.xmm[s + 1];
    }

    public static void andnXmm(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        c.xmm[d] = ~c.xmm[d] & c.xmm[s];
        c.xmm[d + 1] = ~c.xmm[d + 1] & c.xmm[s + 1];
    }

    public static void orXmm(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        c.xmm[d] |= c.xmm[s];
        c.xmm[d + 1] |= c.xmm[s + 1];
    }

    public static void xorXmm(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        c.xmm[d] ^= c.xmm[s];
        c.xmm[d + 1] ^= c.xmm[s + 1];
    }

    public static void andMmx(Cpu c, Insn i) {
        long v = VectorOperands.mmxSource(c, i, 1);
        c.x87.setMmx(i.loc0, c.x87.mmx(i.loc0) & v);
        c.x87.enterMmx();
    }

    public static void andnMmx(Cpu c, Insn i) {
        long v = VectorOperands.mmxSource(c, i, 1);
        c.x87.setMmx(i.loc0, ~c.x87.mmx(i.loc0) & v);
        c.x87.enterMmx();
    }

    public static void orMmx(Cpu c, Insn i) {
        long v = VectorOperands.mmxSource(c, i, 1);
        c.x87.setMmx(i.loc0, c.x87.mmx(i.loc0) | v);
        c.x87.enterMmx();
    }

    public static void xorMmx(Cpu c, Insn i) {
        long v = VectorOperands.mmxSource(c, i, 1);
        c.x87.setMmx(i.loc0, c.x87.mmx(i.loc0) ^ v);
        c.x87.enterMmx();
    }

    /** PTEST: ZF if destination AND source is zero, CF if (NOT destination) AND source is zero; the other four cleared. */
    public static void ptest(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        boolean zf = ((c.xmm[d] & c.xmm[s]) | (c.xmm[d + 1] & c.xmm[s + 1])) == 0;
        boolean cf = ((~c.xmm[d] & c.xmm[s]) | (~c.xmm[d + 1] & c.xmm[s + 1])) == 0;
        c.flags.setStatus((zf ? Flags.ZF : 0) | (cf ? Flags.CF : 0));
    }
}

package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.insn.Insn;

/** Bitwise logic on whole registers: the integer (PAND...) and the floating-point-typed (ANDPS...) forms alike. */
public final class SimdLogic {
    private SimdLogic() {
    }

    public static void xorXmm(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        c.xmm[d] ^= c.xmm[s];
        c.xmm[d + 1] ^= c.xmm[s + 1];
    }

    public static void xorMmx(Cpu c, Insn i) {
        long v = VectorOperands.mmxSource(c, i, 1);
        c.x87.setMmx(i.loc0, c.x87.mmx(i.loc0) ^ v);
        c.x87.enterMmx();
    }
}

package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.insn.Insn;

/** Moves of whole XMM and MMX registers, and between them and general registers. */
public final class SimdMove {
    private SimdMove() {
    }

    /** MOVAPS, MOVUPS, MOVAPD, MOVUPD, MOVDQA, MOVDQU: 16 bytes (alignment as the row says). */
    public static void move128(Cpu c, Insn i) {
        int s = VectorOperands.xmmSource(c, i, 1);
        VectorOperands.writeXmm(c, i, 0, c.xmm[2 * s], c.xmm[2 * s + 1]);
    }

    /** MOVQ mm, mm/m64 and MOVQ mm/m64, mm. */
    public static void moveMmx(Cpu c, Insn i) {
        long v = VectorOperands.mmxSource(c, i, 1);
        VectorOperands.writeMmx(c, i, 0, v);
        c.x87.enterMmx();
    }

    /** MOVD/MOVQ xmm, r/m32/64: the value zero-extended to 128 bits. */
    public static void toXmm(Cpu c, Insn i) {
        int d = 2 * i.loc0;
        c.xmm[d] = c.read(i, 1);
        c.xmm[d + 1] = 0;
    }

    /** MOVD/MOVQ r/m32/64, xmm: the low 32 or 64 bits. */
    public static void fromXmm(Cpu c, Insn i) {
        c.write(i, 0, c.xmm[2 * i.loc1]);
    }

    /** MOVD/MOVQ mm, r/m32/64: zero-extended to 64 bits. */
    public static void toMmx(Cpu c, Insn i) {
        long v = c.read(i, 1);
        c.x87.setMmx(i.loc0, v);
        c.x87.enterMmx();
    }

    /** MOVD/MOVQ r/m32/64, mm. */
    public static void fromMmx(Cpu c, Insn i) {
        c.write(i, 0, c.x87.mmx(i.loc1));
        c.x87.enterMmx();
    }

    /** EMMS: the MMX registers are free for x87 code again. */
    public static void emms(Cpu c, Insn i) {
        c.x87.emptyMmx();
    }
}

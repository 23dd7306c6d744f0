package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.SimdAvailability;
import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Insn;

/** Moves of whole XMM and MMX registers, between the two kinds and between them and general registers; MOVNTI. */
public final class SimdMove {
    private SimdMove() {
    }

    /** MOVAPS, MOVUPS, MOVAPD, MOVUPD, MOVDQA, MOVDQU: 16 bytes (alignment as the row says). */
    public static void move128(Cpu c, Insn i) {
        int s = VectorOperands.xmmSource(c, i, 1);
        VectorOperands.writeXmm(c, i, 0, c.xmm[2 * s], c.xmm[2 * s + 1]);
    }

    /** MOVQ mm, mm/m64, MOVQ mm/m64, mm and MOVNTQ. */
    public static void moveMmx(Cpu c, Insn i) {
        long v = VectorOperands.mmxSource(c, i, 1);
        if (i.loc0 == Insn.MEM) storeStarts(c);
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
        if (i.loc0 == Insn.MEM) storeStarts(c);
        c.write(i, 0, c.x87.mmx(i.loc1));
        c.x87.enterMmx();
    }

    /**
     * An MMX store sets TOP to 0 before its write, so even when the write faults (the tags change only
     * when it completes), as the host Intel CPU does; MMX loads that fault change neither.
     */
    private static void storeStarts(Cpu c) {
        c.x87.setTop(0);
    }

    /** MOVNTI m32/m64, r32/r64: a plain store; it has no 66, F2 or F3 forms, which are #UD. */
    public static void movnti(Cpu c, Insn i) {
        if (i.has(Insn.OPSIZE | Insn.REP | Insn.REPNE)) throw CpuException.ud();
        c.write(i, 0, c.read(i, 1));
    }

    /**
     * MOVDQ2Q mm, xmm: the low quadword. An SSE2 instruction on MMX state: the SSE checks (made by the
     * row) come first, then the MMX one's pending-x87-exception #MF.
     */
    public static void movdq2q(Cpu c, Insn i) {
        if (!SimdAvailability.checkMmx(c)) return;
        c.x87.setMmx(i.loc0, c.xmm[2 * i.loc1]);
        c.x87.enterMmx();
    }

    /** MOVQ2DQ xmm, mm: zero-extended to 128 bits (checks as {@link #movdq2q}). */
    public static void movq2dq(Cpu c, Insn i) {
        if (!SimdAvailability.checkMmx(c)) return;
        c.xmm[2 * i.loc0] = c.x87.mmx(i.loc1);
        c.xmm[2 * i.loc0 + 1] = 0;
        c.x87.enterMmx();
    }

    /** EMMS: the MMX registers are free for x87 code again; TOP is 0 afterwards too, as on the host Intel CPU. */
    public static void emms(Cpu c, Insn i) {
        c.x87.setTop(0);
        c.x87.emptyMmx();
    }
}

package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.insn.Insn;

/**
 * Moves of part of an XMM register: the low element (MOVSS, MOVSD, MOVQ) or one quadword half (MOVLPS,
 * MOVHPS, MOVHLPS, MOVLHPS and the PD forms). Whether the rest of the destination is kept or zeroed
 * depends on the form, as each method says.
 */
public final class PartialMove {
    private PartialMove() {
    }

    /**
     * MOVQ xmm, xmm/m64 (F3 0F 7E) and MOVQ xmm/m64, xmm (66 0F D6): the low quadword; a register
     * destination's high quadword is zeroed.
     */
    public static void movq(Cpu c, Insn i) {
        long v = c.xmm[2 * VectorOperands.xmmSource(c, i, 1)];
        if (i.loc0 == Insn.MEM) {
            c.writeMem(i.seg, c.ea(i), 8, v);
        } else {
            c.xmm[2 * i.loc0] = v;
            c.xmm[2 * i.loc0 + 1] = 0;
        }
    }

    /** MOVSS, both directions: see {@link #moveScalar}. */
    public static void movss(Cpu c, Insn i) {
        moveScalar(c, i, 4);
    }

    /** MOVSD (the SSE2 move), both directions: see {@link #moveScalar}. */
    public static void movsd(Cpu c, Insn i) {
        moveScalar(c, i, 8);
    }

    /**
     * The low element of {@code size} bytes: a store writes just it, a load from memory zeroes the rest of
     * the register, and a register-to-register move keeps the rest of the destination.
     */
    private static void moveScalar(Cpu c, Insn i, int size) {
        if (i.loc0 == Insn.MEM) {
            c.writeMem(i.seg, c.ea(i), size, c.xmm[2 * i.loc1]);
            return;
        }
        int d = 2 * i.loc0;
        if (i.loc1 == Insn.MEM) {
            c.xmm[d] = c.readMem(i.seg, c.ea(i), size);
            c.xmm[d + 1] = 0;
        } else {
            long m = Cpu.mask(size);
            c.xmm[d] = (c.xmm[d] & ~m) | (c.xmm[2 * i.loc1] & m);
        }
    }

    /** MOVLPS/MOVLPD xmm, m64: the low quadword from memory, the high one kept. */
    public static void loadLow(Cpu c, Insn i) {
        c.xmm[2 * i.loc0] = c.readMem(i.seg, c.ea(i), 8);
    }

    /** MOVHPS/MOVHPD xmm, m64: the high quadword from memory, the low one kept. */
    public static void loadHigh(Cpu c, Insn i) {
        c.xmm[2 * i.loc0 + 1] = c.readMem(i.seg, c.ea(i), 8);
    }

    /** MOVLPS/MOVLPD m64, xmm. */
    public static void storeLow(Cpu c, Insn i) {
        c.writeMem(i.seg, c.ea(i), 8, c.xmm[2 * i.loc1]);
    }

    /** MOVHPS/MOVHPD m64, xmm. */
    public static void storeHigh(Cpu c, Insn i) {
        c.writeMem(i.seg, c.ea(i), 8, c.xmm[2 * i.loc1 + 1]);
    }

    /** MOVHLPS xmm1, xmm2: xmm2's high quadword into xmm1's low one. */
    public static void highToLow(Cpu c, Insn i) {
        c.xmm[2 * i.loc0] = c.xmm[2 * i.loc1 + 1];
    }

    /** MOVLHPS xmm1, xmm2: xmm2's low quadword into xmm1's high one. */
    public static void lowToHigh(Cpu c, Insn i) {
        c.xmm[2 * i.loc0 + 1] = c.xmm[2 * i.loc1];
    }
}

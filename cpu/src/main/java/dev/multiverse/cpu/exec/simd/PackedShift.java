package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.insn.Insn;

/**
 * Shifts of every element by one count: PSLL, PSRL (logical) and PSRA (arithmetic) on words, dwords and
 * quadwords, and PSLLDQ/PSRLDQ on the whole register by bytes. The count is an imm8 (the 0F 71-73 groups)
 * or the whole low quadword of an MMX/XMM operand, as an unsigned number: a count at or above the element
 * width gives zero for logical shifts and copies of the sign bit for arithmetic ones.
 */
public final class PackedShift {
    private static final int SLL = 0, SRL = 1, SRA = 2;

    private PackedShift() {
    }

    public static void psllw(Cpu c, Insn i) {
        xmm(c, i, SLL, 16);
    }

    public static void pslld(Cpu c, Insn i) {
        xmm(c, i, SLL, 32);
    }

    public static void psllq(Cpu c, Insn i) {
        xmm(c, i, SLL, 64);
    }

    public static void psrlw(Cpu c, Insn i) {
        xmm(c, i, SRL, 16);
    }

    public static void psrld(Cpu c, Insn i) {
        xmm(c, i, SRL, 32);
    }

    public static void psrlq(Cpu c, Insn i) {
        xmm(c, i, SRL, 64);
    }

    public static void psraw(Cpu c, Insn i) {
        xmm(c, i, SRA, 16);
    }

    public static void psrad(Cpu c, Insn i) {
        xmm(c, i, SRA, 32);
    }

    public static void psllwMmx(Cpu c, Insn i) {
        mmx(c, i, SLL, 16);
    }

    public static void pslldMmx(Cpu c, Insn i) {
        mmx(c, i, SLL, 32);
    }

    public static void psllqMmx(Cpu c, Insn i) {
        mmx(c, i, SLL, 64);
    }

    public static void psrlwMmx(Cpu c, Insn i) {
        mmx(c, i, SRL, 16);
    }

    public static void psrldMmx(Cpu c, Insn i) {
        mmx(c, i, SRL, 32);
    }

    public static void psrlqMmx(Cpu c, Insn i) {
        mmx(c, i, SRL, 64);
    }

    public static void psrawMmx(Cpu c, Insn i) {
        mmx(c, i, SRA, 16);
    }

    public static void psradMmx(Cpu c, Insn i) {
        mmx(c, i, SRA, 32);
    }

    /** PSLLDQ xmm, imm8: left by imm8 bytes (16 or more clears it). */
    public static void pslldq(Cpu c, Insn i) {
        int d = 2 * i.loc0, n = (int) i.imm;
        long lo = c.xmm[d], hi = c.xmm[d + 1];
        c.xmm[d] = n > 15 ? 0 : Lanes.window(0, 0, lo, hi, 16 - n);
        c.xmm[d + 1] = n > 15 ? 0 : Lanes.window(0, 0, lo, hi, 24 - n);
    }

    /** PSRLDQ xmm, imm8: right by imm8 bytes, zeros shifted in. */
    public static void psrldq(Cpu c, Insn i) {
        int d = 2 * i.loc0, n = (int) i.imm;
        long lo = c.xmm[d], hi = c.xmm[d + 1];
        c.xmm[d] = Lanes.window(lo, hi, 0, 0, n);
        c.xmm[d + 1] = Lanes.window(lo, hi, 0, 0, n + 8);
    }

    private static void xmm(Cpu c, Insn i, int kind, int bits) {
        long count = i.loc1 == Insn.IMM ? i.imm : c.xmm[2 * VectorOperands.xmmSource(c, i, 1)];
        int d = 2 * i.loc0;
        c.xmm[d] = shift(c.xmm[d], kind, bits, count);
        c.xmm[d + 1] = shift(c.xmm[d + 1], kind, bits, count);
    }

    private static void mmx(Cpu c, Insn i, int kind, int bits) {
        long count = i.loc1 == Insn.IMM ? i.imm : VectorOperands.mmxSource(c, i, 1);
        c.x87.setMmx(i.loc0, shift(c.x87.mmx(i.loc0), kind, bits, count));
        c.x87.enterMmx();
    }

    /** Every element of {@code bits} bits of {@code word} shifted by {@code count} (unsigned). */
    private static long shift(long word, int kind, int bits, long count) {
        boolean all = Long.compareUnsigned(count, bits) >= 0;
        if (kind == SRA) {
            int n = all ? bits - 1 : (int) count;
            if (bits == 64) return word >> n;
            long r = 0;
            for (int e = 0; e < 64 / bits; e++) {
                r |= Lanes.place(Cpu.signExtend(Lanes.get(word, e, bits), bits / 8) >> n, e, bits);
            }
            return r;
        }
        if (all) return 0;
        int n = (int) count;
        long laneMask = bits == 64 ? -1L : (1L << bits) - 1;
        return kind == SLL ? (word << n) & Lanes.repeat((laneMask << n) & laneMask, bits)
                : (word >>> n) & Lanes.repeat(laneMask >>> n, bits);
    }
}

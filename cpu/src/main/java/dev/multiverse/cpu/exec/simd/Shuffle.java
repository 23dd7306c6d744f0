package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.insn.Insn;

/**
 * Rearranging elements: by an immediate's 2-bit selectors (PSHUFD/HW/LW/W, SHUFPS, SHUFPD), by a register
 * of byte indices (PSHUFB), by a byte offset into two concatenated registers (PALIGNR), and the SSE3
 * duplications (MOVSLDUP, MOVSHDUP, MOVDDUP). Every source is read before the destination is written, so
 * a register may be both.
 */
public final class Shuffle {
    private Shuffle() {
    }

    /** PSHUFD: dword n of the result is source dword imm8[2n+1:2n]. */
    public static void pshufd(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1);
        long lo = c.xmm[s], hi = c.xmm[s + 1];
        int imm = (int) i.imm;
        long rLo = 0, rHi = 0;
        for (int n = 0; n < 2; n++) {
            rLo |= Lanes.place(Lanes.get(lo, hi, imm >>> (2 * n) & 3, 32), n, 32);
            rHi |= Lanes.place(Lanes.get(lo, hi, imm >>> (2 * n + 4) & 3, 32), n, 32);
        }
        c.xmm[2 * i.loc0] = rLo;
        c.xmm[2 * i.loc0 + 1] = rHi;
    }

    /** PSHUFHW: the high four words shuffled, the low quadword copied. */
    public static void pshufhw(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1);
        long lo = c.xmm[s], hi = words(c.xmm[s + 1], (int) i.imm);
        c.xmm[2 * i.loc0] = lo;
        c.xmm[2 * i.loc0 + 1] = hi;
    }

    /** PSHUFLW: the low four words shuffled, the high quadword copied. */
    public static void pshuflw(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1);
        long lo = words(c.xmm[s], (int) i.imm), hi = c.xmm[s + 1];
        c.xmm[2 * i.loc0] = lo;
        c.xmm[2 * i.loc0 + 1] = hi;
    }

    /** PSHUFW mm, mm/m64, imm8. */
    public static void pshufw(Cpu c, Insn i) {
        long v = VectorOperands.mmxSource(c, i, 1);
        c.x87.setMmx(i.loc0, words(v, (int) i.imm));
        c.x87.enterMmx();
    }

    private static long words(long v, int imm) {
        long r = 0;
        for (int n = 0; n < 4; n++) {
            r |= Lanes.place(Lanes.get(v, imm >>> (2 * n) & 3, 16), n, 16);
        }
        return r;
    }

    /** SHUFPS: the low two dwords chosen from the destination, the high two from the source. */
    public static void shufps(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        long dLo = c.xmm[d], dHi = c.xmm[d + 1], sLo = c.xmm[s], sHi = c.xmm[s + 1];
        int imm = (int) i.imm;
        c.xmm[d] = Lanes.get(dLo, dHi, imm & 3, 32) | Lanes.get(dLo, dHi, imm >>> 2 & 3, 32) << 32;
        c.xmm[d + 1] = Lanes.get(sLo, sHi, imm >>> 4 & 3, 32) | Lanes.get(sLo, sHi, imm >>> 6 & 3, 32) << 32;
    }

    /** SHUFPD: the low quadword chosen from the destination by imm8 bit 0, the high from the source by bit 1. */
    public static void shufpd(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        int imm = (int) i.imm;
        long lo = c.xmm[d + (imm & 1)], hi = c.xmm[s + (imm >>> 1 & 1)];
        c.xmm[d] = lo;
        c.xmm[d + 1] = hi;
    }

    /** PSHUFB xmm: byte n is zero if source byte n has its top bit set, else destination byte (its low four bits). */
    public static void pshufb(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        long dLo = c.xmm[d], dHi = c.xmm[d + 1], sLo = c.xmm[s], sHi = c.xmm[s + 1];
        long rLo = 0, rHi = 0;
        for (int n = 0; n < 8; n++) {
            rLo |= Lanes.place(selectByte(dLo, dHi, Lanes.get(sLo, n, 8)), n, 8);
            rHi |= Lanes.place(selectByte(dLo, dHi, Lanes.get(sHi, n, 8)), n, 8);
        }
        c.xmm[d] = rLo;
        c.xmm[d + 1] = rHi;
    }

    private static long selectByte(long lo, long hi, long index) {
        return (index & 0x80) != 0 ? 0 : Lanes.get(lo, hi, (int) index & 15, 8);
    }

    /** PSHUFB mm: as the XMM form with three index bits. */
    public static void pshufbMmx(Cpu c, Insn i) {
        long s = VectorOperands.mmxSource(c, i, 1), d = c.x87.mmx(i.loc0);
        long r = 0;
        for (int n = 0; n < 8; n++) {
            long index = Lanes.get(s, n, 8);
            if ((index & 0x80) == 0) r |= Lanes.place(Lanes.get(d, (int) index & 7, 8), n, 8);
        }
        c.x87.setMmx(i.loc0, r);
        c.x87.enterMmx();
    }

    /** PALIGNR xmm: destination:source (destination high) shifted right by imm8 bytes, the low 16 bytes. */
    public static void palignr(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        long sLo = c.xmm[s], sHi = c.xmm[s + 1], dLo = c.xmm[d], dHi = c.xmm[d + 1];
        int shift = (int) i.imm;
        c.xmm[d] = Lanes.window(sLo, sHi, dLo, dHi, shift);
        c.xmm[d + 1] = Lanes.window(sLo, sHi, dLo, dHi, shift + 8);
    }

    /** PALIGNR mm: destination:source shifted right by imm8 bytes, the low 8 bytes. */
    public static void palignrMmx(Cpu c, Insn i) {
        long s = VectorOperands.mmxSource(c, i, 1);
        c.x87.setMmx(i.loc0, Lanes.window(s, c.x87.mmx(i.loc0), 0, 0, (int) i.imm));
        c.x87.enterMmx();
    }

    /** MOVSLDUP: the even dwords, each twice. */
    public static void movsldup(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1);
        long lo = c.xmm[s] & 0xffff_ffffL, hi = c.xmm[s + 1] & 0xffff_ffffL;
        c.xmm[2 * i.loc0] = lo | lo << 32;
        c.xmm[2 * i.loc0 + 1] = hi | hi << 32;
    }

    /** MOVSHDUP: the odd dwords, each twice. */
    public static void movshdup(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1);
        long lo = c.xmm[s] >>> 32, hi = c.xmm[s + 1] >>> 32;
        c.xmm[2 * i.loc0] = lo | lo << 32;
        c.xmm[2 * i.loc0 + 1] = hi | hi << 32;
    }

    /** MOVDDUP: the low quadword (8 bytes of memory) in both halves. */
    public static void movddup(Cpu c, Insn i) {
        long v = c.xmm[2 * VectorOperands.xmmSource(c, i, 1)];
        c.xmm[2 * i.loc0] = v;
        c.xmm[2 * i.loc0 + 1] = v;
    }
}

package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.insn.Insn;

/**
 * One element into an MMX or XMM register from a general register or memory, the rest kept: PINSRB/W/D/Q;
 * and INSERTPS, which also zeroes the elements its mask names. A general register source gives its low
 * bits; a memory source is read at the element's size only.
 */
public final class Insertion {
    private Insertion() {
    }

    /** PINSRW mm, r32/m16, imm8. */
    public static void pinsrwMmx(Cpu c, Insn i) {
        long v = source(c, i, 2);
        c.x87.setMmx(i.loc0, Lanes.with(c.x87.mmx(i.loc0), (int) i.imm & 3, 16, v));
        c.x87.enterMmx();
    }

    /** PINSRB xmm, r32/m8, imm8. */
    public static void pinsrb(Cpu c, Insn i) {
        insert(c, i.loc0, (int) i.imm & 15, 8, source(c, i, 1));
    }

    /** PINSRW xmm, r32/m16, imm8. */
    public static void pinsrw(Cpu c, Insn i) {
        insert(c, i.loc0, (int) i.imm & 7, 16, source(c, i, 2));
    }

    /** PINSRD xmm, r/m32, imm8 and, with REX.W, PINSRQ xmm, r/m64, imm8. */
    public static void pinsrd(Cpu c, Insn i) {
        long v = c.read(i, 1);
        if (i.size1 == 8) {
            insert(c, i.loc0, (int) i.imm & 1, 64, v);
        } else {
            insert(c, i.loc0, (int) i.imm & 3, 32, v);
        }
    }

    /**
     * INSERTPS xmm1, xmm2/m32, imm8: the dword imm8[7:6] of xmm2 (or the memory dword) into dword imm8[5:4]
     * of xmm1, then the dwords set in imm8[3:0] zeroed.
     */
    public static void insertps(Cpu c, Insn i) {
        int imm = (int) i.imm;
        long v = i.loc1 == Insn.MEM ? c.readMem(i.seg, c.ea(i), 4)
                : Lanes.get(c.xmm[2 * i.loc1], c.xmm[2 * i.loc1 + 1], imm >>> 6 & 3, 32);
        insert(c, i.loc0, imm >>> 4 & 3, 32, v);
        for (int n = 0; n < 4; n++) {
            if ((imm >>> n & 1) != 0) insert(c, i.loc0, n, 32, 0);
        }
    }

    /** Operand 1: a general register's low {@code bytes} bytes, or that many bytes of memory. */
    private static long source(Cpu c, Insn i, int bytes) {
        return i.loc1 == Insn.MEM ? c.readMem(i.seg, c.ea(i), bytes) : c.gpr[i.loc1] & Cpu.mask(bytes);
    }

    private static void insert(Cpu c, int xmm, int n, int bits, long value) {
        int perWord = 64 / bits;
        int w = 2 * xmm + n / perWord;
        c.xmm[w] = Lanes.with(c.xmm[w], n % perWord, bits, value);
    }
}

package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.insn.Insn;

/**
 * One element, or the sign bits of all elements, out of an MMX or XMM register into a general register
 * or memory: PEXTRB/W/D/Q, EXTRACTPS, PMOVMSKB, MOVMSKPS, MOVMSKPD. A general register destination
 * receives the value zero-extended; a memory destination only the element's bytes.
 */
public final class Extraction {
    private Extraction() {
    }

    /** PEXTRW r32, mm, imm8. */
    public static void pextrwMmx(Cpu c, Insn i) {
        c.write(i, 0, Lanes.get(c.x87.mmx(i.loc1), (int) i.imm & 3, 16));
        c.x87.enterMmx();
    }

    /** PEXTRB r32/m8, xmm, imm8. */
    public static void pextrb(Cpu c, Insn i) {
        store(c, i, 1, element(c, i.loc1, (int) i.imm & 15, 8));
    }

    /** PEXTRW r32, xmm, imm8 (66 0F C5) and PEXTRW r32/m16, xmm, imm8 (66 0F 3A 15). */
    public static void pextrw(Cpu c, Insn i) {
        store(c, i, 2, element(c, i.loc1, (int) i.imm & 7, 16));
    }

    /** PEXTRD r/m32 and, with REX.W, PEXTRQ r/m64. */
    public static void pextrd(Cpu c, Insn i) {
        boolean quad = i.size0 == 8;
        c.write(i, 0, quad ? element(c, i.loc1, (int) i.imm & 1, 64) : element(c, i.loc1, (int) i.imm & 3, 32));
    }

    /** EXTRACTPS r32/m32, xmm, imm8: a dword as raw bits. */
    public static void extractps(Cpu c, Insn i) {
        store(c, i, 4, element(c, i.loc1, (int) i.imm & 3, 32));
    }

    public static void pmovmskbMmx(Cpu c, Insn i) {
        c.write(i, 0, Lanes.topBits(c.x87.mmx(i.loc1), 8));
        c.x87.enterMmx();
    }

    public static void pmovmskb(Cpu c, Insn i) {
        c.write(i, 0, signBits(c, i.loc1, 8));
    }

    public static void movmskps(Cpu c, Insn i) {
        c.write(i, 0, signBits(c, i.loc1, 32));
    }

    public static void movmskpd(Cpu c, Insn i) {
        c.write(i, 0, signBits(c, i.loc1, 64));
    }

    private static long element(Cpu c, int xmm, int n, int bits) {
        return Lanes.get(c.xmm[2 * xmm], c.xmm[2 * xmm + 1], n, bits);
    }

    private static int signBits(Cpu c, int xmm, int bits) {
        return Lanes.topBits(c.xmm[2 * xmm], bits) | Lanes.topBits(c.xmm[2 * xmm + 1], bits) << (64 / bits);
    }

    /** A general register destination zero-extended; memory gets {@code bytes} bytes. */
    private static void store(Cpu c, Insn i, int bytes, long value) {
        if (i.loc0 == Insn.MEM) {
            c.writeMem(i.seg, c.ea(i), bytes, value);
        } else {
            c.gpr[i.loc0] = value;
        }
    }
}

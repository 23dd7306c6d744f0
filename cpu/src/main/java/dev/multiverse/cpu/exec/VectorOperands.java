package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.insn.Row;

/**
 * Reading and writing XMM and MMX operands. A memory source is loaded into the scratch XMM pair
 * ({@link Cpu#XMM_SCRATCH}) so that a semantic reads every source as a register; a memory operand smaller
 * than 16 bytes fills the low bytes of the pair and zeroes the rest. Legacy SSE requires a 16-byte memory
 * operand to be 16-byte aligned (#GP(0) otherwise) unless its row is {@link Row#UNALIGNED}.
 */
public final class VectorOperands {
    private VectorOperands() {
    }

    /** The XMM register number that holds operand {@code n}'s value (the scratch pair for memory). */
    public static int xmmSource(Cpu c, Insn i, int n) {
        int loc = i.loc(n);
        if (loc != Insn.MEM) return loc;
        long offset = c.ea(i);
        int size = i.size(n);
        int s = 2 * Cpu.XMM_SCRATCH;
        if (size == 16) {
            load16(c, i.seg, offset, !i.row.has(Row.UNALIGNED), Cpu.XMM_SCRATCH);
        } else {
            c.xmm[s] = c.readMem(i.seg, offset, size);
            c.xmm[s + 1] = 0;
        }
        return Cpu.XMM_SCRATCH;
    }

    /** Writes a whole XMM register, or 16 bytes of memory. */
    public static void writeXmm(Cpu c, Insn i, int n, long low, long high) {
        int loc = i.loc(n);
        if (loc == Insn.MEM) {
            store16(c, i.seg, c.ea(i), !i.row.has(Row.UNALIGNED), low, high);
        } else {
            c.xmm[2 * loc] = low;
            c.xmm[2 * loc + 1] = high;
        }
    }

    /** Loads 16 bytes at {@code seg:offset} into XMM pair {@code reg}, nothing changed if it faults. */
    public static void load16(Cpu c, int seg, long offset, boolean aligned, int reg) {
        if (aligned) checkAligned(c, seg, offset);
        c.dataLinear(seg, offset, 16, false);   // the segment check covers all 16 bytes before either half
        long low = c.readMem(seg, offset, 8);
        long high = c.readMem(seg, offset + 8, 8);
        c.xmm[2 * reg] = low;
        c.xmm[2 * reg + 1] = high;
    }

    /** Stores 16 bytes at {@code seg:offset}: both halves are checked before either is written. */
    public static void store16(Cpu c, int seg, long offset, boolean aligned, long low, long high) {
        if (aligned) checkAligned(c, seg, offset);
        c.mmu.probeWrite(c.dataLinear(seg, offset, 16, true), 16, c.dataPrivilege());
        c.writeMem(seg, offset, 8, low);
        c.writeMem(seg, offset + 8, 8, high);
    }

    /**
     * Alignment comes before the segment (or canonical) check for these operands: a misaligned
     * non-canonical stack address is #GP(0), not #SS(0), on the host. The linear address must be aligned;
     * 64-bit mode ignores the bases of ES, CS, SS and DS.
     */
    private static void checkAligned(Cpu c, int seg, long offset) {
        long base = c.longMode() && seg < Insn.FS ? 0 : c.seg[seg].base;
        if (((base + offset) & 15) != 0) throw CpuException.gp(0);
    }

    /** Operand {@code n} as an MMX value: the register, or 4 or 8 bytes of memory zero-extended. */
    public static long mmxSource(Cpu c, Insn i, int n) {
        int loc = i.loc(n);
        return loc == Insn.MEM ? c.readMem(i.seg, c.ea(i), i.size(n)) : c.x87.mmx(loc);
    }

    /** Writes an MMX register (exponent bits set, as the hardware does) or 8 bytes of memory. */
    public static void writeMmx(Cpu c, Insn i, int n, long value) {
        int loc = i.loc(n);
        if (loc == Insn.MEM) {
            c.writeMem(i.seg, c.ea(i), 8, value);
        } else {
            c.x87.setMmx(loc, value);
        }
    }
}

package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Descriptors;
import dev.multiverse.cpu.state.Segment;

/**
 * Loading segment registers from selectors: real-mode arithmetic, or a GDT/LDT descriptor in protected
 * and long mode with the presence and type checks. (Privilege checks come with the system-level issue.)
 */
public final class SegmentLoad {
    private SegmentLoad() {
    }

    private static boolean protectedMode(Cpu c) {
        return (c.cr0 & Cpu.CR0_PE) != 0 && !c.flags.bit(dev.multiverse.cpu.flags.Flags.VM);
    }

    /** MOV/POP to a data or stack segment register. */
    public static void loadData(Cpu c, int s, int selector) {
        if (s == Insn.CS) throw CpuException.ud();
        if (!protectedMode(c)) {
            c.seg[s].loadReal(selector);
            return;
        }
        if ((selector & 0xfffc) == 0) {
            // A null selector: allowed except for SS outside 64-bit mode (and at CPL 3 in 64-bit mode).
            if (s == Insn.SS && (!c.longMode() || c.cpl == 3)) throw CpuException.gp(0);
            c.seg[s].load(selector, 0, 0, 0);
            return;
        }
        long d = Descriptors.read(c, selector);
        int attributes = (int) ((d >>> 40) & 0xf0ff);
        boolean system = (attributes & Segment.S) == 0;
        boolean code = (attributes & 8) != 0;
        boolean writable = (attributes & 2) != 0;
        if (system || (s == Insn.SS && (code || !writable)) || (s != Insn.SS && code && !writable)) {
            throw CpuException.gp(selector & 0xfffc);
        }
        if ((attributes & Segment.P) == 0) {
            throw CpuException.of(s == Insn.SS ? CpuException.SS : CpuException.NP, selector & 0xfffc);
        }
        c.seg[s].loadDescriptor(selector, d | (1L << 40));   // the CPU marks the descriptor accessed
        if ((d & (1L << 40)) == 0) {
            writeAccessed(c, selector, d);
        }
    }

    private static void writeAccessed(Cpu c, int selector, long d) {
        long base = (selector & 4) != 0 ? c.ldtr.base : c.gdtBase;
        c.mmu.write64(base + (selector & 0xfff8), d | (1L << 40), false);
    }

    /** A far JMP/CALL/RET target: loads CS and RIP, switching between 16-, 32- and 64-bit code as the descriptor says. */
    public static void loadCode(Cpu c, int selector, long offset) {
        if (!protectedMode(c)) {
            c.seg[Insn.CS].loadReal(selector);
            c.rip = offset & 0xffff_ffffL;
            c.updateCodeSize();
            return;
        }
        if ((selector & 0xfffc) == 0) throw CpuException.gp(0);
        long d = Descriptors.read(c, selector);
        int attributes = (int) ((d >>> 40) & 0xf0ff);
        if ((attributes & Segment.S) == 0 || (attributes & 8) == 0) {
            throw CpuException.gp(selector & 0xfffc);
        }
        if ((attributes & Segment.P) == 0) throw CpuException.of(CpuException.NP, selector & 0xfffc);
        c.seg[Insn.CS].loadDescriptor((selector & 0xfffc) | c.cpl, d | (1L << 40));
        if ((d & (1L << 40)) == 0) {
            writeAccessed(c, selector, d);
        }
        c.updateCodeSize();
        c.rip = c.longMode() ? offset : offset & 0xffff_ffffL;
    }
}

package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Descriptors;
import dev.multiverse.cpu.state.Segment;

/**
 * Loading segment registers from selectors with the protection checks of the Intel SDM (vol. 3, 5.5-5.8
 * and the MOV, POP, JMP, CALL and RET pseudocode): real-mode arithmetic, or a GDT/LDT descriptor in
 * protected and long mode. The same checks serve task switches, which report failures as #TS instead of
 * #GP: the {@code fault} argument chooses.
 */
public final class SegmentLoad {
    private SegmentLoad() {
    }

    /** Protected mode and not virtual-8086 mode: selectors name descriptors. */
    public static boolean protectedMode(Cpu c) {
        return (c.cr0 & Cpu.CR0_PE) != 0 && !c.flags.bit(Flags.VM);
    }

    static CpuException fault(int vector, int selector) {
        return CpuException.of(vector, selector & 0xfffc);
    }

    /** MOV/POP to a data or stack segment register. */
    public static void loadData(Cpu c, int s, int selector) {
        if (s == Insn.CS) throw CpuException.ud();
        if (!protectedMode(c)) {
            c.seg[s].loadReal(selector);
            return;
        }
        if (s == Insn.SS) {
            loadStack(c, selector, c.cpl, CpuException.GP);
        } else {
            loadDataSegment(c, s, selector, c.cpl, CpuException.GP);
        }
    }

    /**
     * DS, ES, FS or GS at privilege {@code cpl}: a null selector makes the register unusable; otherwise a
     * data or readable code segment, whose DPL must be at least CPL and RPL unless it is conforming code.
     */
    public static void loadDataSegment(Cpu c, int s, int selector, int cpl, int vector) {
        if ((selector & 0xfffc) == 0) {
            c.seg[s].load(selector, 0, 0, 0);
            return;
        }
        long d = Descriptors.read(c, selector);
        if (!Descriptors.readable(d)) throw fault(vector, selector);
        if (!Descriptors.conforming(d)) {
            int dpl = Descriptors.dpl(d);
            if ((selector & 3) > dpl || cpl > dpl) throw fault(vector, selector);
        }
        if (!Descriptors.present(d)) throw fault(CpuException.NP, selector);
        commit(c, s, selector, d);
    }

    /**
     * SS at privilege {@code cpl}: a writable data segment with RPL = DPL = CPL. A null selector is
     * allowed only in 64-bit mode at CPL &lt; 3 with RPL = CPL. Not present is #SS(selector).
     */
    public static void loadStack(Cpu c, int selector, int cpl, int vector) {
        if ((selector & 0xfffc) == 0) {
            if (!c.longMode() || cpl == 3 || (selector & 3) != cpl) throw fault(vector, 0);
            c.seg[Insn.SS].load(selector, 0, 0, 0);
            return;
        }
        long d = Descriptors.read(c, selector);
        if ((selector & 3) != cpl || !Descriptors.writableData(d) || Descriptors.dpl(d) != cpl) {
            throw fault(vector, selector);
        }
        if (!Descriptors.present(d)) throw fault(CpuException.SS, selector);
        commit(c, Insn.SS, selector, d);
    }

    /** Loads the cache and marks the descriptor accessed in memory, as the CPU does. */
    static void commit(Cpu c, int s, int selector, long d) {
        c.seg[s].loadDescriptor(selector, d | Descriptors.ACCESSED);
        if ((d & Descriptors.ACCESSED) == 0) {
            Descriptors.write(c, selector, d | Descriptors.ACCESSED);
        }
    }

    /**
     * Checks a code segment descriptor a far JMP or CALL reaches directly (no gate): nonconforming needs
     * RPL &le; CPL and DPL = CPL, conforming needs DPL &le; CPL; in long mode L and D may not both be set.
     * Returns the descriptor. Errors are #GP(selector), #NP(selector) and #GP(0) for a null selector.
     */
    static long directCodeDescriptor(Cpu c, int selector) {
        if ((selector & 0xfffc) == 0) throw CpuException.gp(0);
        long d = Descriptors.read(c, selector);
        return checkDirectCode(c, selector, d);
    }

    static long checkDirectCode(Cpu c, int selector, long d) {
        if (!Descriptors.code(d)) throw fault(CpuException.GP, selector);
        int dpl = Descriptors.dpl(d);
        if (Descriptors.conforming(d) ? dpl > c.cpl : (selector & 3) > c.cpl || dpl != c.cpl) {
            throw fault(CpuException.GP, selector);
        }
        checkLongModeCode(c, selector, d);
        if (!Descriptors.present(d)) throw fault(CpuException.NP, selector);
        return d;
    }

    static void checkLongModeCode(Cpu c, int selector, long d) {
        if ((c.efer & Cpu.EFER_LMA) != 0 && (d & (1L << 53)) != 0 && (d & (1L << 54)) != 0) {
            throw fault(CpuException.GP, selector);
        }
    }

    /**
     * Makes {@code d} the code segment at privilege {@code cpl} (CS.RPL = CPL) and jumps to
     * {@code offset}, which must lie within the new limit outside 64-bit code (#GP(0)).
     */
    static void enterCode(Cpu c, int selector, long d, int cpl, long offset) {
        boolean to64 = (c.efer & Cpu.EFER_LMA) != 0 && (d & (1L << 53)) != 0;
        if (!to64 && offset > Descriptors.limit(d)) throw CpuException.gp(0);
        if (to64 && !Cpu.canonical(offset)) throw CpuException.gp(0);
        c.cpl = cpl;
        commit(c, Insn.CS, (selector & 0xfffc) | cpl, d);
        c.updateCodeSize();
        c.rip = c.longMode() ? offset : offset & 0xffff_ffffL;
    }

    /**
     * Loads CS directly (a far JMP/CALL target or a same-privilege far RET): real-mode arithmetic or the
     * direct-transfer checks. Gates and task switches go through {@link FarTransfer}.
     */
    public static void loadCode(Cpu c, int selector, long offset) {
        if (!protectedMode(c)) {
            if (offset > c.seg[Insn.CS].limit && (c.cr0 & Cpu.CR0_PE) == 0) throw CpuException.gp(0);
            c.seg[Insn.CS].loadReal(selector);
            c.rip = offset & 0xffff_ffffL;
            c.updateCodeSize();
            return;
        }
        long d = directCodeDescriptor(c, selector);
        enterCode(c, selector, d, c.cpl, offset);
    }

    /**
     * Checks the code segment a far RET (or IRET) returns to with selector {@code selector}: RPL &ge; CPL,
     * a code segment whose DPL equals RPL (nonconforming) or is at most RPL (conforming), present.
     * Returns the descriptor; the new CPL is the selector's RPL.
     */
    public static long returnCodeDescriptor(Cpu c, int selector) {
        if ((selector & 0xfffc) == 0) throw CpuException.gp(0);
        long d = Descriptors.read(c, selector);
        int rpl = selector & 3;
        if (!Descriptors.code(d) || rpl < c.cpl) throw fault(CpuException.GP, selector);
        int dpl = Descriptors.dpl(d);
        if (Descriptors.conforming(d) ? dpl > rpl : dpl != rpl) throw fault(CpuException.GP, selector);
        checkLongModeCode(c, selector, d);
        if (!Descriptors.present(d)) throw fault(CpuException.NP, selector);
        return d;
    }

    /**
     * After a return to an outer level: ES, DS, FS and GS become null if the new CPL may not use them
     * (data or nonconforming code with DPL &lt; CPL), so inner-level data is not left reachable.
     */
    public static void dropInaccessibleDataSegments(Cpu c) {
        for (int s : new int[]{Insn.ES, Insn.DS, Insn.FS, Insn.GS}) {
            Segment sg = c.seg[s];
            if ((sg.selector & 0xfffc) != 0 && !sg.conformingCode() && sg.dpl() < c.cpl) {
                sg.load(0, 0, 0, 0);
            }
        }
    }
}

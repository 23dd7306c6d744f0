package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Descriptors;
import dev.multiverse.cpu.state.Tss;
import dev.multiverse.mmu.InvalidPdpte;

/**
 * Hardware task switching (Intel SDM vol. 3, 7.3): a JMP or CALL to a TSS or task
 * gate, an interrupt or exception through a task gate, and IRET with EFLAGS.NT set. The outgoing task's
 * dynamic state (EIP, EFLAGS, general registers, segment selectors) is saved in its TSS; the incoming
 * task's CR3, LDTR, EFLAGS, EIP, registers and segments are loaded. CALL and interrupts nest (link field,
 * NT); JMP and IRET clear the old TSS's busy bit. Checks before the commit point leave the old task intact;
 * faults while loading the new task's segments are raised after the switch (#TS, #NP, #SS).
 *
 * <p>Either TSS may be a 16-bit one (7.6): it holds IP, FLAGS, the low words of the general registers and
 * ES, CS, SS, DS, but no CR3 (paging stays as it is), no FS/GS (they become null) and no I/O map. Loading
 * one replaces only the low 16 bits of EFLAGS and of the general registers; the upper halves are kept
 * (the SDM leaves them unspecified; QEMU keeps them too), except RF and VM, which such a task cannot have.
 *
 * <p>Not modelled: the debug trap flag (T) of the TSS.
 */
public final class TaskSwitch {
    public static final int JMP = 0, CALL = 1, IRET = 2, INTERRUPT = 3;

    /** 16-bit TSS fields (Figure 7-10); its smallest limit is 0x2b (44 bytes). */
    private static final int IP16 = 0x0e, FLAGS16 = 0x10, AX16 = 0x12, ES16 = 0x22, LDT16 = 0x2a, MIN_LIMIT_16 = 0x2b;
    /** Selectors a 16-bit TSS holds, in its order. */
    private static final int[] SEGMENTS16 = {Insn.ES, Insn.CS, Insn.SS, Insn.DS};

    private TaskSwitch() {
    }

    /**
     * IRET with EFLAGS.NT in protected mode: returns to the task whose selector is in the current TSS's
     * link field.
     */
    public static void returnToPreviousTask(Cpu c) {
        int link = c.mmu.read16(c.tr.base + Tss.LINK, false) & 0xffff;
        switchTo(c, link, IRET);
    }

    /**
     * Switches to the task whose TSS descriptor {@code selector} names, for {@code reason}. The caller
     * has done the privilege checks on the selector it used (TSS or gate DPL); interrupt delivery through
     * a task gate pushes its error code afterwards, on the new task's stack. {@code c.rip} is saved as the
     * old task's EIP.
     */
    public static void switchTo(Cpu c, int selector, int reason) {
        int errorVector = reason == IRET ? CpuException.TS : CpuException.GP;
        if ((selector & 4) != 0 || (selector & 0xfffc) == 0) throw SegmentLoad.fault(errorVector, selector);
        long d = Descriptors.read(c, selector);
        int type = Descriptors.type(d);
        if (Descriptors.codeOrData(d) || (type != Descriptors.TSS_AVAILABLE && type != Descriptors.TSS_BUSY
                && type != Descriptors.TSS16_AVAILABLE && type != Descriptors.TSS16_BUSY)) {
            throw SegmentLoad.fault(errorVector, selector);
        }
        boolean busy = (d & Descriptors.BUSY) != 0;
        boolean wide = (type & 8) != 0;
        if (reason == IRET ? !busy : busy) throw SegmentLoad.fault(errorVector, selector);
        if (!Descriptors.present(d)) throw SegmentLoad.fault(CpuException.NP, selector);
        if (Descriptors.limit(d) < (wide ? Tss.MIN_LIMIT_32 : MIN_LIMIT_16)) {
            throw SegmentLoad.fault(CpuException.TS, selector);
        }

        // Read the new task's state first: a page fault here happens in the old task.
        long base = Descriptors.base(d);
        long cr3, eip, eflags;
        long[] gprs = new long[8];
        int[] selectors = new int[6];
        int ldt;
        if (wide) {
            cr3 = read32(c, base + Tss.CR3);
            eip = read32(c, base + Tss.EIP);
            eflags = read32(c, base + Tss.EFLAGS);
            for (int r = 0; r < 8; r++) gprs[r] = read32(c, base + Tss.EAX + 4L * r);
            for (int s = 0; s < 6; s++) selectors[s] = read16(c, base + Tss.ES + 4L * s);
            ldt = read16(c, base + Tss.LDT);
        } else {
            cr3 = c.cr3;
            eip = read16(c, base + IP16);
            eflags = read16(c, base + FLAGS16);
            for (int r = 0; r < 8; r++) gprs[r] = read16(c, base + AX16 + 2L * r);
            for (int n = 0; n < 4; n++) selectors[SEGMENTS16[n]] = read16(c, base + ES16 + 2L * n);
            ldt = read16(c, base + LDT16);
        }

        saveOutgoing(c, reason);
        int oldTr = c.tr.selector;
        if (reason == JMP || reason == IRET) {
            long old = Descriptors.read(c, oldTr);
            Descriptors.write(c, oldTr, old & ~Descriptors.BUSY);
        }
        if (reason == CALL || reason == INTERRUPT) {
            c.mmu.write16(base + Tss.LINK, oldTr, false);
            eflags |= Flags.NT;
        }
        Descriptors.write(c, selector, d | Descriptors.BUSY);

        // Commit point: from here on the new task runs.
        c.tr.loadDescriptor(selector, d | Descriptors.BUSY);
        c.cr0 |= Cpu.CR0_TS;
        if (!wide) {
            // Only the low words come from the TSS.
            for (int r = 0; r < 8; r++) gprs[r] |= c.gpr[r] & 0xffff_0000L;
            eflags |= c.flags.get() & ~0xffffL & ~(long) (Flags.RF | Flags.VM);
        } else if ((c.cr0 & Cpu.CR0_PG) != 0) {
            try {
                c.cr3 = c.mmu.setCr3(cr3);
            } catch (InvalidPdpte e) {
                throw CpuException.gp(0);
            }
        } else {
            c.cr3 = cr3;
        }
        for (int r = 0; r < 8; r++) c.gpr[r] = gprs[r];
        c.rip = eip;
        c.flags.put(eflags);
        loadSegments(c, selectors, ldt);
        c.exitBlock = true;
    }

    private static long read32(Cpu c, long linear) {
        return c.mmu.read32(linear, false) & 0xffff_ffffL;
    }

    private static int read16(Cpu c, long linear) {
        return c.mmu.read16(linear, false) & 0xffff;
    }

    private static void saveOutgoing(Cpu c, int reason) {
        long base = c.tr.base;
        long eflags = c.flags.get();
        if (reason == IRET) eflags &= ~Flags.NT;
        if ((c.tr.attributes & 8) == 0) {
            // A 16-bit TSS keeps IP, FLAGS and the low words only.
            c.mmu.write16(base + IP16, (int) c.rip, false);
            c.mmu.write16(base + FLAGS16, (int) eflags, false);
            for (int r = 0; r < 8; r++) c.mmu.write16(base + AX16 + 2L * r, (int) c.gpr[r], false);
            for (int n = 0; n < 4; n++) c.mmu.write16(base + ES16 + 2L * n, c.seg[SEGMENTS16[n]].selector, false);
            return;
        }
        c.mmu.write32(base + Tss.EIP, (int) c.rip, false);
        c.mmu.write32(base + Tss.EFLAGS, (int) eflags, false);
        for (int r = 0; r < 8; r++) c.mmu.write32(base + Tss.EAX + 4L * r, (int) c.gpr[r], false);
        for (int s = 0; s < 6; s++) c.mmu.write16(base + Tss.ES + 4L * s, c.seg[s].selector, false);
    }

    /** LDTR, then CS (its RPL is the new CPL), SS and the data segments, with #TS for bad selectors. */
    private static void loadSegments(Cpu c, int[] selectors, int ldt) {
        if (c.flags.bit(Flags.VM)) {
            c.cpl = 3;
            loadLdt(c, ldt);
            for (int s = 0; s < 6; s++) c.seg[s].loadReal(selectors[s]);
            c.updateCodeSize();
            return;
        }
        int cs = selectors[Insn.CS];
        c.cpl = cs & 3;
        loadLdt(c, ldt);
        if ((cs & 0xfffc) == 0) throw CpuException.of(CpuException.TS, 0);
        long code = Descriptors.read(c, cs);
        int dpl = Descriptors.dpl(code);
        if (!Descriptors.code(code) || (Descriptors.conforming(code) ? dpl > c.cpl : dpl != c.cpl)) {
            throw SegmentLoad.fault(CpuException.TS, cs);
        }
        if (!Descriptors.present(code)) throw SegmentLoad.fault(CpuException.NP, cs);
        SegmentLoad.commit(c, Insn.CS, cs, code);
        c.updateCodeSize();
        SegmentLoad.loadStack(c, selectors[Insn.SS], c.cpl, CpuException.TS);
        for (int s : new int[]{Insn.ES, Insn.DS, Insn.FS, Insn.GS}) {
            SegmentLoad.loadDataSegment(c, s, selectors[s], c.cpl, CpuException.TS);
        }
    }

    private static void loadLdt(Cpu c, int selector) {
        if ((selector & 0xfffc) == 0) {
            c.ldtr.load(selector, 0, 0, 0);
            return;
        }
        if ((selector & 4) != 0) throw SegmentLoad.fault(CpuException.TS, selector);
        long d = Descriptors.read(c, selector);
        if (Descriptors.codeOrData(d) || Descriptors.type(d) != Descriptors.LDT || !Descriptors.present(d)) {
            throw SegmentLoad.fault(CpuException.TS, selector);
        }
        c.ldtr.loadDescriptor(selector, d);
    }
}

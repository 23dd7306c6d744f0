package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Descriptors;
import dev.multiverse.cpu.state.Segment;
import dev.multiverse.cpu.state.Tss;

/**
 * Far JMP, CALL and RET in every mode (Intel SDM vol. 2 pseudocode; vol. 3, 5.8): direct transfers to
 * code segments, 16-, 32- and 64-bit call gates with the privilege change and stack switch a CALL makes
 * through them (including the parameter copy of legacy gates), returns to the same or an outer level,
 * and task switches through TSS descriptors and task gates. A transfer that faults leaves the
 * registers as they were.
 */
public final class FarTransfer {
    private FarTransfer() {
    }

    /** JMP ptr16:xx or m16:xx. */
    public static void jump(Cpu c, int selector, long offset) {
        if (!SegmentLoad.protectedMode(c)) {
            SegmentLoad.loadCode(c, selector, offset);
            return;
        }
        if ((selector & 0xfffc) == 0) throw CpuException.gp(0);
        long d = Descriptors.read(c, selector);
        if (Descriptors.codeOrData(d)) {
            SegmentLoad.enterCode(c, selector, SegmentLoad.checkDirectCode(c, selector, d), c.cpl, offset);
            return;
        }
        switch (Descriptors.type(d)) {
            case Descriptors.CALL_GATE, Descriptors.CALL_GATE16 -> {
                Gate g = gate(c, selector, d);
                if (!Descriptors.conforming(g.code) && Descriptors.dpl(g.code) != c.cpl) {
                    throw SegmentLoad.fault(CpuException.GP, g.codeSelector);
                }
                SegmentLoad.enterCode(c, g.codeSelector, g.code, c.cpl, g.offset);
            }
            case Descriptors.TSS_AVAILABLE, Descriptors.TSS_BUSY, Descriptors.TSS16_AVAILABLE, Descriptors.TSS16_BUSY,
                 Descriptors.TASK_GATE ->
                    task(c, selector, d, TaskSwitch.JMP);
            default -> throw SegmentLoad.fault(CpuException.GP, selector);
        }
    }

    /** CALL ptr16:xx or m16:xx with operand size {@code opSize} (2, 4 or 8). */
    public static void call(Cpu c, int selector, long offset, int opSize) {
        Saved saved = new Saved(c);
        try {
            callUnsaved(c, selector, offset, opSize);
        } catch (RuntimeException fault) {
            saved.restore(c);
            throw fault;
        }
    }

    private static void callUnsaved(Cpu c, int selector, long offset, int opSize) {
        int oldCs = c.seg[Insn.CS].selector;
        long returnRip = c.rip;
        if (!SegmentLoad.protectedMode(c)) {
            c.push(oldCs, opSize);
            c.push(returnRip, opSize);
            SegmentLoad.loadCode(c, selector, offset);
            return;
        }
        if ((selector & 0xfffc) == 0) throw CpuException.gp(0);
        long d = Descriptors.read(c, selector);
        if (Descriptors.codeOrData(d)) {
            SegmentLoad.checkDirectCode(c, selector, d);
            c.push(oldCs, opSize);
            c.push(returnRip, opSize);
            SegmentLoad.enterCode(c, selector, d, c.cpl, offset);
            return;
        }
        switch (Descriptors.type(d)) {
            case Descriptors.CALL_GATE, Descriptors.CALL_GATE16 -> callGate(c, selector, d, oldCs, returnRip);
            case Descriptors.TSS_AVAILABLE, Descriptors.TSS_BUSY, Descriptors.TSS16_AVAILABLE, Descriptors.TSS16_BUSY,
                 Descriptors.TASK_GATE ->
                    task(c, selector, d, TaskSwitch.CALL);
            default -> throw SegmentLoad.fault(CpuException.GP, selector);
        }
    }

    private static void callGate(Cpu c, int gateSelector, long gateDescriptor, int oldCs, long returnRip) {
        Gate g = gate(c, gateSelector, gateDescriptor);
        int dpl = Descriptors.dpl(g.code);
        if (Descriptors.conforming(g.code) || dpl == c.cpl) {
            c.push(oldCs, g.size);
            c.push(returnRip, g.size);
            SegmentLoad.enterCode(c, g.codeSelector, g.code, c.cpl, g.offset);
            return;
        }
        if (g.size == 8) {
            callInner64(c, g, dpl, oldCs, returnRip);
        } else {
            callInnerLegacy(c, g, dpl, oldCs, returnRip);
        }
    }

    /** 64-bit gate to a more privileged level: RSP from the TSS, SS becomes null with RPL = new CPL. */
    private static void callInner64(Cpu c, Gate g, int dpl, int oldCs, long returnRip) {
        long rsp = Tss.rsp(c, dpl);
        if (!Cpu.canonical(rsp)) throw CpuException.of(CpuException.SS, 0);
        long[] frame = {c.seg[Insn.SS].selector, c.gpr[Cpu.RSP], oldCs, returnRip};
        for (long v : frame) {
            rsp -= 8;
            c.mmu.write64(rsp, v, false);
        }
        SegmentLoad.enterCode(c, g.codeSelector, g.code, dpl, g.offset);
        c.seg[Insn.SS].load(dpl, 0, 0, 0);
        c.gpr[Cpu.RSP] = rsp;
    }

    /** 16/32-bit gate to a more privileged level: SS:ESP from the TSS, then the caller's parameters. */
    private static void callInnerLegacy(Cpu c, Gate g, int dpl, int oldCs, long returnRip) {
        boolean tss16 = (c.tr.attributes & 0xf) == Descriptors.TSS16_AVAILABLE || (c.tr.attributes & 0xf) == Descriptors.TSS16_BUSY;
        int newSs;
        long newSp;
        if (tss16) {
            newSp = c.mmu.read16(c.tr.base + 2 + 4L * dpl, false);
            newSs = c.mmu.read16(c.tr.base + 4 + 4L * dpl, false);
        } else {
            newSp = Tss.esp(c, dpl) & 0xffff_ffffL;
            newSs = Tss.ss(c, dpl);
        }
        int oldSs = c.seg[Insn.SS].selector;
        int oldSpSize = c.stackAddrSize();
        long oldSp = c.reg(Cpu.RSP, oldSpSize);
        long[] parameters = new long[g.parameters];
        for (int k = 0; k < g.parameters; k++) {
            parameters[k] = c.readMem(Insn.SS, (oldSp + (long) k * g.size) & Cpu.mask(oldSpSize), g.size);
        }
        if ((newSs & 0xfffc) == 0) throw CpuException.of(CpuException.TS, 0);
        SegmentLoad.loadStack(c, newSs, dpl, CpuException.TS);
        c.cpl = dpl;
        c.gpr[Cpu.RSP] = newSp;
        c.push(oldSs, g.size);
        c.push(oldSp, g.size);
        for (int k = g.parameters - 1; k >= 0; k--) {
            c.push(parameters[k], g.size);
        }
        c.push(oldCs, g.size);
        c.push(returnRip, g.size);
        SegmentLoad.enterCode(c, g.codeSelector, g.code, dpl, g.offset);
    }

    /** RET far with operand size {@code opSize}, releasing {@code release} bytes of parameters. */
    public static void ret(Cpu c, int opSize, int release) {
        Saved saved = new Saved(c);
        try {
            retUnsaved(c, opSize, release);
        } catch (RuntimeException fault) {
            saved.restore(c);
            throw fault;
        }
    }

    private static void retUnsaved(Cpu c, int size, int release) {
        long target = c.peek(0, size);
        int selector = (int) c.peek(size, size) & 0xffff;
        int spSize = c.stackAddrSize();
        if (!SegmentLoad.protectedMode(c)) {
            SegmentLoad.loadCode(c, selector, target);
            c.setReg(Cpu.RSP, spSize, c.reg(Cpu.RSP, spSize) + 2L * size + release);
            return;
        }
        long d = SegmentLoad.returnCodeDescriptor(c, selector);
        int rpl = selector & 3;
        if (rpl == c.cpl) {
            SegmentLoad.enterCode(c, selector, d, rpl, target);
            c.setReg(Cpu.RSP, spSize, c.reg(Cpu.RSP, spSize) + 2L * size + release);
            return;
        }
        long newSp = c.peek(2 * size + release, size);
        int newSs = (int) c.peek(3 * size + release, size) & 0xffff;
        SegmentLoad.enterCode(c, selector, d, rpl, target);
        SegmentLoad.loadStack(c, newSs, rpl, CpuException.GP);
        c.setReg(Cpu.RSP, size == 8 ? 8 : c.stackAddrSize(), newSp + release);
        SegmentLoad.dropInaccessibleDataSegments(c);
    }

    /** A decoded call gate with its checked target code segment. */
    private record Gate(int codeSelector, long code, long offset, int size, int parameters) {
    }

    /**
     * Checks a call gate (DPL &ge; CPL and RPL, present; in long mode a 64-bit gate whose high half has
     * type 0) and its target (a present code segment with DPL &le; CPL; 64-bit code in long mode).
     */
    private static Gate gate(Cpu c, int selector, long d) {
        boolean longMode = (c.efer & Cpu.EFER_LMA) != 0;
        int type = Descriptors.type(d);
        int dpl = Descriptors.dpl(d);
        if ((longMode && type != Descriptors.CALL_GATE) || dpl < c.cpl || dpl < (selector & 3)) {
            throw SegmentLoad.fault(CpuException.GP, selector);
        }
        if (!Descriptors.present(d)) throw SegmentLoad.fault(CpuException.NP, selector);
        long offset = Descriptors.gateOffset(d);
        int size = type == Descriptors.CALL_GATE16 ? 2 : 4;
        if (longMode) {
            long high = Descriptors.readHigh(c, selector);
            if (((high >>> 8) & 0x1f) != 0) throw SegmentLoad.fault(CpuException.GP, selector);
            offset |= high << 32;
            size = 8;
        } else if (size == 2) {
            offset &= 0xffff;
        }
        int codeSelector = Descriptors.gateSelector(d);
        if ((codeSelector & 0xfffc) == 0) throw CpuException.gp(0);
        long code = Descriptors.read(c, codeSelector);
        if (!Descriptors.code(code) || Descriptors.dpl(code) > c.cpl) {
            throw SegmentLoad.fault(CpuException.GP, codeSelector);
        }
        if (longMode && ((code & (1L << 53)) == 0 || (code & (1L << 54)) != 0)) {
            throw SegmentLoad.fault(CpuException.GP, codeSelector);
        }
        if (!Descriptors.present(code)) throw SegmentLoad.fault(CpuException.NP, codeSelector);
        return new Gate(codeSelector, code, offset, size, size == 8 ? 0 : Descriptors.gateParameters(d));
    }

    /** JMP/CALL to a TSS or task gate: legal only outside long mode, with DPL &ge; CPL and RPL. */
    private static void task(Cpu c, int selector, long d, int reason) {
        int dpl = Descriptors.dpl(d);
        if ((c.efer & Cpu.EFER_LMA) != 0 || dpl < c.cpl || dpl < (selector & 3)) {
            throw SegmentLoad.fault(CpuException.GP, selector);
        }
        if (Descriptors.type(d) == Descriptors.TASK_GATE) {
            if (!Descriptors.present(d)) throw SegmentLoad.fault(CpuException.NP, selector);
            TaskSwitch.switchTo(c, Descriptors.gateSelector(d), reason);
        } else {
            TaskSwitch.switchTo(c, selector, reason);
        }
    }

    /** The registers a far transfer may change before it can still fault. */
    private static final class Saved {
        private final Segment cs = new Segment(), ss = new Segment();
        private final long rsp, rip;
        private final int cpl;

        Saved(Cpu c) {
            cs.copyFrom(c.seg[Insn.CS]);
            ss.copyFrom(c.seg[Insn.SS]);
            rsp = c.gpr[Cpu.RSP];
            rip = c.rip;
            cpl = c.cpl;
        }

        void restore(Cpu c) {
            c.seg[Insn.CS].copyFrom(cs);
            c.seg[Insn.SS].copyFrom(ss);
            c.gpr[Cpu.RSP] = rsp;
            c.rip = rip;
            c.cpl = cpl;
            c.updateCodeSize();
        }
    }
}

package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.fault.ExceptionDelivery;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Descriptors;
import dev.multiverse.cpu.state.Segment;

/** Software interrupts (INT n, INT3, INTO, INT1) and the interrupt return IRET/IRETD/IRETQ. */
public final class Interrupts {
    private Interrupts() {
    }

    public static void intN(Cpu c, Insn i) {
        ExceptionDelivery.softwareInterrupt(c, (int) i.imm & 0xff, ExceptionDelivery.INT_N);
    }

    public static void int3(Cpu c, Insn i) {
        ExceptionDelivery.softwareInterrupt(c, CpuException.BP, ExceptionDelivery.INT3_INTO);
    }

    /** INTO: #OF when OF is set (the row is invalid in 64-bit mode). */
    public static void into(Cpu c, Insn i) {
        if (c.flags.of()) ExceptionDelivery.softwareInterrupt(c, CpuException.OF, ExceptionDelivery.INT3_INTO);
    }

    /** INT1 (ICEBP, F1): a #DB trap that ignores the gate's DPL, as a hardware debug trap does. */
    public static void int1(Cpu c, Insn i) {
        ExceptionDelivery.softwareInterrupt(c, CpuException.DB, ExceptionDelivery.INT1);
    }

    private static int iopl(long flags) {
        return (int) (flags >>> 12) & 3;
    }

    /**
     * IRET in every mode (SDM Vol. 2 IRET pseudo-code). Ends NMI blocking. Everything is read and checked
     * before any register changes, so a faulting IRET leaves the state as it was.
     */
    public static void iret(Cpu c, Insn i) {
        int size = i.opSize;
        boolean pe = (c.cr0 & Cpu.CR0_PE) != 0;
        long flags = c.flags.get();
        if (!pe) {
            realModeReturn(c, size, ~0L);
        } else if ((flags & Flags.VM) != 0) {
            // Virtual-8086 mode: only with IOPL 3 (the CR4.VME variant is not offered), IOPL itself unchanged.
            if (iopl(flags) != 3) throw CpuException.gp(0);
            realModeReturn(c, size, ~(long) (Flags.IOPL | Flags.VM | Flags.VIF | Flags.VIP));
        } else if ((flags & Flags.NT) != 0) {
            // A nested-task return: a task switch in legacy protected mode, #GP(0) in IA-32e mode.
            if ((c.efer & Cpu.EFER_LMA) != 0) throw CpuException.gp(0);
            TaskSwitch.returnToPreviousTask(c);
        } else {
            protectedReturn(c, size);
        }
        c.nmiBlocked = false;
        c.events.interruptReturn(c);
    }

    /** Real mode and virtual-8086 mode: IP, CS, FLAGS; {@code keep} selects the flag bits the popped image may change. */
    private static void realModeReturn(Cpu c, int size, long keep) {
        long ip = c.peek(0, size);
        int cs = (int) c.peek(size, size) & 0xffff;
        long image = c.peek(2 * size, size);
        if (ip > c.seg[Insn.CS].limit) throw CpuException.gp(0);
        long old = c.flags.get();
        long writable = size == 2 ? 0x7fd5L : 0x25_7fd5L;
        writable &= keep;
        popBytes(c, 3 * size);
        c.seg[Insn.CS].loadReal(cs);
        c.rip = ip & (size == 2 ? 0xffff : 0xffff_ffffL);
        c.flags.put((old & ~writable) | (image & writable) | 2);
        c.updateCodeSize();
    }

    private static void popBytes(Cpu c, int n) {
        int sp = c.stackAddrSize();
        c.setReg(Cpu.RSP, sp, c.reg(Cpu.RSP, sp) + n);
    }

    private static void protectedReturn(Cpu c, int size) {
        boolean long64 = c.longMode();
        boolean ia32e = (c.efer & Cpu.EFER_LMA) != 0;
        long target = c.peek(0, size);
        int cs = (int) c.peek(size, size) & 0xffff;
        long image = c.peek(2 * size, size);
        if (size == 2) image = (c.flags.get() & ~0xffffL) | (image & 0xffff);
        if (!ia32e && (image & Flags.VM) != 0 && c.cpl == 0 && size == 4) {
            returnToVirtual8086(c, target, cs, image);
            return;
        }
        int rpl = cs & 3;
        if ((cs & 0xfffc) == 0) throw CpuException.gp(0);
        if (rpl < c.cpl) throw CpuException.gp(cs & 0xfffc);
        long d = Descriptors.read(c, cs);
        int type = (int) (d >>> 40) & 0x1f;
        boolean code = (type & 0x18) == 0x18;
        int dpl = (int) (d >>> 45) & 3;
        boolean conforming = (type & 4) != 0;
        if (!code || (conforming ? dpl > rpl : dpl != rpl)) throw CpuException.gp(cs & 0xfffc);
        if (((d >>> 47) & 1) == 0) throw CpuException.of(CpuException.NP, cs & 0xfffc);
        boolean targetLong = ia32e && ((d >>> 53) & 1) != 0;
        if (targetLong && ((d >>> 54) & 1) != 0) throw CpuException.gp(cs & 0xfffc);   // L and D both set
        if (!targetLong) {
            Segment limit = new Segment();
            limit.loadDescriptor(cs, d);
            if (target > limit.limit) throw CpuException.gp(0);
        }
        if (targetLong && !Cpu.canonical(target)) throw CpuException.gp(0);
        boolean outer = rpl > c.cpl;
        // In 64-bit mode IRET always pops SS:RSP; elsewhere only on a return to an outer level.
        boolean popStack = outer || long64;
        long newRsp = 0;
        int newSs = 0;
        if (popStack) {
            newRsp = c.peek(3 * size, size);
            newSs = (int) c.peek(4 * size, size) & 0xffff;
            checkStackSegment(c, newSs, rpl, targetLong);
        }
        int oldCpl = c.cpl;
        long old = c.flags.get();
        c.cpl = rpl;
        SegmentLoad.loadCode(c, cs, target);
        if (popStack) {
            if ((newSs & 0xfffc) == 0) {
                c.seg[Insn.SS].load(newSs, 0, 0, 0);
            } else {
                SegmentLoad.loadData(c, Insn.SS, newSs);
            }
            if (long64 || targetLong) c.gpr[Cpu.RSP] = newRsp;
            else c.setReg(Cpu.RSP, c.stackAddrSize(), newRsp);
        } else {
            popBytes(c, 3 * size);
        }
        c.flags.put(returnFlags(old, image, size, oldCpl));
        if (outer) nullInaccessibleDataSegments(c, rpl);
    }

    /** The flags IRET may load: IOPL only at CPL 0, IF only when CPL &le; IOPL, VIF/VIP only at CPL 0; VM never here. */
    private static long returnFlags(long old, long image, int size, int cpl) {
        long writable = Flags.STATUS | Flags.TF | Flags.DF | Flags.NT | Flags.RF | Flags.AC | Flags.ID;
        if (cpl == 0) writable |= Flags.IOPL | Flags.VIF | Flags.VIP | Flags.IF;
        if (cpl <= iopl(old)) writable |= Flags.IF;
        if (size == 2) writable &= 0xffff;
        return (old & ~writable) | (image & writable) | 2;
    }

    /** The popped SS must be a writable data segment with RPL = DPL = the new CPL; null only for 64-bit code below ring 3. */
    private static void checkStackSegment(Cpu c, int ss, int cpl, boolean targetLong) {
        if ((ss & 0xfffc) == 0) {
            if (!targetLong || cpl == 3) throw CpuException.gp(0);
            return;
        }
        if ((ss & 3) != cpl) throw CpuException.gp(ss & 0xfffc);
        long d = Descriptors.read(c, ss);
        int type = (int) (d >>> 40) & 0x1f;
        boolean writableData = (type & 0x1a) == 0x12;
        if (!writableData || ((d >>> 45) & 3) != cpl) throw CpuException.gp(ss & 0xfffc);
        if (((d >>> 47) & 1) == 0) throw CpuException.of(CpuException.SS, ss & 0xfffc);
    }

    /** After a return to an outer level, data segment registers the new level may not use become null. */
    private static void nullInaccessibleDataSegments(Cpu c, int cpl) {
        for (int s : new int[]{Insn.ES, Insn.DS, Insn.FS, Insn.GS}) {
            Segment seg = c.seg[s];
            boolean conformingCode = (seg.attributes & 0x1c) == 0x1c;
            boolean dataOrNonConforming = !conformingCode;
            if (dataOrNonConforming && seg.dpl() < cpl && (seg.selector & 0xfffc) != 0) {
                seg.load(0, 0, 0, 0);
            }
        }
    }

    /**
     * IRETD at CPL 0 with VM set in the image: pops EIP, CS, EFLAGS, ESP, SS, ES, DS, FS, GS and enters
     * virtual-8086 mode at CPL 3 with real-mode style segments.
     */
    private static void returnToVirtual8086(Cpu c, long eip, int cs, long image) {
        long esp = c.peek(12, 4);
        int[] selectors = new int[4];
        int ss = (int) c.peek(16, 4) & 0xffff;
        for (int n = 0; n < 4; n++) selectors[n] = (int) c.peek(20 + 4 * n, 4) & 0xffff;
        int data = Segment.P | Segment.S | 3 | (3 << 5);
        c.flags.put((image & 0x3f_7fd5L) | 2);
        c.cpl = 3;
        int[] order = {Insn.ES, Insn.DS, Insn.FS, Insn.GS};
        for (int n = 0; n < 4; n++) c.seg[order[n]].load(selectors[n], (long) selectors[n] << 4, 0xffff, data);
        c.seg[Insn.SS].load(ss, (long) ss << 4, 0xffff, data);
        c.seg[Insn.CS].load(cs, (long) cs << 4, 0xffff, Segment.P | Segment.S | 0xb | (3 << 5));
        c.gpr[Cpu.RSP] = esp & 0xffff_ffffL;
        c.rip = eip & 0xffff;
        c.updateCodeSize();
    }
}

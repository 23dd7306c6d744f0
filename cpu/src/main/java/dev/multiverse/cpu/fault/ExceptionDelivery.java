package dev.multiverse.cpu.fault;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.CpuEventSink;
import dev.multiverse.cpu.exec.TaskSwitch;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Descriptors;
import dev.multiverse.cpu.state.Segment;
import dev.multiverse.cpu.state.Tss;
import dev.multiverse.mmu.PageFault;

/**
 * Delivers exceptions and interrupts through the IVT (real mode), the 32-bit IDT or the 64-bit IDT,
 * with the double-fault rules: a contributory fault during a contributory one, or a page fault or
 * contributory fault during a page fault, becomes #DF; any fault while delivering #DF is a triple fault.
 */
public final class ExceptionDelivery {
    private ExceptionDelivery() {
    }

    private static final int TASK_GATE = 5;

    private static boolean contributory(int v) {
        return v == CpuException.DE || (v >= CpuException.TS && v <= CpuException.GP);
    }

    /**
     * Fault-class exceptions: the ones reported before the faulting instruction completes, so that it
     * restarts. #DB is left out: its instruction-breakpoint form pushes RF unchanged, its general-detect
     * form sets RF itself (see Debug), the others are traps. #DF and #MC are aborts.
     */
    private static boolean faultClass(int v) {
        return switch (v) {
            case CpuException.DE, CpuException.BR, CpuException.UD, CpuException.NM, CpuException.TS,
                 CpuException.NP, CpuException.SS, CpuException.GP, CpuException.PF, CpuException.MF,
                 CpuException.AC, CpuException.XM -> true;
            default -> false;
        };
    }

    /**
     * Delivers the exception {@code vector} (or an NMI); returns false on a triple fault. {@code errorCode}
     * is -1 for none; any other value is pushed as 32 bits (an injected one may use all of them: 0xf00df00d).
     * A fault-class exception saves RFLAGS with RF set, so that the restarted instruction
     * is not stopped again by an instruction breakpoint on it (SDM vol. 3, 17.3.1.1); other events save RF
     * as it is.
     */
    public static boolean deliver(Cpu cpu, int vector, int errorCode) {
        int current = vector, code = errorCode;
        boolean rf = cpu.flags.bit(Flags.RF);
        long from = cpu.rip;
        while (true) {
            // The saved image (on the stack, or in the old TSS for a task gate) takes RF from the flags;
            // the entry then clears RF or, through a task gate, loads the new task's.
            cpu.flags.setBit(Flags.RF, rf || faultClass(current));
            try {
                enter(cpu, current, code, false);
                cpu.events.interrupt(cpu, current == CpuException.NMI ? CpuEventSink.NMI : CpuEventSink.EXCEPTION,
                        current, code, from);
                return true;
            } catch (CpuException nested) {
                cpu.flags.setBit(Flags.RF, rf);
                if (current == CpuException.DF) return shutdown(cpu);
                int next = nested.vector;
                boolean doubleFault = (contributory(current) && contributory(next))
                        || (current == CpuException.PF && (contributory(next)));
                current = doubleFault ? CpuException.DF : next;
                code = doubleFault ? 0 : nested.errorCode;
            } catch (PageFault pf) {
                cpu.flags.setBit(Flags.RF, rf);
                if (current == CpuException.DF) return shutdown(cpu);
                cpu.cr2 = pf.address();
                boolean doubleFault = current == CpuException.PF || contributory(current);
                current = doubleFault ? CpuException.DF : CpuException.PF;
                code = doubleFault ? 0 : pf.errorCode();
            }
        }
    }

    private static boolean shutdown(Cpu cpu) {
        cpu.events.shutdown(cpu);
        return false;
    }

    /** Delivers an NMI and blocks further NMIs until the next IRET; returns false on a triple fault. */
    public static boolean deliverNmi(Cpu cpu) {
        cpu.nmiBlocked = true;
        return deliver(cpu, CpuException.NMI, -1);
    }

    /**
     * Delivers an external (maskable) interrupt: no gate DPL check, no error code, RF saved as it is. A fault
     * while delivering it is delivered in its place as an ordinary exception (an external interrupt is
     * benign for the double-fault rules). Returns false on a triple fault.
     */
    public static boolean deliverExternal(Cpu cpu, int vector) {
        long from = cpu.rip;
        try {
            enter(cpu, vector, -1, false);
            cpu.events.interrupt(cpu, CpuEventSink.EXTERNAL, vector, -1, from);
            return true;
        } catch (CpuException nested) {
            return deliver(cpu, nested.vector, nested.errorCode);
        } catch (PageFault pf) {
            cpu.cr2 = pf.address();
            return deliver(cpu, CpuException.PF, pf.errorCode());
        }
    }

    /** Kinds of software interrupt: INT n (IOPL-sensitive in virtual-8086 mode), INT3/INTO, INT1. */
    public static final int INT_N = 0, INT3_INTO = 1, INT1 = 2;

    /**
     * INT n, INT3, INTO and INT1 ({@code kind}): delivered with the return address of the next
     * instruction, which {@code cpu.rip} already holds. Except for INT1 the gate's DPL must be at least
     * CPL, else #GP(vector*8+2); INT n in virtual-8086 mode with IOPL &lt; 3 raises #GP(0). A fault during
     * delivery is an ordinary fault of the instruction (no double-fault promotion), so state is restored
     * before it propagates.
     */
    public static void softwareInterrupt(Cpu cpu, int vector, int kind) {
        if (kind == INT_N && cpu.flags.bit(Flags.VM) && ((cpu.flags.get() >>> 12) & 3) < 3) throw CpuException.gp(0);
        Segment[] saved = new Segment[6];
        for (int s = 0; s < 6; s++) {
            saved[s] = new Segment();
            saved[s].copyFrom(cpu.seg[s]);
        }
        int cpl = cpu.cpl, tr = cpu.tr.selector;
        long rsp = cpu.gpr[Cpu.RSP], flags = cpu.flags.get(), rip = cpu.rip;
        try {
            enter(cpu, vector, -1, kind != INT1);
        } catch (RuntimeException fault) {
            // A fault after a task switch has committed belongs to the new task; otherwise undo the entry.
            if (cpu.tr.selector != tr) throw fault;
            for (int s = 0; s < 6; s++) cpu.seg[s].copyFrom(saved[s]);
            cpu.cpl = cpl;
            cpu.gpr[Cpu.RSP] = rsp;
            cpu.flags.put(flags);
            cpu.rip = rip;
            cpu.updateCodeSize();
            throw fault;
        }
        cpu.events.interrupt(cpu, CpuEventSink.SOFTWARE, vector, -1, rip);
        cpu.softwareInterruptDelivered = true;
    }

    private static void enter(Cpu cpu, int vector, int errorCode, boolean software) {
        if ((cpu.cr0 & Cpu.CR0_PE) == 0) {
            enterReal(cpu, vector);
        } else if ((cpu.efer & Cpu.EFER_LMA) != 0) {
            enterLong(cpu, vector, errorCode, software);
        } else {
            enterProtected(cpu, vector, errorCode, software);
        }
    }

    /** A software interrupt may only go through a gate whose DPL is at least CPL. */
    private static void checkGateDpl(Cpu cpu, long gateLow, int vector, boolean software) {
        if (software && ((gateLow >>> 45) & 3) < cpu.cpl) throw CpuException.gp(vector * 8 + 2);
    }

    private static void enterReal(Cpu cpu, int vector) {
        if (vector * 4 + 3 > cpu.idtLimit) throw CpuException.gp(vector * 8 + 2);
        long entry = cpu.mmu.read32(cpu.idtBase + vector * 4L, false) & 0xffff_ffffL;
        cpu.push(cpu.flags.get() & 0xffff, 2);
        cpu.push(cpu.seg[Insn.CS].selector, 2);
        cpu.push(cpu.rip & 0xffff, 2);
        clearOnEntry(cpu, true);
        cpu.seg[Insn.CS].loadReal((int) (entry >>> 16));
        cpu.rip = entry & 0xffff;
    }

    private static void clearOnEntry(Cpu cpu, boolean interruptGate) {
        cpu.flags.setBit(Flags.TF, false);
        cpu.flags.setBit(Flags.NT, false);
        cpu.flags.setBit(Flags.RF, false);
        cpu.flags.setBit(Flags.VM, false);
        cpu.flags.setBit(Flags.AC, (cpu.cr0 & Cpu.CR0_PE) != 0 && cpu.flags.bit(Flags.AC));
        if (interruptGate) cpu.flags.setBit(Flags.IF, false);
    }

    /** Loads the gate's target code segment descriptor, checking it is a present code segment. */
    private static long targetCode(Cpu cpu, int selector) {
        if ((selector & 0xfffc) == 0) throw CpuException.gp(0);
        long d = Descriptors.read(cpu, selector);
        boolean code = ((d >>> 43) & 1) != 0 && ((d >>> 44) & 1) != 0;
        if (!code) throw CpuException.gp(selector & 0xfffc);
        if (((d >>> 47) & 1) == 0) throw CpuException.of(CpuException.NP, selector & 0xfffc);
        return d;
    }

    private static void enterLong(Cpu cpu, int vector, int errorCode, boolean software) {
        int idtError = vector * 8 + 2;
        if (vector * 16 + 15 > cpu.idtLimit) throw CpuException.gp(idtError);
        long lo = cpu.mmu.read64(cpu.idtBase + vector * 16L, false);
        long hi = cpu.mmu.read64(cpu.idtBase + vector * 16L + 8, false);
        int type = (int) (lo >>> 40) & 0xf;
        if (type != 0xe && type != 0xf) throw CpuException.gp(idtError);
        checkGateDpl(cpu, lo, vector, software);
        if (((lo >>> 47) & 1) == 0) throw CpuException.of(CpuException.NP, idtError);
        int selector = (int) (lo >>> 16) & 0xffff;
        long target = (lo & 0xffff) | ((lo >>> 32) & 0xffff_0000L) | (hi << 32);
        int ist = (int) (lo >>> 32) & 7;
        long d = targetCode(cpu, selector);
        if (((d >>> 53) & 1) == 0) throw CpuException.gp(selector & 0xfffc); // must be a 64-bit code segment
        int dpl = (int) (d >>> 45) & 3;
        boolean conforming = ((d >>> 42) & 1) != 0;
        int newCpl = conforming || dpl > cpu.cpl ? cpu.cpl : dpl;

        long oldSs = cpu.seg[Insn.SS].selector, oldRsp = cpu.gpr[Cpu.RSP], oldFlags = cpu.flags.get();
        long oldCs = cpu.seg[Insn.CS].selector;
        long rsp;
        if (ist != 0) {
            rsp = cpu.mmu.read64(cpu.tr.base + 0x24 + (ist - 1) * 8L, false);
        } else if (newCpl != cpu.cpl) {
            rsp = cpu.mmu.read64(cpu.tr.base + 4 + newCpl * 8L, false);
        } else {
            rsp = oldRsp;
        }
        rsp &= ~0xfL;
        long[] frame = errorCode != -1
                ? new long[]{oldSs, oldRsp, oldFlags, oldCs, cpu.rip, errorCode & 0xffff_ffffL}
                : new long[]{oldSs, oldRsp, oldFlags, oldCs, cpu.rip};
        for (long v : frame) {
            rsp -= 8;
            cpu.mmu.write64(rsp, v, newCpl == 3);
        }
        if (newCpl != cpu.cpl) {
            cpu.seg[Insn.SS].load(newCpl, 0, 0, 0);
        }
        cpu.gpr[Cpu.RSP] = rsp;
        cpu.seg[Insn.CS].loadDescriptor((selector & 0xfffc) | newCpl, d);
        cpu.cpl = newCpl;
        clearOnEntry(cpu, type == 0xe);
        cpu.rip = target;
        cpu.updateCodeSize();
    }

    private static void enterProtected(Cpu cpu, int vector, int errorCode, boolean software) {
        int idtError = vector * 8 + 2;
        if (vector * 8 + 7 > cpu.idtLimit) throw CpuException.gp(idtError);
        long gate = cpu.mmu.read64(cpu.idtBase + vector * 8L, false);
        int type = (int) (gate >>> 40) & 0xf;
        if (type != 0xe && type != 0xf && type != 0x6 && type != 0x7 && type != TASK_GATE) {
            throw CpuException.gp(idtError);
        }
        checkGateDpl(cpu, gate, vector, software);
        if (((gate >>> 47) & 1) == 0) throw CpuException.of(CpuException.NP, idtError);
        if (type == TASK_GATE) {
            // The error code goes on the new task's stack, at the width of its TSS (32- or 16-bit).
            TaskSwitch.switchTo(cpu, (int) (gate >>> 16) & 0xffff, TaskSwitch.INTERRUPT);
            if (errorCode != -1) cpu.push(errorCode, (cpu.tr.attributes & 8) != 0 ? 4 : 2);
            return;
        }
        int selector = (int) (gate >>> 16) & 0xffff;
        long target = (gate & 0xffff) | ((gate >>> 32) & 0xffff_0000L);
        int width = (type & 8) != 0 ? 4 : 2;
        if (width == 2) target &= 0xffff;
        long d = targetCode(cpu, selector);
        int dpl = (int) (d >>> 45) & 3;
        boolean conforming = ((d >>> 42) & 1) != 0;
        int newCpl = conforming || dpl > cpu.cpl ? cpu.cpl : dpl;
        boolean fromVirtual8086 = cpu.flags.bit(Flags.VM);
        // From virtual-8086 mode the handler must be ring-0, non-conforming code.
        if (fromVirtual8086 && (conforming || dpl != 0)) throw CpuException.gp(selector & 0xfffc);
        long oldFlags = cpu.flags.get();
        int oldCs = cpu.seg[Insn.CS].selector;
        long oldEip = cpu.rip;
        if (newCpl != cpu.cpl) {
            int oldSs = cpu.seg[Insn.SS].selector;
            long oldEsp = cpu.gpr[Cpu.RSP] & 0xffff_ffffL;
            long esp = Tss.esp(cpu, newCpl) & 0xffff_ffffL;
            int ss = Tss.ss(cpu, newCpl);
            long ssDescriptor = Descriptors.read(cpu, ss);
            cpu.seg[Insn.SS].loadDescriptor(ss, ssDescriptor);
            cpu.gpr[Cpu.RSP] = esp;
            cpu.cpl = newCpl;
            if (fromVirtual8086) {
                // The real-mode style data selectors are saved and replaced by null ones.
                for (int s : new int[]{Insn.GS, Insn.FS, Insn.DS, Insn.ES}) {
                    cpu.push(cpu.seg[s].selector, width);
                }
                for (int s : new int[]{Insn.GS, Insn.FS, Insn.DS, Insn.ES}) {
                    cpu.seg[s].load(0, 0, 0, 0);
                }
            }
            cpu.push(oldSs, width);
            cpu.push(oldEsp, width);
        }
        cpu.push(oldFlags, width);
        cpu.push(oldCs, width);
        cpu.push(oldEip, width);
        if (errorCode != -1) cpu.push(errorCode, width);
        cpu.seg[Insn.CS].loadDescriptor((selector & 0xfffc) | newCpl, d);
        cpu.cpl = newCpl;
        clearOnEntry(cpu, (type & 1) == 0);
        cpu.rip = target;
        cpu.updateCodeSize();
    }
}

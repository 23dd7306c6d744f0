package dev.multiverse.cpu.fault;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Descriptors;
import dev.multiverse.cpu.state.Segment;
import dev.multiverse.mmu.PageFault;

/**
 * Delivers exceptions and interrupts through the IVT (real mode), the 32-bit IDT or the 64-bit IDT,
 * with the double-fault rules: a contributory fault during a contributory one, or a page fault or
 * contributory fault during a page fault, becomes #DF; any fault while delivering #DF is a triple fault.
 */
public final class ExceptionDelivery {
    private ExceptionDelivery() {
    }

    private static boolean contributory(int v) {
        return v == CpuException.DE || (v >= CpuException.TS && v <= CpuException.GP);
    }

    /** Delivers {@code vector}; returns false on a triple fault. {@code errorCode} is -1 for none. */
    public static boolean deliver(Cpu cpu, int vector, int errorCode) {
        int current = vector, code = errorCode;
        while (true) {
            try {
                enter(cpu, current, code);
                return true;
            } catch (CpuException nested) {
                if (current == CpuException.DF) return false;
                int next = nested.vector;
                boolean doubleFault = (contributory(current) && contributory(next))
                        || (current == CpuException.PF && (contributory(next)));
                current = doubleFault ? CpuException.DF : next;
                code = doubleFault ? 0 : nested.errorCode;
            } catch (PageFault pf) {
                if (current == CpuException.DF) return false;
                cpu.cr2 = pf.address();
                boolean doubleFault = current == CpuException.PF || contributory(current);
                current = doubleFault ? CpuException.DF : CpuException.PF;
                code = doubleFault ? 0 : pf.errorCode();
            }
        }
    }

    private static void enter(Cpu cpu, int vector, int errorCode) {
        if ((cpu.cr0 & Cpu.CR0_PE) == 0) {
            enterReal(cpu, vector);
        } else if ((cpu.efer & Cpu.EFER_LMA) != 0) {
            enterLong(cpu, vector, errorCode);
        } else {
            enterProtected(cpu, vector, errorCode);
        }
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

    private static void enterLong(Cpu cpu, int vector, int errorCode) {
        int idtError = vector * 8 + 2;
        if (vector * 16 + 15 > cpu.idtLimit) throw CpuException.gp(idtError);
        long lo = cpu.mmu.read64(cpu.idtBase + vector * 16L, false);
        long hi = cpu.mmu.read64(cpu.idtBase + vector * 16L + 8, false);
        int type = (int) (lo >>> 40) & 0xf;
        if (type != 0xe && type != 0xf) throw CpuException.gp(idtError);
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
        long[] frame = errorCode >= 0
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

    private static void enterProtected(Cpu cpu, int vector, int errorCode) {
        int idtError = vector * 8 + 2;
        if (vector * 8 + 7 > cpu.idtLimit) throw CpuException.gp(idtError);
        long gate = cpu.mmu.read64(cpu.idtBase + vector * 8L, false);
        int type = (int) (gate >>> 40) & 0xf;
        if (type != 0xe && type != 0xf && type != 0x6 && type != 0x7) {
            // Task gates (type 5) need hardware task switching, which is not modelled yet.
            throw CpuException.gp(idtError);
        }
        if (((gate >>> 47) & 1) == 0) throw CpuException.of(CpuException.NP, idtError);
        int selector = (int) (gate >>> 16) & 0xffff;
        long target = (gate & 0xffff) | ((gate >>> 32) & 0xffff_0000L);
        int width = (type & 8) != 0 ? 4 : 2;
        if (width == 2) target &= 0xffff;
        long d = targetCode(cpu, selector);
        int dpl = (int) (d >>> 45) & 3;
        boolean conforming = ((d >>> 42) & 1) != 0;
        int newCpl = conforming || dpl > cpu.cpl ? cpu.cpl : dpl;
        long oldFlags = cpu.flags.get();
        int oldCs = cpu.seg[Insn.CS].selector;
        long oldEip = cpu.rip;
        if (newCpl != cpu.cpl) {
            int oldSs = cpu.seg[Insn.SS].selector;
            long oldEsp = cpu.gpr[Cpu.RSP] & 0xffff_ffffL;
            long esp = cpu.mmu.read32(cpu.tr.base + 4 + newCpl * 8L, false) & 0xffff_ffffL;
            int ss = cpu.mmu.read16(cpu.tr.base + 8 + newCpl * 8L, false);
            long ssDescriptor = Descriptors.read(cpu, ss);
            cpu.seg[Insn.SS].loadDescriptor(ss, ssDescriptor);
            cpu.gpr[Cpu.RSP] = esp;
            cpu.cpl = newCpl;
            cpu.push(oldSs, width);
            cpu.push(oldEsp, width);
        }
        cpu.push(oldFlags, width);
        cpu.push(oldCs, width);
        cpu.push(oldEip, width);
        if (errorCode >= 0) cpu.push(errorCode, width);
        cpu.seg[Insn.CS].loadDescriptor((selector & 0xfffc) | newCpl, d);
        cpu.cpl = newCpl;
        clearOnEntry(cpu, (type & 1) == 0);
        cpu.rip = target;
        cpu.updateCodeSize();
    }
}

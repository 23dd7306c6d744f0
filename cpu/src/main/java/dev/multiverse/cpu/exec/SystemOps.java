package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.CpuidModel;

/** Privileged and system instructions: HLT, CLI/STI, port I/O, control registers, MSRs, descriptor tables, far jumps. */
public final class SystemOps {
    private SystemOps() {
    }

    private static int iopl(Cpu c) {
        return (int) (c.flags.get() >>> 12) & 3;
    }

    /** #GP(0) unless at CPL 0 (real mode counts as CPL 0). */
    static void requireCpl0(Cpu c) {
        if (c.cpl != 0) throw CpuException.gp(0);
    }

    public static void hlt(Cpu c, Insn i) {
        requireCpl0(c);
        c.halted = true;
        c.exitBlock = true;
    }

    public static void cli(Cpu c, Insn i) {
        if ((c.cr0 & Cpu.CR0_PE) != 0 && c.cpl > iopl(c)) throw CpuException.gp(0);
        c.flags.setBit(Flags.IF, false);
    }

    public static void sti(Cpu c, Insn i) {
        if ((c.cr0 & Cpu.CR0_PE) != 0 && c.cpl > iopl(c)) throw CpuException.gp(0);
        c.flags.setBit(Flags.IF, true);
        c.exitBlock = true;
    }

    /** I/O permission: at CPL > IOPL the TSS I/O bitmap would decide; without one, access is refused. */
    private static void checkIo(Cpu c) {
        if ((c.cr0 & Cpu.CR0_PE) != 0 && (c.cpl > iopl(c) || c.flags.bit(Flags.VM))) throw CpuException.gp(0);
    }

    public static void in(Cpu c, Insn i) {
        checkIo(c);
        int port = (int) c.read(i, 1) & 0xffff;
        c.write(i, 0, c.ports.in(port, i.size0) & 0xffff_ffffL);
    }

    public static void out(Cpu c, Insn i) {
        checkIo(c);
        int port = (int) c.read(i, 0) & 0xffff;
        c.ports.out(port, i.size1, (int) c.read(i, 1));
    }

    public static void movFromCr(Cpu c, Insn i) {
        requireCpl0(c);
        long v = switch (i.reg) {
            case 0 -> c.cr0;
            case 2 -> c.cr2;
            case 3 -> c.cr3;
            case 4 -> c.cr4;
            case 8 -> c.cr8;
            default -> throw CpuException.ud();
        };
        c.setReg(i.rm, i.size0, v);
    }

    public static void movToCr(Cpu c, Insn i) {
        requireCpl0(c);
        long v = c.reg(i.rm, i.size1);
        switch (i.reg) {
            case 0 -> writeCr0(c, v);
            case 2 -> c.cr2 = v;
            case 3 -> {
                c.cr3 = v;
                c.mmu.setCr3(v);
                c.exitBlock = true;
            }
            case 4 -> writeCr4(c, v);
            case 8 -> {
                if ((v & ~0xfL) != 0) throw CpuException.gp(0);
                c.cr8 = v;
            }
            default -> throw CpuException.ud();
        }
    }

    /** CR0 bits that exist; writing a 1 elsewhere (upper half) is #GP. */
    private static final long CR0_DEFINED = Cpu.CR0_PE | Cpu.CR0_MP | Cpu.CR0_EM | Cpu.CR0_TS | Cpu.CR0_ET | Cpu.CR0_NE
            | Cpu.CR0_WP | Cpu.CR0_AM | Cpu.CR0_NW | Cpu.CR0_CD | Cpu.CR0_PG;
    /** CR4 bits implemented so far: VME PVI TSD DE PSE PAE MCE PGE PCE OSFXSR OSXMMEXCPT. */
    private static final long CR4_DEFINED = 0x7ff;

    static void writeCr0(Cpu c, long v) {
        if ((v >>> 32) != 0) throw CpuException.gp(0);
        v |= Cpu.CR0_ET;
        if ((v & Cpu.CR0_PG) != 0 && (v & Cpu.CR0_PE) == 0) throw CpuException.gp(0);
        if ((v & Cpu.CR0_NW) != 0 && (v & Cpu.CR0_CD) == 0) throw CpuException.gp(0);
        boolean enablingPaging = (v & Cpu.CR0_PG) != 0 && (c.cr0 & Cpu.CR0_PG) == 0;
        boolean disablingPaging = (v & Cpu.CR0_PG) == 0 && (c.cr0 & Cpu.CR0_PG) != 0;
        if (enablingPaging && (c.efer & Cpu.EFER_LME) != 0) {
            if ((c.cr4 & Cpu.CR4_PAE) == 0) throw CpuException.gp(0);
            c.efer |= Cpu.EFER_LMA;
        }
        if (disablingPaging && (c.efer & Cpu.EFER_LMA) != 0) {
            if (c.longMode()) throw CpuException.gp(0);
            c.efer &= ~Cpu.EFER_LMA;
        }
        c.cr0 = v & CR0_DEFINED;
        c.updatePaging();
        c.updateCodeSize();
    }

    static void writeCr4(Cpu c, long v) {
        if ((v & ~CR4_DEFINED) != 0) throw CpuException.gp(0);
        if ((c.efer & Cpu.EFER_LMA) != 0 && (v & Cpu.CR4_PAE) == 0) throw CpuException.gp(0);
        c.cr4 = v;
        c.updatePaging();
    }

    public static void rdmsr(Cpu c, Insn i) {
        requireCpl0(c);
        long v = c.msrs.read((int) c.gpr[Cpu.RCX]);
        c.gpr[Cpu.RAX] = v & 0xffff_ffffL;
        c.gpr[Cpu.RDX] = v >>> 32;
    }

    public static void wrmsr(Cpu c, Insn i) {
        requireCpl0(c);
        long v = (c.gpr[Cpu.RAX] & 0xffff_ffffL) | (c.gpr[Cpu.RDX] << 32);
        c.msrs.write((int) c.gpr[Cpu.RCX], v);
    }

    /** LGDT/LIDT read a 2-byte limit and a 4-byte (8 in 64-bit mode) base; with a 16-bit operand, 24 bits of base. */
    private static long[] tableOperand(Cpu c, Insn i) {
        long offset = c.ea(i);
        long limit = c.readMem(i.seg, offset, 2);
        long base = c.longMode() ? c.readMem(i.seg, offset + 2, 8) : c.readMem(i.seg, offset + 2, 4);
        if (!c.longMode() && i.opSize == 2) base &= 0xff_ffff;
        return new long[]{limit, base};
    }

    public static void lgdt(Cpu c, Insn i) {
        requireCpl0(c);
        long[] t = tableOperand(c, i);
        c.gdtLimit = (int) t[0];
        c.gdtBase = t[1];
    }

    public static void lidt(Cpu c, Insn i) {
        requireCpl0(c);
        long[] t = tableOperand(c, i);
        c.idtLimit = (int) t[0];
        c.idtBase = t[1];
    }

    public static void movToSreg(Cpu c, Insn i) {
        if (i.reg > Insn.GS) throw CpuException.ud();
        SegmentLoad.loadData(c, i.reg, (int) c.read(i, 1));
    }

    public static void movFromSreg(Cpu c, Insn i) {
        if (i.reg > Insn.GS) throw CpuException.ud();
        int sel = c.seg[i.reg].selector;
        // To a register the selector is zero-extended to the operand size; to memory it is always 16 bits.
        if (i.loc0 == Insn.MEM) c.writeMem(i.seg, c.ea(i), 2, sel);
        else c.setReg(i.loc0, i.opSize, sel);
    }

    public static void jmpFarImmediate(Cpu c, Insn i) {
        SegmentLoad.loadCode(c, (int) i.imm2, i.imm);
    }

    /** JMP m16:16/32/64: offset first, then the selector. */
    public static void jmpFarIndirect(Cpu c, Insn i) {
        long offset = c.ea(i);
        long target = c.readMem(i.seg, offset, i.opSize);
        int selector = (int) c.readMem(i.seg, offset + i.opSize, 2);
        SegmentLoad.loadCode(c, selector, target);
    }

    /** CALL ptr16:16/32 (outside 64-bit mode): pushes CS and the return offset, then jumps far. */
    public static void callFarImmediate(Cpu c, Insn i) {
        callFar(c, i, (int) i.imm2, i.imm);
    }

    /** CALL m16:16/32/64. */
    public static void callFarIndirect(Cpu c, Insn i) {
        long offset = c.ea(i);
        long target = c.readMem(i.seg, offset, i.opSize);
        int selector = (int) c.readMem(i.seg, offset + i.opSize, 2);
        callFar(c, i, selector, target);
    }

    private static void callFar(Cpu c, Insn i, int selector, long target) {
        int oldCs = c.seg[Insn.CS].selector;
        long returnRip = c.rip;
        long oldRsp = c.gpr[Cpu.RSP];
        try {
            c.push(oldCs, i.opSize);
            c.push(returnRip, i.opSize);
            SegmentLoad.loadCode(c, selector, target);
        } catch (RuntimeException fault) {
            c.gpr[Cpu.RSP] = oldRsp;   // a faulting far call leaves the stack pointer unchanged
            throw fault;
        }
    }

    /**
     * RET far [imm16]: pops RIP and CS; a return to an outer privilege level also pops RSP and SS
     * (and nulls data segment registers the new level may not use).
     */
    public static void retFar(Cpu c, Insn i) {
        int size = i.opSize;
        long target = c.peek(0, size);
        int selector = (int) c.peek(size, size) & 0xffff;
        long release = i.loc0 == Insn.IMM ? i.imm & 0xffff : 0;
        boolean outer = (c.cr0 & Cpu.CR0_PE) != 0 && !c.flags.bit(Flags.VM) && (selector & 3) > c.cpl;
        if (!outer) {
            SegmentLoad.loadCode(c, selector, target);
            int spSize = c.stackAddrSize();
            c.setReg(Cpu.RSP, spSize, c.reg(Cpu.RSP, spSize) + 2L * size + release);
            return;
        }
        long newRsp = c.peek(2 * size + (int) release, size);
        int newSs = (int) c.peek(3 * size + (int) release, size) & 0xffff;
        int newCpl = selector & 3;
        c.cpl = newCpl;
        SegmentLoad.loadCode(c, selector, target);
        SegmentLoad.loadData(c, Insn.SS, newSs);
        c.setReg(Cpu.RSP, size == 8 ? 8 : c.stackAddrSize(), newRsp + release);
        for (int s : new int[]{Insn.ES, Insn.DS, Insn.FS, Insn.GS}) {
            boolean conformingCode = (c.seg[s].attributes & 0x1c) == 0x1c;
            if (!conformingCode && c.seg[s].dpl() < newCpl && (c.seg[s].selector & 0xfffc) != 0) {
                c.seg[s].load(0, 0, 0, 0);
            }
        }
    }

    public static void cpuid(Cpu c, Insn i) {
        int[] r = CpuidModel.query((int) c.gpr[Cpu.RAX], (int) c.gpr[Cpu.RCX], c.id);
        c.gpr[Cpu.RAX] = r[0] & 0xffff_ffffL;
        c.gpr[Cpu.RBX] = r[1] & 0xffff_ffffL;
        c.gpr[Cpu.RCX] = r[2] & 0xffff_ffffL;
        c.gpr[Cpu.RDX] = r[3] & 0xffff_ffffL;
    }

    public static void rdtsc(Cpu c, Insn i) {
        if ((c.cr4 & 4) != 0 && c.cpl != 0) throw CpuException.gp(0);   // CR4.TSD
        c.gpr[Cpu.RAX] = c.cycles & 0xffff_ffffL;
        c.gpr[Cpu.RDX] = c.cycles >>> 32;
    }
}

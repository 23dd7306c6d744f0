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
        c.events.halted(c);
    }

    public static void cli(Cpu c, Insn i) {
        if ((c.cr0 & Cpu.CR0_PE) != 0 && c.cpl > iopl(c)) throw CpuException.gp(0);
        c.flags.setBit(Flags.IF, false);
    }

    /** STI: when it sets IF, interrupts wait until after the next instruction. */
    public static void sti(Cpu c, Insn i) {
        if ((c.cr0 & Cpu.CR0_PE) != 0 && c.cpl > iopl(c)) throw CpuException.gp(0);
        if (!c.flags.bit(Flags.IF)) c.interruptShadowAt = c.instructions + 1;
        c.flags.setBit(Flags.IF, true);
        c.exitBlock = true;
    }

    public static void in(Cpu c, Insn i) {
        int port = (int) c.read(i, 1) & 0xffff;
        IoPermission.check(c, port, i.size0);
        c.write(i, 0, c.ports.in(port, i.size0) & 0xffff_ffffL);
    }

    public static void out(Cpu c, Insn i) {
        int port = (int) c.read(i, 0) & 0xffff;
        IoPermission.check(c, port, i.size1);
        c.ports.out(port, i.size1, (int) c.read(i, 1));
    }

    public static void movFromCr(Cpu c, Insn i) {
        requireCpl0(c);
        long v = switch (i.reg) {
            case 0 -> c.cr0;
            case 2 -> c.cr2;
            case 3 -> c.cr3;
            case 4 -> c.cr4;
            case 8 -> c.taskPriority != null ? c.taskPriority.cr8() : c.cr8;
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
            case 3 -> c.setCr3(v);
            case 4 -> writeCr4(c, v);
            case 8 -> {
                if ((v & ~0xfL) != 0) throw CpuException.gp(0);
                if (c.taskPriority != null) c.taskPriority.setCr8((int) v);
                else c.cr8 = v;
            }
            default -> throw CpuException.ud();
        }
    }

    /** CR0 bits that exist; writing a 1 elsewhere (upper half) is #GP. */
    private static final long CR0_DEFINED = Cpu.CR0_PE | Cpu.CR0_MP | Cpu.CR0_EM | Cpu.CR0_TS | Cpu.CR0_ET | Cpu.CR0_NE
            | Cpu.CR0_WP | Cpu.CR0_AM | Cpu.CR0_NW | Cpu.CR0_CD | Cpu.CR0_PG;
    /**
     * CR4 bits of implemented features: TSD, PSE, PAE, PGE, OSFXSR, OSXMMEXCPT, PCIDE, OSXSAVE, SMEP, SMAP. Setting
     * any other bit is #GP(0), as on a CPU without the feature (VME/PVI, DE's I/O breakpoints, MCE, PCE
     * come with their features).
     */
    private static final long CR4_DEFINED = Cpu.CR4_TSD | Cpu.CR4_PSE | Cpu.CR4_PAE | Cpu.CR4_PGE
            | Cpu.CR4_OSFXSR | Cpu.CR4_OSXMMEXCPT | Cpu.CR4_PCIDE | Cpu.CR4_OSXSAVE | Cpu.CR4_SMEP | Cpu.CR4_SMAP;

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
            // Leaving IA-32e mode: not from 64-bit code, and not with PCIDs on (SDM vol. 2, MOV CR).
            if (c.longMode() || (c.cr4 & Cpu.CR4_PCIDE) != 0) throw CpuException.gp(0);
            c.efer &= ~Cpu.EFER_LMA;
        }
        c.setPagingControl(v & CR0_DEFINED, c.cr4, c.efer);
        c.updateCodeSize();
    }

    static void writeCr4(Cpu c, long v) {
        if ((v & ~CR4_DEFINED) != 0) throw CpuException.gp(0);
        if ((c.efer & Cpu.EFER_LMA) != 0 && (v & Cpu.CR4_PAE) == 0) throw CpuException.gp(0);
        // PCIDE may be set only in long mode with PCID 0 current (SDM vol. 3, 4.10.1).
        if ((v & ~c.cr4 & Cpu.CR4_PCIDE) != 0 && ((c.efer & Cpu.EFER_LMA) == 0 || (c.cr3 & 0xfff) != 0)) {
            throw CpuException.gp(0);
        }
        c.setPagingControl(c.cr0, v, c.efer);
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
        if (i.reg == Insn.SS) stackSwitchShadow(c);
    }

    /** MOV SS and POP SS hold off interrupts and debug traps until after the next instruction. */
    public static void stackSwitchShadow(Cpu c) {
        c.interruptShadowAt = c.debugShadowAt = c.instructions + 1;
    }

    public static void movFromSreg(Cpu c, Insn i) {
        if (i.reg > Insn.GS) throw CpuException.ud();
        int sel = c.seg[i.reg].selector;
        // To a register the selector is zero-extended to the operand size; to memory it is always 16 bits.
        if (i.loc0 == Insn.MEM) c.writeMem(i.seg, c.ea(i), 2, sel);
        else c.setReg(i.loc0, i.opSize, sel);
    }

    public static void jmpFarImmediate(Cpu c, Insn i) {
        FarTransfer.jump(c, (int) i.imm2, i.imm);
    }

    /** JMP m16:16/32/64: offset first, then the selector. */
    public static void jmpFarIndirect(Cpu c, Insn i) {
        long offset = c.ea(i);
        long target = c.readMem(i.seg, offset, i.opSize);
        int selector = (int) c.readMem(i.seg, offset + i.opSize, 2);
        FarTransfer.jump(c, selector, target);
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
        FarTransfer.call(c, selector, target, i.opSize);
    }

    /**
     * RET far [imm16]: pops RIP and CS; a return to an outer privilege level also pops RSP and SS
     * (and nulls data segment registers the new level may not use).
     */
    public static void retFar(Cpu c, Insn i) {
        FarTransfer.ret(c, i.opSize, i.loc0 == Insn.IMM ? (int) (i.imm & 0xffff) : 0);
    }

    public static void cpuid(Cpu c, Insn i) {
        int[] r = CpuidModel.query((int) c.gpr[Cpu.RAX], (int) c.gpr[Cpu.RCX], c.id, (c.cr4 & Cpu.CR4_OSXSAVE) != 0);
        c.gpr[Cpu.RAX] = r[0] & 0xffff_ffffL;
        c.gpr[Cpu.RBX] = r[1] & 0xffff_ffffL;
        c.gpr[Cpu.RCX] = r[2] & 0xffff_ffffL;
        c.gpr[Cpu.RDX] = r[3] & 0xffff_ffffL;
    }

    public static void rdtsc(Cpu c, Insn i) {
        if ((c.cr4 & Cpu.CR4_TSD) != 0 && c.cpl != 0) throw CpuException.gp(0);
        long tsc = c.msrs.tsc();
        c.gpr[Cpu.RAX] = tsc & 0xffff_ffffL;
        c.gpr[Cpu.RDX] = tsc >>> 32;
    }

    /** RDTSCP: RDTSC plus ECX = TSC_AUX. */
    public static void rdtscp(Cpu c, Insn i) {
        rdtsc(c, i);
        c.gpr[Cpu.RCX] = c.msrs.tscAux;
    }

    /** RDPID: TSC_AUX into a register (64-bit in 64-bit mode, else 32-bit), at any CPL. */
    public static void rdpid(Cpu c, Insn i) {
        c.setReg(i.rm, c.longMode() ? 8 : 4, c.msrs.tscAux);
    }

    /** SMSW: CR0's low 16 bits to memory; to a register, CR0 at the operand size. */
    public static void smsw(Cpu c, Insn i) {
        if (i.loc0 == Insn.MEM) c.writeMem(i.seg, c.ea(i), 2, c.cr0 & 0xffff);
        else c.setReg(i.loc0, i.opSize, c.cr0);
    }

    /** LMSW: loads CR0.PE/MP/EM/TS; it can set PE but never clear it. */
    public static void lmsw(Cpu c, Insn i) {
        requireCpl0(c);
        long msw = c.read(i, 0) & 0xf;
        long keep = c.cr0 & ~0xeL;
        writeCr0(c, keep | msw);
    }

    public static void clts(Cpu c, Insn i) {
        requireCpl0(c);
        c.cr0 &= ~Cpu.CR0_TS;
    }

    /** INVD and WBINVD: there are no caches to write back, only the privilege check remains. */
    public static void invalidateCaches(Cpu c, Insn i) {
        requireCpl0(c);
    }

    /** CLFLUSH: no caches, but the address is checked like a byte read (page faults, segment limits). */
    public static void clflush(Cpu c, Insn i) {
        c.readMem(i.seg, c.ea(i), 1);
    }

    /**
     * LFENCE, MFENCE, SFENCE: one core retiring in order has nothing to order. With a 66, F2 or F3
     * prefix the encoding names other instructions this CPU does not have.
     */
    public static void fence(Cpu c, Insn i) {
        if (i.has(Insn.OPSIZE | Insn.REP | Insn.REPNE)) throw CpuException.ud();
    }

    /** INVLPG: drops the TLB entry for the page; a non-canonical address in 64-bit mode is a no-op. */
    public static void invlpg(Cpu c, Insn i) {
        requireCpl0(c);
        long offset = c.ea(i);
        long linear = c.longMode() ? (i.seg >= Insn.FS ? c.seg[i.seg].base + offset : offset)
                : (c.seg[i.seg].base + offset) & 0xffff_ffffL;
        if (Cpu.canonical(linear)) c.mmu.invlpg(linear);
        c.exitBlock = true;
    }

    /** VMCALL/VMMCALL: served by the machine's hypercall handler, at any CPL; #UD if none takes it. */
    public static void hypercall(Cpu c, Insn i) {
        c.events.hypercall(c, i.row.mnemonic());
        if (c.hypercalls == null || !c.hypercalls.handle(c)) throw CpuException.ud();
        c.exitBlock = true;
    }
}

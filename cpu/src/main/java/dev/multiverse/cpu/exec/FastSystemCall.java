package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Segment;

/**
 * SYSCALL/SYSRET (selectors from STAR, targets LSTAR/CSTAR, flag mask SFMASK), SYSENTER/SYSEXIT (the
 * SYSENTER_CS/ESP/EIP MSRs) and SWAPGS. These load flat CS and SS caches directly, as the hardware does,
 * without reading the GDT.
 */
public final class FastSystemCall {
    private FastSystemCall() {
    }

    private static final int CODE = Segment.P | Segment.S | 0xb, DATA = Segment.P | Segment.S | 3;
    private static final int RING3 = 3 << 5;

    private static void flatCode(Cpu c, int selector, int attributes) {
        c.seg[Insn.CS].load(selector, 0, 0xffff_ffffL, CODE | Segment.G | attributes);
    }

    private static void flatStack(Cpu c, int selector, int attributes) {
        c.seg[Insn.SS].load(selector, 0, 0xffff_ffffL, DATA | Segment.G | Segment.DB | attributes);
    }

    /**
     * SYSCALL: in 64-bit mode RCX = return RIP, R11 = RFLAGS, jump to LSTAR at CPL 0 with RFLAGS &amp;= ~SFMASK.
     * From compatibility mode the target is CSTAR (the AMD64 behaviour; Intel CPUs raise #UD there). Outside
     * long mode (legacy SYSCALL) it is #UD, as on Intel CPUs.
     */
    public static void syscall(Cpu c, Insn i) {
        if ((c.efer & Cpu.EFER_SCE) == 0 || (c.efer & Cpu.EFER_LMA) == 0) throw CpuException.ud();
        int cs = (int) (c.msrs.star >>> 32) & 0xfffc;
        long target = c.longMode() ? c.msrs.lstar : c.msrs.cstar;
        c.gpr[Cpu.RCX] = c.rip;
        long flags = c.flags.get();
        c.gpr[11] = flags & ~(long) Flags.RF;
        c.flags.put(flags & ~c.msrs.sfmask & ~(long) (Flags.RF | Flags.VM) | 2);
        flatCode(c, cs, Segment.L);
        flatStack(c, cs + 8, 0);
        c.cpl = 0;
        c.rip = target;
        c.updateCodeSize();
    }

    /**
     * SYSRET: back to CPL 3, 64-bit code with REX.W (CS = STAR[63:48]+16, RIP = RCX) or compatibility
     * mode without (CS = STAR[63:48], EIP = ECX); RFLAGS from R11; SS = STAR[63:48]+8. Valid only in
     * 64-bit mode at CPL 0; a non-canonical RCX faults #GP(0) before anything changes.
     */
    public static void sysret(Cpu c, Insn i) {
        if ((c.efer & Cpu.EFER_SCE) == 0 || !c.longMode()) throw CpuException.ud();
        if (c.cpl != 0) throw CpuException.gp(0);
        boolean to64 = i.has(Insn.REXW);
        long rcx = c.gpr[Cpu.RCX];
        if (to64 && !Cpu.canonical(rcx)) throw CpuException.gp(0);
        int base = (int) (c.msrs.star >>> 48) & 0xffff;
        if (to64) {
            flatCode(c, (base + 16) | 3, Segment.L | RING3);
            c.rip = rcx;
        } else {
            flatCode(c, base | 3, Segment.DB | RING3);
            c.rip = rcx & 0xffff_ffffL;
        }
        c.flags.put((c.gpr[11] & 0x3c_7fd7L) | 2);
        // SS's selector comes from STAR; its cached attributes stay flat (the SDM leaves DPL 3 in the cache).
        flatStack(c, (base + 8) | 3, RING3);
        c.cpl = 3;
        c.updateCodeSize();
    }

    /** SYSENTER: to CPL 0 at SYSENTER_EIP/ESP with CS = SYSENTER_CS (64-bit code when long mode is active). */
    public static void sysenter(Cpu c, Insn i) {
        int cs = (int) c.msrs.sysenterCs & 0xfffc;
        if ((c.cr0 & Cpu.CR0_PE) == 0 || cs == 0) throw CpuException.gp(0);
        boolean ia32e = (c.efer & Cpu.EFER_LMA) != 0;
        c.flags.put(c.flags.get() & ~(long) (Flags.VM | Flags.IF | Flags.RF));
        flatCode(c, cs, ia32e ? Segment.L : Segment.DB);
        flatStack(c, cs + 8, 0);
        c.cpl = 0;
        c.rip = ia32e ? c.msrs.sysenterEip : c.msrs.sysenterEip & 0xffff_ffffL;
        c.gpr[Cpu.RSP] = ia32e ? c.msrs.sysenterEsp : c.msrs.sysenterEsp & 0xffff_ffffL;
        c.updateCodeSize();
    }

    /**
     * SYSEXIT: to CPL 3 at RDX/RCX; with REX.W into 64-bit code (CS = SYSENTER_CS+32, SS = +40), else into
     * 32-bit code (CS = +16, SS = +24). CPL 0 in protected mode only.
     */
    public static void sysexit(Cpu c, Insn i) {
        int base = (int) c.msrs.sysenterCs & 0xfffc;
        if ((c.cr0 & Cpu.CR0_PE) == 0 || c.flags.bit(Flags.VM) || c.cpl != 0 || base == 0) throw CpuException.gp(0);
        boolean to64 = i.has(Insn.REXW);
        long rip = c.gpr[Cpu.RDX], rsp = c.gpr[Cpu.RCX];
        if (to64 && (!Cpu.canonical(rip) || !Cpu.canonical(rsp))) throw CpuException.gp(0);
        if (to64) {
            flatCode(c, (base + 32) | 3, Segment.L | RING3);
            flatStack(c, (base + 40) | 3, RING3);
        } else {
            flatCode(c, (base + 16) | 3, Segment.DB | RING3);
            flatStack(c, (base + 24) | 3, RING3);
            rip &= 0xffff_ffffL;
            rsp &= 0xffff_ffffL;
        }
        c.cpl = 3;
        c.rip = rip;
        c.gpr[Cpu.RSP] = rsp;
        c.updateCodeSize();
    }

    /** SWAPGS: exchanges GS.base and KERNEL_GS_BASE; 64-bit mode only (#UD elsewhere), CPL 0. */
    public static void swapgs(Cpu c, Insn i) {
        if (!c.longMode()) throw CpuException.ud();
        if (c.cpl != 0) throw CpuException.gp(0);
        long gs = c.seg[Insn.GS].base;
        c.seg[Insn.GS].base = c.msrs.kernelGsBase;
        c.msrs.kernelGsBase = gs;
    }
}

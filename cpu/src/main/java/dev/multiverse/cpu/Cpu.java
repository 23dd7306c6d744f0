package dev.multiverse.cpu;

import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.exec.Debug;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.insn.Row;
import dev.multiverse.cpu.state.Msrs;
import dev.multiverse.cpu.state.Segment;
import dev.multiverse.cpu.state.X87;
import dev.multiverse.mmu.InvalidPdpte;
import dev.multiverse.mmu.Mmu;
import dev.multiverse.mmu.PortBus;
import dev.multiverse.mmu.Privilege;

/**
 * One x86-64 core: architectural state plus the helpers every instruction family uses to reach its
 * operands (registers, memory through segmentation and the {@link Mmu}, the stack). Execution lives in
 * {@link Interpreter}; semantics live in {@code exec}.
 */
public final class Cpu implements InterruptSink {
    public static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7;

    public static final long CR0_PE = 1, CR0_MP = 2, CR0_EM = 4, CR0_TS = 8, CR0_ET = 0x10, CR0_NE = 0x20,
            CR0_WP = 1 << 16, CR0_AM = 1 << 18, CR0_NW = 1L << 29, CR0_CD = 1L << 30, CR0_PG = 1L << 31;
    public static final long CR4_TSD = 1 << 2, CR4_DE = 1 << 3, CR4_PSE = 1 << 4, CR4_PAE = 1 << 5, CR4_PGE = 1 << 7,
            CR4_OSFXSR = 1 << 9, CR4_OSXMMEXCPT = 1 << 10, CR4_OSXSAVE = 1 << 18,
            CR4_PCIDE = 1 << 17, CR4_SMEP = 1 << 20, CR4_SMAP = 1 << 21;
    public static final long EFER_SCE = 1, EFER_LME = 1 << 8, EFER_LMA = 1 << 10, EFER_NXE = 1 << 11;

    public final int id;
    public final Mmu mmu;
    public final PortBus ports;

    public final long[] gpr = new long[16];
    /**
     * XMM0-XMM15 as (low, high) 64-bit pairs: register n is {@code xmm[2n]}, {@code xmm[2n+1]}. Pair
     * {@link #XMM_SCRATCH} holds a memory source operand, so semantics can treat every source as a register.
     */
    public final long[] xmm = new long[2 * (XMM_SCRATCH + 1)];
    public static final int XMM_SCRATCH = 16;
    /** MXCSR: SSE exception flags (bits 0-5), DAZ (6), masks (7-12), rounding (13-14), FTZ (15). */
    public int mxcsr = MXCSR_RESET;
    public static final int MXCSR_RESET = 0x1f80;
    /** The soft-float environment SSE floating-point instructions compute in, loaded from {@link #mxcsr} by each. */
    public final dev.multiverse.cpu.fpu.FpEnv sseEnv = new dev.multiverse.cpu.fpu.FpEnv(dev.multiverse.cpu.fpu.FpEnv.Unit.SSE);
    public final X87 x87 = new X87();
    /** XCR0: the state components XSAVE manages (bit 0 x87, which is always set; bit 1 SSE). */
    public long xcr0 = 1;
    public long rip;
    public final Flags flags = new Flags();
    public final Segment[] seg = {new Segment(), new Segment(), new Segment(), new Segment(), new Segment(), new Segment()};
    public final Segment ldtr = new Segment(), tr = new Segment();
    public long gdtBase, idtBase;
    public int gdtLimit, idtLimit = 0x3ff;
    /** CR8 while no local APIC provides it through {@link #taskPriority}. */
    public long cr0, cr2, cr3, cr4, cr8, efer;
    /** The local APIC's TPR, which CR8 reads and writes when connected. */
    public TaskPriority taskPriority;
    public final Msrs msrs = new Msrs(this);
    public int cpl;
    /** {@link Decoder#CODE16}, {@link Decoder#CODE32} or {@link Decoder#CODE64}, from CS and EFER.LMA. */
    public int codeSize = Decoder.CODE16;
    public boolean halted;

    /** DR0-DR7; DR4/DR5 are aliases handled by MOV DR. DR6 and DR7 hold their fixed one bits. */
    public final long[] dr = {0, 0, 0, 0, 0, 0, DR6_INIT, DR7_INIT};
    public static final long DR6_INIT = 0xffff_0ff0L, DR7_INIT = 0x400;
    /** NMIs are blocked from NMI delivery until the next IRET. */
    public boolean nmiBlocked;
    /**
     * The instruction count at which an interrupt shadow (after STI, MOV SS, POP SS) is in force: maskable
     * interrupts are not taken at that boundary. {@link #debugShadowAt} is the MOV SS/POP SS shadow, which
     * also holds off debug traps.
     */
    public long interruptShadowAt = -1, debugShadowAt = -1;
    /** Set by INT n/INT3/INTO/INT1 delivery so the single-step trap is not taken after them. */
    public boolean softwareInterruptDelivered;
    /** DR6 cause bits (BS, B0-B3) of a #DB trap held back by a MOV SS/POP SS shadow until after the next instruction. */
    public long pendingDebugTrap;
    /** Some DR0-DR3 is an enabled data watchpoint (DR7 R/W = 01 or 11): data accesses are checked. */
    public boolean watchpoints;
    /** DR6 B0-B3 bits of watchpoints hit by the current instruction; its #DB trap follows it. */
    public long watchpointHits;
    /** The attached debugger, or null (see {@link DebugHook}): then execution goes instruction by instruction. */
    public DebugHook debugHook;
    /** The debugger watches data accesses: {@link #watchpoints} stays set and each access reaches {@link #debugHook}. */
    public boolean debugWatch;
    /** Hears interrupts, mode changes, hypercalls and halts for a tracer; {@link CpuEventSink#NONE} when none listens. */
    public CpuEventSink events = CpuEventSink.NONE;
    /** Served by VMCALL/VMMCALL; null means every call raises #UD. */
    public HypercallHandler hypercalls;

    /** Retired instructions and elapsed cycles (one per instruction until the cycle model refines it). */
    public long instructions, cycles;

    /** RIP of the instruction being executed (faults restart it). */
    public long insnStart;
    /** Set by anything that must end the current block early: a stop request, a write to code, a mode change. */
    public boolean exitBlock;
    boolean stopRequested;
    String stopReason;
    /** The INTR line's level, driven by {@link #interruptController}; low while nothing is connected. */
    boolean intr;
    /** Supplies the vector when the core takes INTR. */
    InterruptAcknowledge interruptController;
    /** An NMI edge latched and not yet taken. */
    boolean nmiPending;
    /**
     * The machine has work for this core's next instruction boundary: an {@link #inject injected} event or a
     * {@link BoundaryHook}. Checked where INTR and NMI are, between blocks: nothing is added per instruction.
     */
    boolean machineWork;
    /** The vector {@link #inject} left for the next boundary, or -1; its error code, or -1 for none. */
    int injectedVector = -1, injectedError = -1;
    /** Called at each instruction boundary until it reports done; null when none is set. */
    BoundaryHook boundaryHook;

    public Cpu(int id, Mmu mmu, PortBus ports) {
        this.id = id;
        this.mmu = mmu;
        this.ports = ports;
        reset();
    }

    /** Family 6 signature reported in EDX after RESET/INIT (the same as CPUID.1:EAX). */
    public static final long RESET_EDX = dev.multiverse.cpu.state.CpuidModel.SIGNATURE;

    /**
     * The power-up/RESET state (Intel SDM Vol. 3 table 9-1): real mode at F000:FFF0 with CS base
     * FFFF0000, caches disabled, every other register cleared. A machine calls this for a triple fault
     * that should reset rather than stop.
     */
    public void reset() {
        init();
        java.util.Arrays.fill(xmm, 0);
        mxcsr = MXCSR_RESET;
        x87.powerOn();
        xcr0 = 1;
    }

    /**
     * INIT (SDM vol. 3 table 9-1): {@link #reset}'s state except that the x87, MMX and SSE registers and
     * MXCSR keep their values, as an operating system restarting an application processor sees.
     */
    public void init() {
        java.util.Arrays.fill(gpr, 0);
        gpr[RDX] = RESET_EDX;
        flags.put(2);
        rip = 0xfff0;
        for (Segment s : seg) {
            s.load(0, 0, 0xffff, Segment.P | Segment.S | 3);
        }
        seg[Insn.CS].load(0xf000, 0xffff0000L, 0xffff, Segment.P | Segment.S | 0xb);
        ldtr.load(0, 0, 0xffff, Segment.P | 2);
        tr.load(0, 0, 0xffff, Segment.P | 3);
        gdtBase = 0;
        gdtLimit = 0xffff;
        idtBase = 0;
        idtLimit = 0xffff;
        cr0 = 0x6000_0010L;
        cr2 = cr3 = cr4 = cr8 = efer = 0;
        java.util.Arrays.fill(dr, 0);
        dr[6] = DR6_INIT;
        dr[7] = DR7_INIT;
        msrs.reset();
        cpl = 0;
        halted = false;
        nmiBlocked = false;
        nmiPending = false;
        injectedVector = injectedError = -1;
        boundaryHook = null;
        machineWork = false;
        interruptShadowAt = debugShadowAt = -1;
        pendingDebugTrap = 0;
        watchpoints = debugWatch;
        watchpointHits = 0;
        updatePaging();
        updateCodeSize();
    }

    /** True at the boundary right after STI, MOV SS or POP SS: maskable interrupts wait one instruction. */
    public boolean interruptsInhibited() {
        return instructions == interruptShadowAt;
    }

    // ---- interrupt inputs ----

    /** Connects the controller that drives INTR and answers its acknowledge cycles. */
    public void connectInterruptController(InterruptAcknowledge controller) {
        interruptController = controller;
    }

    /** Connects the x87 FERR# output (see {@link FerrOutput}); unconnected, it goes nowhere. */
    public void connectFerr(FerrOutput output) {
        x87.connectFerr(output);
    }

    @Override
    public void setIntr(boolean asserted) {
        intr = asserted && interruptController != null;
        if (intr) exitBlock = true;
    }

    @Override
    public void nmi() {
        nmiPending = true;
        exitBlock = true;
    }

    /**
     * An NMI that NMI blocking allows, INTR with RFLAGS.IF set, or an injected event: what wakes a halted
     * core (shadows aside).
     */
    public boolean interruptDeliverable() {
        return (nmiPending && !nmiBlocked) || (intr && flags.iflag()) || injectedVector >= 0;
    }

    /**
     * The machine injects {@code vector} (with {@code errorCode}, or -1 for none) as a hypervisor injects an
     * event on VM entry: it is delivered at the next instruction boundary, before NMI and INTR, whatever
     * RFLAGS.IF or an interrupt shadow say, and wakes a halted core. An exception vector with an error code
     * is delivered as that exception (the double-fault rules apply); otherwise as an external interrupt
     * (no gate DPL check). One event waits at a time: a later injection replaces one not yet delivered.
     */
    public void inject(int vector, int errorCode) {
        injectedVector = vector & 0xff;
        injectedError = errorCode;
        machineWork = true;
        exitBlock = true;
    }

    /** The event {@link #inject} left and the core has not taken yet, or -1. */
    public int injectedVector() {
        return injectedVector;
    }

    /** Sets (or, with null, removes) the hook called at this core's instruction boundaries until it reports done. */
    public void setBoundaryHook(BoundaryHook hook) {
        boundaryHook = hook;
        machineWork = injectedVector >= 0 || hook != null;
        if (hook != null) exitBlock = true;
    }

    public BoundaryHook boundaryHook() {
        return boundaryHook;
    }

    // ---- run control ----

    /** Asks the core to stop at the next instruction boundary (a device such as isa-debug-exit does this). */
    public void requestStop(String reason) {
        stopRequested = true;
        stopReason = reason;
        exitBlock = true;
    }

    public boolean user() {
        return cpl == 3;
    }

    public boolean longMode() {
        return codeSize == Decoder.CODE64;
    }

    // ---- registers ----

    /** Reads a register location (0..15 or AH..BH) zero-extended from {@code size} bytes. */
    public long reg(int loc, int size) {
        if (loc >= Insn.AH) {
            return (gpr[loc - Insn.AH] >>> 8) & 0xff;
        }
        long v = gpr[loc];
        return switch (size) {
            case 1 -> v & 0xff;
            case 2 -> v & 0xffff;
            case 4 -> v & 0xffff_ffffL;
            default -> v;
        };
    }

    /** Writes a register location: 32-bit writes zero the upper half, 8- and 16-bit writes merge. */
    public void setReg(int loc, int size, long value) {
        if (loc >= Insn.AH) {
            int r = loc - Insn.AH;
            gpr[r] = (gpr[r] & ~0xff00L) | ((value & 0xff) << 8);
            return;
        }
        switch (size) {
            case 1 -> gpr[loc] = (gpr[loc] & ~0xffL) | (value & 0xff);
            case 2 -> gpr[loc] = (gpr[loc] & ~0xffffL) | (value & 0xffff);
            case 4 -> gpr[loc] = value & 0xffff_ffffL;
            default -> gpr[loc] = value;
        }
    }

    public static long mask(int size) {
        return size == 8 ? -1L : (1L << (size * 8)) - 1;
    }

    /** Whether {@code linear} is canonical: bits 63-48 copy bit 47. */
    public static boolean canonical(long linear) {
        return (linear << 16 >> 16) == linear;
    }

    /** Sign-extends the low {@code size} bytes of {@code v}. */
    public static long signExtend(long v, int size) {
        int shift = 64 - size * 8;
        return (v << shift) >> shift;
    }

    // ---- memory operands ----

    /** The effective address (offset within the segment) of the instruction's memory operand. */
    public long ea(Insn i) {
        long a = i.disp;
        if (i.base >= 0) {
            a += i.base == Insn.RIP ? rip : gpr[i.base];
        }
        if (i.index >= 0) {
            a += gpr[i.index] << i.scale;
        }
        return i.addrSize == 8 ? a : a & mask(i.addrSize);
    }

    /**
     * Segment base plus offset; 32-bit outside 64-bit mode, where only FS and GS bases apply. In 64-bit
     * mode a non-canonical result raises #SS(0) for stack references and #GP(0) otherwise.
     */
    public long linear(int s, long offset) {
        if (codeSize == Decoder.CODE64) {
            long l = s >= Insn.FS ? seg[s].base + offset : offset;
            if (!canonical(l)) {
                throw s == Insn.SS ? CpuException.of(CpuException.SS, 0) : CpuException.gp(0);
            }
            return l;
        }
        return (seg[s].base + offset) & 0xffff_ffffL;
    }

    /**
     * {@link #linear} for a data access of {@code size} bytes, with the legacy-mode segment checks: the
     * offsets must lie within the segment's limit (expand-down aware) and the segment must allow the
     * access, else #SS(0) for SS and #GP(0) otherwise. 64-bit mode checks only canonical addresses.
     */
    public long dataLinear(int s, long offset, int size, boolean write) {
        if (codeSize == Decoder.CODE64) {
            return linear(s, offset);
        }
        Segment sg = seg[s];
        if (offset < sg.low || offset + size - 1 > sg.high || !(write ? sg.writable : sg.readable)) {
            throw s == Insn.SS ? CpuException.of(CpuException.SS, 0) : CpuException.gp(0);
        }
        return (sg.base + offset) & 0xffff_ffffL;
    }

    /**
     * Who an explicit data access is made by, for paging: user at CPL 3; at CPL 0-2 a supervisor, which
     * CR4.SMAP keeps off user pages unless RFLAGS.AC is set.
     */
    public int dataPrivilege() {
        if (cpl == 3) return Privilege.USER;
        return (cr4 & CR4_SMAP) != 0 && flags.bit(Flags.AC) ? Privilege.SUPERVISOR_AC : Privilege.SUPERVISOR;
    }

    public long readMem(int s, long offset, int size) {
        long linear = dataLinear(s, offset, size, false);
        if (watchpoints) Debug.watch(this, linear, size, false);
        return mmu.read(linear, size, dataPrivilege());
    }

    /** Reads a read-modify-write destination: checked as a write first, as the CPU does. */
    public long readMemForWrite(int s, long offset, int size) {
        long linear = dataLinear(s, offset, size, true);
        if (watchpoints) Debug.watch(this, linear, size, true);
        return mmu.readForWrite(linear, size, dataPrivilege());
    }

    public void writeMem(int s, long offset, int size, long value) {
        long linear = dataLinear(s, offset, size, true);
        if (watchpoints) Debug.watch(this, linear, size, true);
        mmu.write(linear, size, value, dataPrivilege());
    }

    /** Zero-extension masks by operand size in bytes (1, 2, 4, 8). */
    private static final long[] MASK = {0, 0xffL, 0xffffL, 0, 0xffff_ffffL, 0, 0, 0, -1L};

    /** Reads operand {@code n}, zero-extended from its size. Small, so the JVM inlines the register case. */
    public long read(Insn i, int n) {
        int loc = n == 0 ? i.loc0 : n == 1 ? i.loc1 : i.loc2;
        int size = n == 0 ? i.size0 : n == 1 ? i.size1 : i.size2;
        if (loc < 16) {
            return gpr[loc] & MASK[size];
        }
        return readOther(i, n, loc, size);
    }

    private long readOther(Insn i, int n, int loc, int size) {
        if (loc == Insn.MEM) {
            return n == 0 && i.row.has(Row.RMW) ? readMemForWrite(i.seg, ea(i), size) : readMem(i.seg, ea(i), size);
        }
        if (loc == Insn.IMM) {
            return (n == 0 || i.loc0 != Insn.IMM ? i.imm : i.imm2) & MASK[size];
        }
        return reg(loc, size);
    }

    /** Writes operand {@code n} with its size's rules. Small, so the JVM inlines the register case. */
    public void write(Insn i, int n, long value) {
        int loc = n == 0 ? i.loc0 : n == 1 ? i.loc1 : i.loc2;
        int size = n == 0 ? i.size0 : n == 1 ? i.size1 : i.size2;
        if (loc < 16 && size >= 4) {
            gpr[loc] = value & MASK[size];   // a 32-bit write zero-extends
            return;
        }
        writeOther(i, loc, size, value);
    }

    private void writeOther(Insn i, int loc, int size, long value) {
        if (loc == Insn.MEM) {
            writeMem(i.seg, ea(i), size, value);
        } else {
            setReg(loc, size, value);
        }
    }

    // ---- stack ----

    /** Stack width for implicit pushes: 8 in 64-bit mode, else 4 or 2 by SS.B. */
    public int stackAddrSize() {
        if (codeSize == Decoder.CODE64) return 8;
        return seg[Insn.SS].is(Segment.DB) ? 4 : 2;
    }

    private long sp() {
        return reg(RSP, stackAddrSize());
    }

    private void setSp(long v) {
        setReg(RSP, stackAddrSize(), v);
    }

    public void push(long value, int size) {
        long newSp = (sp() - size) & mask(stackAddrSize());
        writeMem(Insn.SS, newSp, size, value);
        setSp(newSp);
    }

    public long pop(int size) {
        long v = readMem(Insn.SS, sp(), size);
        setSp(sp() + size);
        return v;
    }

    /** Reads the value {@code depth} bytes above the stack pointer without popping. */
    public long peek(int depth, int size) {
        return readMem(Insn.SS, (sp() + depth) & mask(stackAddrSize()), size);
    }

    // ---- control state ----

    /** Recomputes the code size from CS and EFER.LMA; ends the block since decoding changes. */
    public void updateCodeSize() {
        Segment cs = seg[Insn.CS];
        if ((efer & EFER_LMA) != 0 && cs.is(Segment.L)) codeSize = Decoder.CODE64;
        else if ((cr0 & CR0_PE) != 0 && cs.is(Segment.DB)) codeSize = Decoder.CODE32;
        else codeSize = Decoder.CODE16;
        exitBlock = true;
        events.modeMayHaveChanged(this);
    }

    /** Applies paging-related control state to the MMU (after CR0, CR4 or EFER changes). */
    public void updatePaging() {
        mmu.setControl(cr0, cr3, cr4, efer);
        exitBlock = true;
        events.modeMayHaveChanged(this);
    }

    /**
     * MOV to CR0 or CR4: hands the new values to the MMU, then commits them. Under PAE paging the MMU
     * loads the PDPTE registers first, and one with reserved bits raises #GP(0) with nothing changed
     * (SDM vol. 3, 4.4.1).
     */
    public void setPagingControl(long cr0, long cr4, long efer) {
        try {
            mmu.setControl(cr0, cr3, cr4, efer);
        } catch (InvalidPdpte e) {
            throw CpuException.gp(0);
        }
        this.cr0 = cr0;
        this.cr4 = cr4;
        this.efer = efer;
        exitBlock = true;
        events.modeMayHaveChanged(this);
    }

    /** MOV to CR3 (and task switches): the same PDPTE rule; with CR4.PCIDE bit 63 is not stored. */
    public void setCr3(long value) {
        try {
            cr3 = mmu.setCr3(value);
        } catch (InvalidPdpte e) {
            throw CpuException.gp(0);
        }
        exitBlock = true;
    }

    /** Raises #UD: for use in semantics. */
    public static CpuException undefined() {
        return CpuException.ud();
    }
}

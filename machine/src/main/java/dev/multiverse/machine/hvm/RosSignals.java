package dev.multiverse.machine.hvm;

import dev.multiverse.cpu.BoundaryHook;
import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.mmu.Privilege;

import java.util.List;

/**
 * User-level signals from the HRT to one ROS process (sub-ops 0x40, 0x41): the process installs a handler
 * for its address space; a signal waits until some ROS core is at an instruction boundary at CPL 3, in 64-bit
 * mode, with that address space in CR3, and that core then enters the handler with an interrupt-style
 * frame, changing no register but RSP and RIP: below the interrupted code's 128-byte red zone (or at the
 * installed stack's top), aligned down to 16, SS, the interrupted RSP, RFLAGS, CS and the interrupted RIP
 * are pushed, then the signal's code; the handler returns with {@code add $8, %rsp; iretq}. One signal
 * waits at a time: another before it is delivered replaces its code (the handler drains every posted event
 * anyway). Pushing may page-fault: the core takes the #PF at that boundary with nothing changed, the
 * guest's kernel brings the page in, and the signal is delivered when the process runs again.
 */
final class RosSignals implements BoundaryHook {
    static final int RED_ZONE = 128;

    private final List<Cpu> rosCores;
    private final HvmCosts costs;
    private boolean installed;
    private long addressSpace, handler, stackTop;
    private boolean pending;
    private long code;
    private HvmEventSink sink = HvmEventSink.NONE;

    RosSignals(List<Cpu> rosCores, HvmCosts costs) {
        this.rosCores = rosCores;
        this.costs = costs;
    }

    void setEventSink(HvmEventSink sink) {
        this.sink = sink;
    }

    /** Installs the caller's handler for its address space (replacing any other); handler 0 removes it. */
    void install(Cpu caller, long handler, long stackTop) {
        if (handler == 0) {
            drop();
            return;
        }
        installed = true;
        addressSpace = AddressSpace.of(caller.cr3);
        this.handler = handler;
        this.stackTop = stackTop;
    }

    boolean installed() {
        return installed;
    }

    /** Signals the installed handler with {@code code}; false when none is installed. */
    boolean signal(long code) {
        if (!installed) return false;
        this.code = code;
        if (!pending) {
            pending = true;
            for (Cpu core : rosCores) core.setBoundaryHook(this);
        }
        return true;
    }

    /** Forgets the handler and any signal waiting for it (the ROS was reset, or the process removed it). */
    void drop() {
        installed = false;
        disarm();
    }

    private void disarm() {
        pending = false;
        for (Cpu core : rosCores) {
            if (core.boundaryHook() == this) core.setBoundaryHook(null);
        }
    }

    @Override
    public boolean atBoundary(Cpu cpu) {
        if (!pending) return true;
        if (cpu.cpl != 3 || !cpu.longMode() || AddressSpace.of(cpu.cr3) != addressSpace) return false;
        long rsp = cpu.gpr[Cpu.RSP];
        long base = (stackTop != 0 ? stackTop : rsp - RED_ZONE) & ~0xfL;
        long[] frame = {cpu.seg[Insn.SS].selector, rsp, cpu.flags.get(), cpu.seg[Insn.CS].selector, cpu.rip, code};
        long top = base - 8L * frame.length;
        if (!Cpu.canonical(top) || !Cpu.canonical(base - 1)) throw CpuException.of(CpuException.SS, 0);
        cpu.mmu.probeWrite(top, 8 * frame.length, Privilege.USER);
        for (int i = 0; i < frame.length; i++) cpu.mmu.write64(base - 8L * (i + 1), frame[i], Privilege.USER);
        long interrupted = cpu.rip;
        cpu.gpr[Cpu.RSP] = top;
        cpu.rip = handler;
        cpu.cycles += costs.inject();
        disarm();
        sink.signal(cpu, code, interrupted);
        return true;
    }
}

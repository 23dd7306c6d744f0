package dev.multiverse.cpu;

import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.exec.Debug;
import dev.multiverse.cpu.fault.ExceptionDelivery;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Block;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.mmu.PageFault;

/**
 * Tier 0: runs decoded blocks instruction by instruction with precise faults. Before an instruction runs,
 * {@code cpu.rip} already holds the address of the next one (what RIP-relative operands and CALL need);
 * a fault restores it to {@code cpu.insnStart} and delivers the exception.
 */
public final class Interpreter {
    /** Called after each instruction when tracing; sees the registers and flags from before it ran. */
    public interface Tracer {
        void executed(Cpu cpu, Insn insn, long rip, long[] gprBefore, long flagsBefore);
    }

    private final Cpu cpu;
    private final BlockCache cache;
    private Tracer tracer;
    private final long[] gprBefore = new long[16];

    public Interpreter(Cpu cpu) {
        this.cpu = cpu;
        this.cache = new BlockCache(cpu);
    }

    public void setTracer(Tracer tracer) {
        this.tracer = tracer;
    }

    public Cpu cpu() {
        return cpu;
    }

    /** Runs until {@code budget} more instructions have retired, or the core halts, stops or shuts down. */
    public StopReason run(long budget) {
        long limit = cpu.instructions + budget;
        while (true) {
            if (cpu.stopRequested) {
                cpu.stopRequested = false;
                return StopReason.STOP_REQUESTED;
            }
            if ((cpu.intr || cpu.nmiPending || cpu.machineWork) && !takeInterrupt()) {
                return StopReason.TRIPLE_FAULT;
            }
            if (cpu.halted) {
                return StopReason.HALTED;
            }
            if (cpu.instructions >= limit) {
                return StopReason.BUDGET;
            }
            // An interrupt held back by a shadow is taken right after the one instruction the shadow covers.
            long blockLimit = (cpu.intr || cpu.nmiPending) && cpu.interruptsInhibited() ? cpu.instructions + 1 : limit;
            cpu.insnStart = cpu.rip;
            DebugHook hook = cpu.debugHook;
            if (hook != null) {
                if (hook.stopBefore(cpu)) return StopReason.DEBUGGER;
                blockLimit = cpu.instructions + 1;
            }
            try {
                Block block = cache.lookup();
                if (Debug.active(cpu)) {
                    if (!stepDebugged(block)) return StopReason.TRIPLE_FAULT;
                } else if (tracer == null) {
                    runBlock(block, blockLimit);
                } else {
                    runBlockTraced(block, blockLimit);
                }
            } catch (CpuException e) {
                cpu.rip = cpu.insnStart;
                if (!ExceptionDelivery.deliver(cpu, e.vector, e.errorCode)) {
                    return StopReason.TRIPLE_FAULT;
                }
            } catch (PageFault pf) {
                cpu.rip = cpu.insnStart;
                cpu.cr2 = pf.address();
                if (!ExceptionDelivery.deliver(cpu, CpuException.PF, pf.errorCode())) {
                    return StopReason.TRIPLE_FAULT;
                }
            }
            if (hook != null && hook.stopAfter(cpu)) return StopReason.DEBUGGER;
        }
    }

    /**
     * At an instruction boundary: takes a latched NMI unless NMIs are blocked (until IRET) or a MOV SS/POP SS
     * shadow is in force, else INTR when RFLAGS.IF is set and no STI/MOV SS shadow is in force: the vector
     * comes from the acknowledge cycle and is delivered as an external interrupt. Either wakes a halted core,
     * whose saved RIP is already past its HLT. Returns false on a triple fault while delivering.
     */
    private boolean takeInterrupt() {
        Cpu c = cpu;
        if (c.machineWork && !takeMachineWork()) return false;
        if (c.nmiPending && !c.nmiBlocked && c.debugShadowAt != c.instructions) {
            c.nmiPending = false;
            if (c.halted) c.events.woke(c);
            c.halted = false;
            return ExceptionDelivery.deliverNmi(c);
        }
        if (c.intr && c.flags.iflag() && !c.interruptsInhibited()) {
            if (c.halted) c.events.woke(c);
            c.halted = false;
            return ExceptionDelivery.deliverExternal(c, c.interruptController.acknowledge() & 0xff);
        }
        return true;
    }

    /**
     * At an instruction boundary: delivers an event the machine injected (regardless of RFLAGS.IF and
     * shadows; it wakes a halted core), then calls the boundary hook, delivering what it throws as a fault
     * of the interrupted instruction. Returns false on a triple fault while delivering.
     */
    private boolean takeMachineWork() {
        Cpu c = cpu;
        boolean ok = true;
        int vector = c.injectedVector;
        if (vector >= 0) {
            int error = c.injectedError;
            c.injectedVector = c.injectedError = -1;
            if (c.halted) c.events.woke(c);
            c.halted = false;
            ok = error == -1 ? ExceptionDelivery.deliverExternal(c, vector) : ExceptionDelivery.deliver(c, vector, error);
        }
        BoundaryHook hook = c.boundaryHook;
        if (ok && hook != null) {
            try {
                if (hook.atBoundary(c)) c.boundaryHook = null;
            } catch (CpuException e) {
                ok = ExceptionDelivery.deliver(c, e.vector, e.errorCode);
            } catch (PageFault pf) {
                c.cr2 = pf.address();
                ok = ExceptionDelivery.deliver(c, CpuException.PF, pf.errorCode());
            }
        }
        c.machineWork = c.injectedVector >= 0 || c.boundaryHook != null;
        return ok;
    }

    /**
     * Runs one instruction with the debug checks: an instruction breakpoint before it (a fault), then RF
     * cleared as the instruction starts (so INT n saves it clear; IRET loads it), and one #DB trap after
     * it for the data watchpoints it hit and for single-stepping when TF was set as it began (not after a
     * software interrupt). A MOV SS/POP SS shadow holds that trap back until after the next instruction. Returns
     * false on a triple fault while delivering the trap.
     */
    private boolean stepDebugged(Block block) {
        Cpu c = cpu;
        Insn insn = block.insns()[0];
        c.exitBlock = false;
        Debug.checkInstructionBreakpoint(c);
        boolean step = c.flags.bit(Flags.TF);
        c.softwareInterruptDelivered = false;
        c.watchpointHits = 0;
        if (tracer != null) System.arraycopy(c.gpr, 0, gprBefore, 0, 16);
        long flagsBefore = c.flags.get();
        c.flags.setBit(Flags.RF, false);
        c.rip = (c.rip + insn.length) & ripMask();
        insn.semantic.execute(c, insn);
        c.instructions++;
        c.cycles++;
        if (tracer != null) tracer.executed(c, insn, c.insnStart, gprBefore, flagsBefore);
        long causes = c.pendingDebugTrap | c.watchpointHits | (step && !c.softwareInterruptDelivered ? Debug.DR6_BS : 0);
        c.pendingDebugTrap = 0;
        if (causes == 0) return true;
        if (c.debugShadowAt == c.instructions) {
            c.pendingDebugTrap = causes;
            return true;
        }
        if ((causes & 0xf) != 0) c.dr[6] &= ~0xfL;
        c.dr[6] |= causes;
        return ExceptionDelivery.deliver(c, CpuException.DB, -1);
    }

    /** The reason given with the last {@link StopReason#STOP_REQUESTED}. */
    public String stopMessage() {
        return cpu.stopReason;
    }

    private long ripMask() {
        return switch (cpu.codeSize) {
            case Decoder.CODE64 -> -1L;
            case Decoder.CODE32 -> 0xffff_ffffL;
            default -> 0xffffL;
        };
    }

    private void runBlock(Block block, long limit) {
        Cpu c = cpu;
        c.exitBlock = false;
        long mask = ripMask();
        long rip = c.rip;
        for (Insn insn : block.insns()) {
            c.insnStart = rip;
            rip = (rip + insn.length) & mask;
            c.rip = rip;
            insn.semantic.execute(c, insn);
            c.instructions++;
            c.cycles++;
            if (c.exitBlock || c.rip != rip || c.instructions >= limit) {
                return;
            }
        }
    }

    private void runBlockTraced(Block block, long limit) {
        Cpu c = cpu;
        c.exitBlock = false;
        long mask = ripMask();
        long rip = c.rip;
        for (Insn insn : block.insns()) {
            c.insnStart = rip;
            System.arraycopy(c.gpr, 0, gprBefore, 0, 16);
            long flagsBefore = c.flags.get();
            rip = (rip + insn.length) & mask;
            c.rip = rip;
            insn.semantic.execute(c, insn);
            c.instructions++;
            c.cycles++;
            tracer.executed(c, insn, c.insnStart, gprBefore, flagsBefore);
            if (c.exitBlock || c.rip != rip || c.instructions >= limit) {
                return;
            }
        }
    }
}

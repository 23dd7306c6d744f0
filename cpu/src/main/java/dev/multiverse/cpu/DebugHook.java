package dev.multiverse.cpu;

/**
 * A debugger's view of one core's execution, set in {@link Cpu#debugHook}. While it is set the interpreter
 * runs the core one instruction at a time and consults it at every instruction boundary; while it is null
 * (every run without a debugger) nothing is consulted, so it costs nothing. It never changes what the guest
 * sees: it only decides where {@link Interpreter#run} returns {@link StopReason#DEBUGGER}.
 */
public interface DebugHook {
    /**
     * Before the instruction at {@code cpu.rip} (after any interrupt has been taken, so a handler's first
     * instruction is seen): true stops the core there, the instruction not yet run.
     */
    boolean stopBefore(Cpu cpu);

    /** After an instruction retired or an exception was delivered instead: true stops the core at this boundary. */
    boolean stopAfter(Cpu cpu);

    /**
     * An explicit data access of the current instruction, reported before it happens while
     * {@link Cpu#debugWatch} is set (a debugger watchpoint is armed).
     */
    void dataAccess(Cpu cpu, long linear, int size, boolean write);
}

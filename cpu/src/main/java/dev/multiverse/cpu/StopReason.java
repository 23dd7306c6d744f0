package dev.multiverse.cpu;

/** Why {@link Interpreter#run} returned. */
public enum StopReason {
    /** The instruction budget of this slice is used up. */
    BUDGET,
    /** HLT: the core waits for an interrupt. */
    HALTED,
    /** A device or the user asked to stop (e.g. isa-debug-exit). */
    STOP_REQUESTED,
    /** An exception during double-fault delivery: the CPU would shut down. */
    TRIPLE_FAULT,
    /** The core's {@link DebugHook} asked to stop at this instruction boundary. */
    DEBUGGER
}

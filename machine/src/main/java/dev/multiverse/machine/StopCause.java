package dev.multiverse.machine;

/** Why a run ended, each with the process exit status it maps to (except the guest's own choice). */
public enum StopCause {
    /** The guest wrote to isa-debug-exit; the status is the guest's. */
    DEBUG_EXIT(-1),
    /** The guest powered the machine off (ACPI S5), as an OS's poweroff does: a clean end. */
    POWER_OFF(0),
    /** A core shut down after a fault during double-fault delivery. */
    TRIPLE_FAULT(1),
    /** Every core halted with nothing that could wake it. */
    HALTED(1),
    /** A core reached the configured instruction limit. */
    INSTRUCTION_LIMIT(4),
    /** Virtual time reached the configured limit (a guest that should end on its own may wait forever). */
    VIRTUAL_TIME_LIMIT(4),
    /** A core triple-faulted or the guest requested a reset after the machine had been reset the configured number of times. */
    RESET_LIMIT(6),
    /** The machine could not reset: the kernel or a module could not be loaded again from its file. */
    RESET_FAILED(1),
    /** The host ended the run (the console's Ctrl-A X, {@link Machine#requestHostStop}). */
    QUIT(8),
    /** A Java exception escaped the emulator: a bug in Multiverse, not in the guest. */
    INTERNAL_ERROR(70);

    private final int exitStatus;

    StopCause(int exitStatus) {
        this.exitStatus = exitStatus;
    }

    /** The fixed exit status of this cause; meaningless for {@link #DEBUG_EXIT}. */
    public int exitStatus() {
        return exitStatus;
    }
}

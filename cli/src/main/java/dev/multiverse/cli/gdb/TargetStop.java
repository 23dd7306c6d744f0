package dev.multiverse.cli.gdb;

/**
 * Why the machine stopped, as the stub reports it to gdb.
 *
 * @param reason  what happened
 * @param core    the core that stopped (meaningless once the machine has exited)
 * @param address the data address of a watchpoint hit
 * @param kind    the watchpoint kind that hit
 * @param status  the exit status once the machine has exited
 */
record TargetStop(Reason reason, int core, long address, GdbTarget.PointKind kind, int status) {
    enum Reason { STEPPED, SOFTWARE_BREAKPOINT, HARDWARE_BREAKPOINT, WATCHPOINT, INTERRUPTED, EXITED }

    static TargetStop of(Reason reason, int core) {
        return new TargetStop(reason, core, 0, null, 0);
    }

    static TargetStop watchpoint(int core, GdbTarget.PointKind kind, long address) {
        return new TargetStop(Reason.WATCHPOINT, core, address, kind, 0);
    }

    static TargetStop exited(int status) {
        return new TargetStop(Reason.EXITED, 0, 0, null, status);
    }
}

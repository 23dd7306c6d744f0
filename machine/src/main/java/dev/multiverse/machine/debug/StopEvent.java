package dev.multiverse.machine.debug;

import dev.multiverse.machine.RunResult;

/**
 * Why and where execution under a {@link DebugSession} stopped.
 *
 * @param kind       why
 * @param core       the core that stopped (for {@link Kind#ENDED}, the bootstrap processor)
 * @param rip        that core's RIP (the next instruction)
 * @param linear     the linear address of that instruction (RIP plus the CS base outside 64-bit mode)
 * @param symbol     "name+0xoff" for {@code linear}, or null
 * @param breakpoint the breakpoint hit, for {@link Kind#BREAKPOINT}
 * @param watch      the access, for {@link Kind#WATCHPOINT}
 * @param result     the run's end, for {@link Kind#ENDED}
 */
public record StopEvent(Kind kind, int core, long rip, long linear, String symbol, Breakpoint breakpoint,
                        WatchHit watch, RunResult result) {
    public enum Kind {
        /** step/next finished (or until reached its address). */
        STEPPED,
        /** A breakpoint (or a temporary one) was reached; the instruction there has not run. */
        BREAKPOINT,
        /** An instruction accessed watched memory; it has run. */
        WATCHPOINT,
        /** {@link DebugSession#interrupt()} (Ctrl-C). */
        INTERRUPTED,
        /** The core asked to run alone cannot run: halted with nothing to wake it, or waiting for a SIPI. */
        CORE_IDLE,
        /** The guest's run is over (debug-exit, halt for good, triple fault, instruction limit...); see {@code result}. */
        ENDED
    }
}

package dev.multiverse.machine;

import java.util.List;

/**
 * The end of a run.
 *
 * @param exitStatus    the process exit status the run maps to
 * @param cause         why it ended
 * @param diagnostic    one line for a person, or null when the guest chose to exit
 * @param cores         per-core counters
 * @param wallNanos     host time spent running the guest
 * @param internalError the emulator's own exception for {@link StopCause#INTERNAL_ERROR}, else null
 */
public record RunResult(int exitStatus, StopCause cause, String diagnostic, List<CoreStats> cores, long wallNanos,
                        Throwable internalError) {
    public RunResult {
        cores = List.copyOf(cores);
    }

    public long totalInstructions() {
        long n = 0;
        for (CoreStats c : cores) n += c.instructions();
        return n;
    }
}

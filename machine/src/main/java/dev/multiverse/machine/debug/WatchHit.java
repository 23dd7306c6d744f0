package dev.multiverse.machine.debug;

/**
 * The access that hit a {@link Watchpoint}, and the watched bytes' value (little-endian, as many bytes as
 * the watchpoint's length) before the instruction and after it; {@code before} is null when the watched bytes
 * were not readable (not mapped).
 */
public record WatchHit(Watchpoint watchpoint, long linear, int size, boolean write, Long before, Long after) {
}

package dev.multiverse.machine.debug;

/**
 * A stop after any instruction whose explicit data access overlaps {@code length} bytes at a linear
 * address, on any core. Accesses the processor makes for itself (descriptor tables, exception frames, page
 * tables) are not caught, as with the hardware's own debug registers.
 *
 * @param id      the number {@link DebugSession#delete} takes
 * @param kind    reads, writes or both
 * @param address first linear address watched
 * @param length  bytes watched, 1 to 8
 */
public record Watchpoint(int id, WatchKind kind, long address, int length) {
    boolean overlaps(long linear, int size) {
        return Long.compareUnsigned(linear, address + length) < 0 && Long.compareUnsigned(address, linear + size) < 0;
    }
}

package dev.multiverse.machine.debug;

/**
 * A stop before the instruction at a linear address (the address RIP names in 64-bit mode; CS.base + IP
 * otherwise).
 *
 * @param id        the number {@link DebugSession#delete} takes
 * @param address   linear address of the instruction
 * @param temporary deleted when first hit (tbreak)
 * @param core      the only core it stops, or -1 for any
 */
public record Breakpoint(int id, long address, boolean temporary, int core) {
}

package dev.multiverse.cpu.insn;

/**
 * A straight run of decoded instructions ending at a control transfer (or a page end, or a size cap).
 * Keyed by the physical address of its first byte and the code size it was decoded for.
 *
 * @param insns          the instructions, in order
 * @param physicalPages  the 4 KiB physical pages its bytes came from (one, or two for a page-crossing last instruction)
 * @param crossLinear    linear address of the first byte on the second page, or -1
 */
public record Block(Insn[] insns, long[] physicalPages, long crossLinear) {
}

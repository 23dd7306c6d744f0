package dev.multiverse.machine.debug;

/**
 * One decoded GDT or IDT entry (or real-mode interrupt vector).
 *
 * @param index       the entry's index (vector for the IDT)
 * @param linear      its linear address
 * @param raw         its bytes as hex, high quadword first for 16-byte entries
 * @param description what it says: "code 64-bit DPL0 P base 0x0 limit 0xfffff G", "interrupt gate 0x8:0x... DPL0 P IST0"...
 */
public record TableEntry(int index, long linear, String raw, String description) {
}

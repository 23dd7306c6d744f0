package dev.multiverse.machine.loader;

import java.util.List;

/**
 * The PC memory picture every boot protocol reports (as E820-style ranges), and the low page the loaders
 * keep for their own boot structures: the entry GDT always, plus a protocol's fixed-address tables.
 */
final class LowMemory {
    static final long LOW_RAM_END = 0x9FC00;          // conventional memory below the EBDA
    static final long HIGH_RAM_START = 0x100000;
    /** The page holding boot tables and the entry GDT: no kernel segment may load there. */
    static final long BOOT_PAGE = 0x9000;
    static final int TYPE_AVAILABLE = 1, TYPE_RESERVED = 2;

    /** One memory range; {@code type} uses the E820 numbering that Multiboot and PVH share. */
    record Range(long base, long length, int type) {
    }

    private LowMemory() {
    }

    /** Low RAM, the reserved EBDA/VGA/BIOS hole, and RAM from 1 MiB to the end. */
    static List<Range> map(long ramSize) {
        return List.of(new Range(0, LOW_RAM_END, TYPE_AVAILABLE),
                new Range(LOW_RAM_END, HIGH_RAM_START - LOW_RAM_END, TYPE_RESERVED),
                new Range(HIGH_RAM_START, ramSize - HIGH_RAM_START, TYPE_AVAILABLE));
    }

    /** KiB of RAM from 0 ("mem_lower") and from 1 MiB to the first hole ("mem_upper"), as Multiboot reports them. */
    static long lowerKiB() {
        return LOW_RAM_END / 1024;
    }

    static long upperKiB(long ramSize) {
        return Math.min((ramSize - HIGH_RAM_START) / 1024, 0xFFFF_FFFFL);
    }
}

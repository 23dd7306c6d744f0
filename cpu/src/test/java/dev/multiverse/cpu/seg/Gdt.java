package dev.multiverse.cpu.seg;

import dev.multiverse.cpu.TestCpu;

/** Builds descriptor tables in a {@link TestCpu}'s memory, encoded as the SDM (vol. 3, 3.4.5, 6.11) lays them out. */
final class Gdt {
    /** Access bytes: present, DPL 0, code/data types. */
    static final int CODE = 0x9a, DATA = 0x92, DATA_RO = 0x90, CODE_XO = 0x98, CODE_CONFORMING = 0x9e,
            DATA_EXPAND_DOWN = 0x96, TSS32 = 0x89, LDT = 0x82;
    /** Flag nibbles: G, D/B, L. */
    static final int G = 8, DB = 4, L = 2;

    private Gdt() {
    }

    static long segment(long base, long limit, int access, int flags) {
        return (limit & 0xffff) | (base & 0xff_ffffL) << 16 | (long) (access & 0xff) << 40
                | ((limit >>> 16) & 0xf) << 48 | (long) (flags & 0xf) << 52 | ((base >>> 24) & 0xff) << 56;
    }

    static long dpl(long descriptor, int dpl) {
        return descriptor & ~(3L << 45) | (long) dpl << 45;
    }

    /** A 16/32-bit call gate (type 4/0xc), present. A 64-bit gate adds {@link #gateHigh}. */
    static long gate(int selector, long offset, int type, int dpl, int parameters) {
        return (offset & 0xffff) | (long) selector << 16 | (long) parameters << 32
                | (long) (0x80 | dpl << 5 | type) << 40 | ((offset >>> 16) & 0xffff) << 48;
    }

    static long gateHigh(long offset) {
        return offset >>> 32;
    }

    /** Writes the descriptors (entry 0 first) at {@code base} and points GDTR at them. */
    static void install(TestCpu t, long base, long... entries) {
        for (int i = 0; i < entries.length; i++) {
            t.memory.write(base + 8L * i, 8, entries[i]);
        }
        t.cpu.gdtBase = base;
        t.cpu.gdtLimit = entries.length * 8 - 1;
    }
}

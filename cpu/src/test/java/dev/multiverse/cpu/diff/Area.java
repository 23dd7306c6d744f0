package dev.multiverse.cpu.diff;

/** A data area mapped at the same fixed linear address natively and in the emulator. */
record Area(String name, long base, int size) {
    long end() {
        return base + size;
    }

    /** True if all {@code length} bytes from {@code address} lie inside the area. */
    boolean contains(long address, long length) {
        return address - base >= 0 && address - base + length <= size;
    }
}

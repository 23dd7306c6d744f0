package dev.multiverse.mmu;

/** A device register window mapped into guest physical address space. Offsets are relative to the window base. */
public interface MmioHandler {
    /** Reads {@code size} bytes (1, 2, 4 or 8) at {@code offset}; the result is zero-extended. */
    long read(long offset, int size);

    /** Writes the low {@code size} bytes of {@code value} at {@code offset}. */
    void write(long offset, int size, long value);

    /** The device's name in traces. */
    default String deviceName() {
        return getClass().getSimpleName();
    }
}

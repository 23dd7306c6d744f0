package dev.multiverse.mmu;

/** A device on the x86 I/O port bus. */
public interface PortHandler {
    /** Reads {@code size} bytes (1, 2 or 4) from {@code port}; the result is zero-extended. */
    int in(int port, int size);

    /** Writes the low {@code size} bytes of {@code value} to {@code port}. */
    void out(int port, int size, int value);
}

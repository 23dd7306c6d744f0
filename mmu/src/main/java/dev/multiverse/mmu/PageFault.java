package dev.multiverse.mmu;

/**
 * A #PF raised by a translation. Stackless and reused per {@link Mmu}: faults are control flow in the
 * emulator, and the CPU turns this into the architectural exception (CR2 = {@link #address}).
 */
public final class PageFault extends RuntimeException {
    /** Error code bits, as pushed by the CPU. */
    public static final int PRESENT = 1, WRITE = 2, USER = 4, RESERVED = 8, FETCH = 16;

    private long address;
    private int errorCode;

    PageFault() {
        super(null, null, false, false);
    }

    PageFault set(long address, int errorCode) {
        this.address = address;
        this.errorCode = errorCode;
        return this;
    }

    public long address() {
        return address;
    }

    public int errorCode() {
        return errorCode;
    }

    @Override
    public String getMessage() {
        return String.format("#PF at 0x%x, error code 0x%x", address, errorCode);
    }
}

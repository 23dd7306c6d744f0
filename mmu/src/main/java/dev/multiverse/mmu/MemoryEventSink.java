package dev.multiverse.mmu;

/**
 * Hears what the memory system does for a tracer: port I/O, MMIO accesses and page walks. The port bus and
 * physical memory are shared by every core, so they report no core: the listener knows which one runs.
 * The default, {@link #NONE}, does nothing; with it the call sites cost nothing once the JIT has inlined it.
 */
public interface MemoryEventSink {
    /** A port read ({@code write} false, {@code value} what the device returned) or write. */
    void portIo(int port, int size, int value, boolean write, PortHandler device);

    /** A read or write of {@code size} bytes at physical {@code address} in a device's MMIO window. */
    void mmio(long address, int size, long value, boolean write, MmioHandler device);

    /**
     * A page walk that translated {@code linear} for an {@link Access} by a {@link Privilege} to
     * {@code physical}, in a page of {@code 1 << pageShift} bytes; {@code tlbFilled} when the TLB now caches it.
     */
    void pageWalk(long linear, int access, int privilege, long physical, int pageShift, boolean tlbFilled);

    /** A page walk that ended in a page fault with {@code errorCode}. */
    void pageWalkFault(long linear, int access, int privilege, int errorCode);

    MemoryEventSink NONE = new MemoryEventSink() {
        @Override
        public void portIo(int port, int size, int value, boolean write, PortHandler device) {
        }

        @Override
        public void mmio(long address, int size, long value, boolean write, MmioHandler device) {
        }

        @Override
        public void pageWalk(long linear, int access, int privilege, long physical, int pageShift, boolean tlbFilled) {
        }

        @Override
        public void pageWalkFault(long linear, int access, int privilege, int errorCode) {
        }
    };
}

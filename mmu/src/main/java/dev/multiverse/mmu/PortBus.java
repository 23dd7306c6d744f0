package dev.multiverse.mmu;

/**
 * The 64 KiB I/O port space. Unclaimed ports read as all ones (a floating ISA bus) and ignore writes,
 * as on a real PC; that is architectural behaviour, not a silent no-op of the CPU.
 */
public final class PortBus {
    private final PortHandler[] handlers = new PortHandler[0x10000];
    private MemoryEventSink events = MemoryEventSink.NONE;

    /** Reports every port access to {@code sink} from now on. */
    public void setEventSink(MemoryEventSink sink) {
        events = sink;
    }

    /** Claims {@code count} consecutive ports starting at {@code first}. */
    public void register(int first, int count, PortHandler handler) {
        if (first < 0 || count <= 0 || first + count > handlers.length) {
            throw new IllegalArgumentException("ports 0x" + Integer.toHexString(first) + "+" + count + " lie outside the 64 KiB port space");
        }
        for (int p = first; p < first + count; p++) {
            if (handlers[p] != null) {
                throw new IllegalStateException("port 0x" + Integer.toHexString(p) + " is already claimed");
            }
        }
        for (int p = first; p < first + count; p++) {
            handlers[p] = handler;
        }
    }

    public int in(int port, int size) {
        PortHandler h = handlers[port & 0xffff];
        int value = h == null ? (size == 4 ? -1 : (1 << (size * 8)) - 1) : h.in(port & 0xffff, size);
        events.portIo(port & 0xffff, size, value, false, h);
        return value;
    }

    public void out(int port, int size, int value) {
        PortHandler h = handlers[port & 0xffff];
        int v = size == 4 ? value : value & ((1 << (size * 8)) - 1);
        events.portIo(port & 0xffff, size, v, true, h);
        if (h != null) {
            h.out(port & 0xffff, size, v);
        }
    }
}

package dev.multiverse.devices;

import dev.multiverse.mmu.PortHandler;

/**
 * System Control Port A (port 0x92, the PS/2 "fast A20" port). Bit 1 drives the A20 gate and reads back;
 * writing bit 0 as 1 asks for a reset of the machine (the fast reset line). Bits 2-7 are not implemented and
 * read as 0; a wider access sees the unclaimed port 0x93 and above float as all ones.
 *
 * <p>The register resets to "A20 enabled": the machine has no firmware, and every boot protocol enters the
 * kernel with A20 on, so the line and this register agree from power-on.
 */
public final class SystemControlPortA implements PortHandler {
    public static final int PORT = 0x92;
    public static final int FAST_RESET = 1 << 0;
    public static final int A20_GATE = 1 << 1;

    private final A20Line a20Line;
    private final Runnable resetRequest;
    private boolean a20 = true;

    /** {@code a20Line} hears every change of the gate, {@code resetRequest} every fast reset. */
    public SystemControlPortA(A20Line a20Line, Runnable resetRequest) {
        this.a20Line = a20Line;
        this.resetRequest = resetRequest;
    }

    /** The reset state (A20 enabled), driven onto the line. */
    public void reset() {
        a20 = true;
        a20Line.set(true);
    }

    public boolean a20Enabled() {
        return a20;
    }

    @Override
    public int in(int port, int size) {
        int value = a20 ? A20_GATE : 0;
        return size == 1 ? value : value | (size == 4 ? 0xFFFF_FF00 : 0xFF00);
    }

    @Override
    public void out(int port, int size, int value) {
        boolean enable = (value & A20_GATE) != 0;
        if (enable != a20) {
            a20 = enable;
            a20Line.set(enable);
        }
        if ((value & FAST_RESET) != 0) {
            resetRequest.run();
        }
    }
}

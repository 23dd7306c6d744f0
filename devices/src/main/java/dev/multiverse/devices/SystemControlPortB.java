package dev.multiverse.devices;

import dev.multiverse.devices.timer.Pit8254;
import dev.multiverse.mmu.PortHandler;

/**
 * System Control Port B (port 0x61): bit 0 gates PIT counter 2, bit 1 enables the speaker data, bits 2-3
 * (parity and channel-check enables) are stored; reads add bit 4, the refresh request that toggles every
 * 15.085 us of virtual time, and bit 5, PIT counter 2's output, which kernels poll to calibrate the TSC.
 * No NMI sources exist, so bits 6-7 read 0.
 */
public final class SystemControlPortB implements PortHandler {
    public static final int PORT = 0x61;
    private static final int WRITABLE = 0x0f, REFRESH = 0x10, TIMER2_OUT = 0x20;
    private static final long REFRESH_NANOS = 15_085;

    private final Pit8254 pit;
    private final VirtualClock clock;
    private int value;

    public SystemControlPortB(Pit8254 pit, VirtualClock clock) {
        this.pit = pit;
        this.clock = clock;
    }

    public void reset() {
        value = 0;
        pit.setChannel2Gate(false);
    }

    @Override
    public int in(int port, int size) {
        int v = value | ((clock.nanos() / REFRESH_NANOS & 1) != 0 ? REFRESH : 0) | (pit.channel2Output() ? TIMER2_OUT : 0);
        return size == 1 ? v : v | (size == 4 ? 0xFFFF_FF00 : 0xFF00);
    }

    @Override
    public void out(int port, int size, int v) {
        value = v & WRITABLE;
        pit.setChannel2Gate((v & 1) != 0);
    }
}

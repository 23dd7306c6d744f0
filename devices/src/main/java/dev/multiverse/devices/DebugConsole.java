package dev.multiverse.devices;

import dev.multiverse.mmu.PortHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Bochs' and QEMU's debug console ("debugcon", port 0xE9): each byte written is one character of output,
 * with no UART to program, so a kernel can print from its first instruction. The AeroKernel uses it as its
 * console when it runs as the HRT, leaving COM1 to Linux. A read returns 0xE9, which is how a guest
 * detects the port, as on Bochs and QEMU.
 */
public final class DebugConsole implements PortHandler {
    public static final int PORT = 0xE9;

    private final OutputStream out;

    public DebugConsole(OutputStream out) {
        this.out = out;
    }

    @Override
    public int in(int port, int size) {
        return PORT;
    }

    @Override
    public void out(int port, int size, int value) {
        try {
            out.write(value & 0xFF);
            if ((value & 0xFF) == '\n') out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("debug console output failed", e);
        }
    }
}

package dev.multiverse.devices;

import dev.multiverse.mmu.PortHandler;

/**
 * Port 0x80, where firmware and kernels write power-on self-test codes and which Linux also writes to
 * as a short I/O delay. Nothing displays the codes, so writes are accepted and dropped; reads return
 * all ones as on a bus with no readable POST register.
 */
public final class PostCodePort implements PortHandler {
    public static final int PORT = 0x80;

    @Override
    public int in(int port, int size) {
        return size == 4 ? -1 : (1 << (8 * size)) - 1;
    }

    @Override
    public void out(int port, int size, int value) {
        // Claimed so the write is a real device access; there is no display to show the code on.
    }
}

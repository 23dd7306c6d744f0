package dev.multiverse.devices;

import dev.multiverse.mmu.PortHandler;

import java.util.function.IntConsumer;

/**
 * QEMU's isa-debug-exit device: a write of value {@code v} to any of its ports ends the run with process
 * exit status {@code (v << 1) | 1}, so a guest can report success or failure to the host even though
 * status 0 is unreachable. Reads return all ones (the device has no readable register).
 */
public final class DebugExit implements PortHandler {
    public static final int PORT = 0xF4;
    public static final int PORT_COUNT = 4;

    private final IntConsumer exit;

    /** {@code exit} receives the exit status; the machine turns it into a stop of the run. */
    public DebugExit(IntConsumer exit) {
        this.exit = exit;
    }

    /** The status a write of {@code value} produces: only its low 8 bits survive as a process exit status. */
    public static int exitStatus(int value) {
        return ((value << 1) | 1) & 0xFF;
    }

    @Override
    public int in(int port, int size) {
        return size == 4 ? -1 : (1 << (8 * size)) - 1;
    }

    @Override
    public void out(int port, int size, int value) {
        exit.accept(exitStatus(value));
    }
}

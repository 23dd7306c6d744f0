package dev.multiverse.machine.loader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Little-endian reads from a file's bytes and little-endian buffers for boot structures. */
final class LeBytes {
    private LeBytes() {
    }

    static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    static int intAt(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    static long u32(byte[] b, int off) {
        return Integer.toUnsignedLong(intAt(b, off));
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }
}

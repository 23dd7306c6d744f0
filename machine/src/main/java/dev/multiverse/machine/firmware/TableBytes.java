package dev.multiverse.machine.firmware;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A little-endian byte builder for firmware tables, with the byte-sum checksum both MP and ACPI use. */
final class TableBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    TableBytes u8(int v) {
        out.write(v);
        return this;
    }

    TableBytes u16(int v) {
        return u8(v).u8(v >>> 8);
    }

    TableBytes u32(long v) {
        return u16((int) v).u16((int) (v >>> 16));
    }

    TableBytes u64(long v) {
        return u32(v).u32(v >>> 32);
    }

    /** {@code text} in exactly {@code width} bytes, padded with {@code pad}. */
    TableBytes text(String text, int width, char pad) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        if (b.length > width) throw new IllegalArgumentException("'" + text + "' is longer than " + width + " bytes");
        out.write(b, 0, b.length);
        for (int i = b.length; i < width; i++) out.write(pad);
        return this;
    }

    TableBytes zeros(int n) {
        for (int i = 0; i < n; i++) out.write(0);
        return this;
    }

    TableBytes bytes(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toArray() {
        return out.toByteArray();
    }

    static void putU16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    static void putU32(byte[] b, int at, long v) {
        putU16(b, at, (int) v);
        putU16(b, at + 2, (int) (v >>> 16));
    }

    /** Sets {@code b[at]} so that bytes {@code from} to {@code from + length} sum to 0 modulo 256. */
    static void checksum(byte[] b, int from, int length, int at) {
        b[at] = 0;
        int sum = 0;
        for (int i = from; i < from + length; i++) sum += b[i];
        b[at] = (byte) -sum;
    }
}

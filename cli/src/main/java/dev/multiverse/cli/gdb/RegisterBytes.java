package dev.multiverse.cli.gdb;

import dev.multiverse.cpu.fpu.Float80;

/** Register values as the little-endian bytes of the remote protocol. */
final class RegisterBytes {
    private RegisterBytes() {
    }

    /** The low {@code size} bytes of {@code value}, least significant first (zero beyond the 8th). */
    static byte[] of(long value, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < Math.min(8, size); i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        return b;
    }

    /** Up to 8 bytes from {@code from} as a number, least significant first. */
    static long value(byte[] b, int from, int size) {
        long v = 0;
        for (int i = Math.min(8, size) - 1; i >= 0; i--) {
            v = v << 8 | (b[from + i] & 0xff);
        }
        return v;
    }

    /** An x87 value's 10 bytes: the 64-bit significand, then the sign and 15-bit exponent. */
    static byte[] of(Float80 v) {
        byte[] b = of(v.significand(), 10);
        b[8] = (byte) v.signExponent();
        b[9] = (byte) (v.signExponent() >> 8);
        return b;
    }

    static Float80 float80(byte[] b) {
        return new Float80((b[8] & 0xff) | (b[9] & 0xff) << 8, value(b, 0, 8));
    }

    /** An XMM register's 16 bytes: the low quadword first. */
    static byte[] of(long low, long high) {
        byte[] b = of(low, 16);
        System.arraycopy(of(high, 8), 0, b, 8, 8);
        return b;
    }
}

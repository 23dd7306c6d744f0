package dev.multiverse.apic;

/** One of the APIC's 256-bit vector registers (IRR, ISR, TMR): bit {@code v} stands for vector {@code v}. */
final class VectorSet {
    private final long[] bits = new long[4];

    void set(int vector) {
        bits[vector >>> 6] |= 1L << vector;
    }

    void clear(int vector) {
        bits[vector >>> 6] &= ~(1L << vector);
    }

    boolean contains(int vector) {
        return (bits[vector >>> 6] & 1L << vector) != 0;
    }

    /** The highest vector in the set, or -1 when it is empty. */
    int highest() {
        for (int w = 3; w >= 0; w--) {
            if (bits[w] != 0) return w * 64 + 63 - Long.numberOfLeadingZeros(bits[w]);
        }
        return -1;
    }

    /** The 32 bits for vectors {@code 32*index} .. {@code 32*index+31}, as the register at that index reads. */
    int word(int index) {
        return (int) (bits[index >>> 1] >>> (32 * (index & 1)));
    }

    void clearAll() {
        java.util.Arrays.fill(bits, 0);
    }
}

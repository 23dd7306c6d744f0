package dev.multiverse.cpu.exec.simd;

/**
 * Elements of packed 64-bit words: reading and placing one element of {@code bits} bits, lane masks, byte
 * windows over a little-endian string of up to four words (the byte shifts and PALIGNR), and the
 * fixed-width signed and unsigned lane accessors and saturations of the packed arithmetic.
 */
final class Lanes {
    private Lanes() {
    }

    /** Element {@code n} of {@code bits} bits of {@code word}, zero-extended. */
    static long get(long word, int n, int bits) {
        return bits == 64 ? word : (word >>> (n * bits)) & ((1L << bits) - 1);
    }

    /** Element {@code n} of a 128-bit value: from {@code low} or {@code high}. */
    static long get(long low, long high, int n, int bits) {
        int perWord = 64 / bits;
        return get(n < perWord ? low : high, n % perWord, bits);
    }

    /** {@code value}'s low {@code bits} bits placed as element {@code n} of a word (other bits zero). */
    static long place(long value, int n, int bits) {
        return bits == 64 ? value : (value & ((1L << bits) - 1)) << (n * bits);
    }

    /** {@code word} with element {@code n} of {@code bits} bits replaced by {@code value}'s low bits. */
    static long with(long word, int n, int bits, long value) {
        if (bits == 64) return value;
        long m = ((1L << bits) - 1) << (n * bits);
        return (word & ~m) | ((value << (n * bits)) & m);
    }

    /** The top bits of the elements of {@code bits} bits in {@code word}, element 0 in bit 0. */
    static int topBits(long word, int bits) {
        int out = 0;
        for (int n = 0; n < 64 / bits; n++) {
            out |= (int) ((word >>> ((n + 1) * bits - 1)) & 1) << n;
        }
        return out;
    }

    /** {@code pattern} (at most {@code bits} bits) repeated in every element of a word. */
    static long repeat(long pattern, int bits) {
        return switch (bits) {
            case 8 -> pattern * 0x0101_0101_0101_0101L;
            case 16 -> pattern * 0x0001_0001_0001_0001L;
            case 32 -> pattern * 0x0000_0001_0000_0001L;
            default -> pattern;
        };
    }

    /** Every element of {@code bits} bits whose top bit is set in {@code word} becomes all ones, the others zero. */
    static long signMask(long word, int bits) {
        long top = word & repeat(1L << (bits - 1), bits);
        return bits == 64 ? top >> 63 : (top >>> (bits - 1)) * ((1L << bits) - 1);
    }

    /**
     * The eight bytes starting at byte {@code offset} of the 32-byte little-endian string
     * {@code w0 w1 w2 w3}; bytes beyond its end read as zero.
     */
    static long window(long w0, long w1, long w2, long w3, int offset) {
        if (offset >= 32) return 0;
        int q = offset >>> 3, shift = (offset & 7) * 8;
        long first = word(w0, w1, w2, w3, q);
        return shift == 0 ? first : (first >>> shift) | (word(w0, w1, w2, w3, q + 1) << (64 - shift));
    }

    private static long word(long w0, long w1, long w2, long w3, int k) {
        return switch (k) {
            case 0 -> w0;
            case 1 -> w1;
            case 2 -> w2;
            case 3 -> w3;
            default -> 0;
        };
    }

    /** Byte {@code k} (0-7) of {@code v}, sign-extended. */
    static int signedByte(long v, int k) {
        return (byte) (v >>> 8 * k);
    }

    /** Byte {@code k} (0-7) of {@code v}, zero-extended. */
    static int unsignedByte(long v, int k) {
        return (int) (v >>> 8 * k) & 0xff;
    }

    /** Word {@code k} (0-3) of {@code v}, sign-extended. */
    static int signedWord(long v, int k) {
        return (short) (v >>> 16 * k);
    }

    /** Word {@code k} (0-3) of {@code v}, zero-extended. */
    static int unsignedWord(long v, int k) {
        return (int) (v >>> 16 * k) & 0xffff;
    }

    /** Dword {@code k} (0-1) of {@code v}, sign-extended. */
    static int signedDword(long v, int k) {
        return (int) (v >>> 32 * k);
    }

    /** Dword {@code k} (0-1) of {@code v}, zero-extended. */
    static long unsignedDword(long v, int k) {
        return (v >>> 32 * k) & 0xffff_ffffL;
    }

    /** {@code value} placed in byte lane {@code k}. */
    static long byteLane(long value, int k) {
        return (value & 0xffL) << 8 * k;
    }

    static long wordLane(long value, int k) {
        return (value & 0xffffL) << 16 * k;
    }

    static long dwordLane(long value, int k) {
        return (value & 0xffff_ffffL) << 32 * k;
    }

    static int saturateSignedByte(int v) {
        return Math.clamp(v, Byte.MIN_VALUE, Byte.MAX_VALUE);
    }

    static int saturateUnsignedByte(int v) {
        return Math.clamp(v, 0, 0xff);
    }

    static int saturateSignedWord(int v) {
        return Math.clamp(v, Short.MIN_VALUE, Short.MAX_VALUE);
    }

    static int saturateUnsignedWord(int v) {
        return Math.clamp(v, 0, 0xffff);
    }
}

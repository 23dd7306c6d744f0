package dev.multiverse.cpu.exec.simd;

import static dev.multiverse.cpu.exec.simd.Lanes.dwordLane;
import static dev.multiverse.cpu.exec.simd.Lanes.saturateSignedWord;
import static dev.multiverse.cpu.exec.simd.Lanes.signedByte;
import static dev.multiverse.cpu.exec.simd.Lanes.signedDword;
import static dev.multiverse.cpu.exec.simd.Lanes.signedWord;
import static dev.multiverse.cpu.exec.simd.Lanes.unsignedByte;
import static dev.multiverse.cpu.exec.simd.Lanes.unsignedDword;
import static dev.multiverse.cpu.exec.simd.Lanes.unsignedWord;
import static dev.multiverse.cpu.exec.simd.Lanes.wordLane;

/**
 * Packed multiplication on 64 bits ({@link PackedArithForms.Op}s): low or high halves of word and dword
 * products, widening dword products, the multiply-adds PMADDWD and PMADDUBSW, and PMULHRSW's rounded
 * fixed-point product.
 */
public final class PackedArithMultiply {
    private PackedArithMultiply() {
    }

    /** PMULLW: the low 16 bits of each word product. */
    public static long mulLowWords(long a, long b) {
        long r = 0;
        for (int k = 0; k < 4; k++) r |= wordLane(signedWord(a, k) * signedWord(b, k), k);
        return r;
    }

    /** PMULHW: the high 16 bits of each signed word product. */
    public static long mulHighSignedWords(long a, long b) {
        long r = 0;
        for (int k = 0; k < 4; k++) r |= wordLane(signedWord(a, k) * signedWord(b, k) >> 16, k);
        return r;
    }

    /** PMULHUW: the high 16 bits of each unsigned word product. */
    public static long mulHighUnsignedWords(long a, long b) {
        long r = 0;
        for (int k = 0; k < 4; k++) r |= wordLane(unsignedWord(a, k) * unsignedWord(b, k) >>> 16, k);
        return r;
    }

    /** PMULUDQ: the low unsigned dwords multiplied into 64 bits. */
    public static long mulUnsignedDword(long a, long b) {
        return unsignedDword(a, 0) * unsignedDword(b, 0);
    }

    /** PMULDQ: the low signed dwords multiplied into 64 bits. */
    public static long mulSignedDword(long a, long b) {
        return (long) signedDword(a, 0) * signedDword(b, 0);
    }

    /** PMULLD: the low 32 bits of each dword product. */
    public static long mulLowDwords(long a, long b) {
        return dwordLane(signedDword(a, 0) * signedDword(b, 0), 0) | dwordLane(signedDword(a, 1) * signedDword(b, 1), 1);
    }

    /** PMADDWD: pairs of signed word products summed into dwords (only -32768 squared twice wraps, to 0x80000000). */
    public static long multiplyAddWords(long a, long b) {
        long r = 0;
        for (int k = 0; k < 2; k++) {
            int sum = signedWord(a, 2 * k) * signedWord(b, 2 * k) + signedWord(a, 2 * k + 1) * signedWord(b, 2 * k + 1);
            r |= dwordLane(sum, k);
        }
        return r;
    }

    /** PMADDUBSW: unsigned destination bytes times signed source bytes, pairs summed into words with signed saturation. */
    public static long multiplyAddUnsignedSignedBytes(long a, long b) {
        long r = 0;
        for (int k = 0; k < 4; k++) {
            int sum = unsignedByte(a, 2 * k) * signedByte(b, 2 * k) + unsignedByte(a, 2 * k + 1) * signedByte(b, 2 * k + 1);
            r |= wordLane(saturateSignedWord(sum), k);
        }
        return r;
    }

    /** PMULHRSW: the signed word product as a Q15 number rounded to nearest: ((a * b >> 14) + 1) >> 1. */
    public static long mulHighRoundScaleWords(long a, long b) {
        long r = 0;
        for (int k = 0; k < 4; k++) r |= wordLane(((signedWord(a, k) * signedWord(b, k) >> 14) + 1) >> 1, k);
        return r;
    }
}

package dev.multiverse.cpu.exec.simd;

import static dev.multiverse.cpu.exec.simd.Lanes.byteLane;
import static dev.multiverse.cpu.exec.simd.Lanes.saturateSignedByte;
import static dev.multiverse.cpu.exec.simd.Lanes.saturateSignedWord;
import static dev.multiverse.cpu.exec.simd.Lanes.saturateUnsignedByte;
import static dev.multiverse.cpu.exec.simd.Lanes.saturateUnsignedWord;
import static dev.multiverse.cpu.exec.simd.Lanes.signedByte;
import static dev.multiverse.cpu.exec.simd.Lanes.signedWord;
import static dev.multiverse.cpu.exec.simd.Lanes.unsignedByte;
import static dev.multiverse.cpu.exec.simd.Lanes.unsignedWord;
import static dev.multiverse.cpu.exec.simd.Lanes.wordLane;

/**
 * Packed addition and subtraction on 64 bits ({@link PackedArithForms.Op}s): wrapping (PADD*, PSUB*),
 * with signed or unsigned saturation (PADDS*, PADDUS*, PSUBS*, PSUBUS*), and the rounded averages PAVGB/PAVGW.
 */
public final class PackedArithAdd {
    /** The top bit of every lane: wrapping sums add the rest and fix the top bits so no carry crosses lanes. */
    private static final long TOP_B = 0x8080_8080_8080_8080L, TOP_W = 0x8000_8000_8000_8000L, TOP_D = 0x8000_0000_8000_0000L;

    private PackedArithAdd() {
    }

    private static long add(long a, long b, long top) {
        return ((a & ~top) + (b & ~top)) ^ ((a ^ b) & top);
    }

    private static long sub(long a, long b, long top) {
        return ((a | top) - (b & ~top)) ^ ((a ^ ~b) & top);
    }

    public static long addBytes(long a, long b) {
        return add(a, b, TOP_B);
    }

    public static long addWords(long a, long b) {
        return add(a, b, TOP_W);
    }

    public static long addDwords(long a, long b) {
        return add(a, b, TOP_D);
    }

    public static long addQword(long a, long b) {
        return a + b;
    }

    public static long subBytes(long a, long b) {
        return sub(a, b, TOP_B);
    }

    public static long subWords(long a, long b) {
        return sub(a, b, TOP_W);
    }

    public static long subDwords(long a, long b) {
        return sub(a, b, TOP_D);
    }

    public static long subQword(long a, long b) {
        return a - b;
    }

    public static long addSignedSaturateBytes(long a, long b) {
        long r = 0;
        for (int k = 0; k < 8; k++) r |= byteLane(saturateSignedByte(signedByte(a, k) + signedByte(b, k)), k);
        return r;
    }

    public static long addUnsignedSaturateBytes(long a, long b) {
        long r = 0;
        for (int k = 0; k < 8; k++) r |= byteLane(saturateUnsignedByte(unsignedByte(a, k) + unsignedByte(b, k)), k);
        return r;
    }

    public static long subSignedSaturateBytes(long a, long b) {
        long r = 0;
        for (int k = 0; k < 8; k++) r |= byteLane(saturateSignedByte(signedByte(a, k) - signedByte(b, k)), k);
        return r;
    }

    public static long subUnsignedSaturateBytes(long a, long b) {
        long r = 0;
        for (int k = 0; k < 8; k++) r |= byteLane(saturateUnsignedByte(unsignedByte(a, k) - unsignedByte(b, k)), k);
        return r;
    }

    public static long addSignedSaturateWords(long a, long b) {
        long r = 0;
        for (int k = 0; k < 4; k++) r |= wordLane(saturateSignedWord(signedWord(a, k) + signedWord(b, k)), k);
        return r;
    }

    public static long addUnsignedSaturateWords(long a, long b) {
        long r = 0;
        for (int k = 0; k < 4; k++) r |= wordLane(saturateUnsignedWord(unsignedWord(a, k) + unsignedWord(b, k)), k);
        return r;
    }

    public static long subSignedSaturateWords(long a, long b) {
        long r = 0;
        for (int k = 0; k < 4; k++) r |= wordLane(saturateSignedWord(signedWord(a, k) - signedWord(b, k)), k);
        return r;
    }

    public static long subUnsignedSaturateWords(long a, long b) {
        long r = 0;
        for (int k = 0; k < 4; k++) r |= wordLane(saturateUnsignedWord(unsignedWord(a, k) - unsignedWord(b, k)), k);
        return r;
    }

    /** PAVGB: (a + b + 1) / 2 per unsigned byte. */
    public static long averageBytes(long a, long b) {
        long r = 0;
        for (int k = 0; k < 8; k++) r |= byteLane((unsignedByte(a, k) + unsignedByte(b, k) + 1) >> 1, k);
        return r;
    }

    /** PAVGW: (a + b + 1) / 2 per unsigned word. */
    public static long averageWords(long a, long b) {
        long r = 0;
        for (int k = 0; k < 4; k++) r |= wordLane((unsignedWord(a, k) + unsignedWord(b, k) + 1) >> 1, k);
        return r;
    }
}

package dev.multiverse.cpu.exec.simd;

import static dev.multiverse.cpu.exec.simd.Lanes.byteLane;
import static dev.multiverse.cpu.exec.simd.Lanes.dwordLane;
import static dev.multiverse.cpu.exec.simd.Lanes.signedByte;
import static dev.multiverse.cpu.exec.simd.Lanes.signedDword;
import static dev.multiverse.cpu.exec.simd.Lanes.signedWord;
import static dev.multiverse.cpu.exec.simd.Lanes.unsignedByte;
import static dev.multiverse.cpu.exec.simd.Lanes.unsignedDword;
import static dev.multiverse.cpu.exec.simd.Lanes.unsignedWord;
import static dev.multiverse.cpu.exec.simd.Lanes.wordLane;

/**
 * Packed integer comparisons on 64 bits ({@link PackedArithForms.Op}s): PCMPEQ* and PCMPGT* (a lane of all
 * ones where the comparison holds, zero elsewhere), and the lane-wise minima and maxima PMIN* and PMAX*.
 */
public final class PackedCompare {
    private PackedCompare() {
    }

    private static int mask(boolean holds) {
        return holds ? -1 : 0;
    }

    public static long equalBytes(long a, long b) {
        long r = 0;
        for (int k = 0; k < 8; k++) r |= byteLane(mask(unsignedByte(a, k) == unsignedByte(b, k)), k);
        return r;
    }

    public static long equalWords(long a, long b) {
        long r = 0;
        for (int k = 0; k < 4; k++) r |= wordLane(mask(unsignedWord(a, k) == unsignedWord(b, k)), k);
        return r;
    }

    public static long equalDwords(long a, long b) {
        return dwordLane(mask(signedDword(a, 0) == signedDword(b, 0)), 0) | dwordLane(mask(signedDword(a, 1) == signedDword(b, 1)), 1);
    }

    public static long equalQword(long a, long b) {
        return a == b ? -1L : 0;
    }

    public static long greaterBytes(long a, long b) {
        long r = 0;
        for (int k = 0; k < 8; k++) r |= byteLane(mask(signedByte(a, k) > signedByte(b, k)), k);
        return r;
    }

    public static long greaterWords(long a, long b) {
        long r = 0;
        for (int k = 0; k < 4; k++) r |= wordLane(mask(signedWord(a, k) > signedWord(b, k)), k);
        return r;
    }

    public static long greaterDwords(long a, long b) {
        return dwordLane(mask(signedDword(a, 0) > signedDword(b, 0)), 0) | dwordLane(mask(signedDword(a, 1) > signedDword(b, 1)), 1);
    }

    public static long greaterQword(long a, long b) {
        return a > b ? -1L : 0;
    }

    public static long minSignedBytes(long a, long b) {
        long r = 0;
        for (int k = 0; k < 8; k++) r |= byteLane(Math.min(signedByte(a, k), signedByte(b, k)), k);
        return r;
    }

    public static long maxSignedBytes(long a, long b) {
        long r = 0;
        for (int k = 0; k < 8; k++) r |= byteLane(Math.max(signedByte(a, k), signedByte(b, k)), k);
        return r;
    }

    public static long minUnsignedBytes(long a, long b) {
        long r = 0;
        for (int k = 0; k < 8; k++) r |= byteLane(Math.min(unsignedByte(a, k), unsignedByte(b, k)), k);
        return r;
    }

    public static long maxUnsignedBytes(long a, long b) {
        long r = 0;
        for (int k = 0; k < 8; k++) r |= byteLane(Math.max(unsignedByte(a, k), unsignedByte(b, k)), k);
        return r;
    }

    public static long minSignedWords(long a, long b) {
        long r = 0;
        for (int k = 0; k < 4; k++) r |= wordLane(Math.min(signedWord(a, k), signedWord(b, k)), k);
        return r;
    }

    public static long maxSignedWords(long a, long b) {
        long r = 0;
        for (int k = 0; k < 4; k++) r |= wordLane(Math.max(signedWord(a, k), signedWord(b, k)), k);
        return r;
    }

    public static long minUnsignedWords(long a, long b) {
        long r = 0;
        for (int k = 0; k < 4; k++) r |= wordLane(Math.min(unsignedWord(a, k), unsignedWord(b, k)), k);
        return r;
    }

    public static long maxUnsignedWords(long a, long b) {
        long r = 0;
        for (int k = 0; k < 4; k++) r |= wordLane(Math.max(unsignedWord(a, k), unsignedWord(b, k)), k);
        return r;
    }

    public static long minSignedDwords(long a, long b) {
        return dwordLane(Math.min(signedDword(a, 0), signedDword(b, 0)), 0) | dwordLane(Math.min(signedDword(a, 1), signedDword(b, 1)), 1);
    }

    public static long maxSignedDwords(long a, long b) {
        return dwordLane(Math.max(signedDword(a, 0), signedDword(b, 0)), 0) | dwordLane(Math.max(signedDword(a, 1), signedDword(b, 1)), 1);
    }

    public static long minUnsignedDwords(long a, long b) {
        return dwordLane(Math.min(unsignedDword(a, 0), unsignedDword(b, 0)), 0)
                | dwordLane(Math.min(unsignedDword(a, 1), unsignedDword(b, 1)), 1);
    }

    public static long maxUnsignedDwords(long a, long b) {
        return dwordLane(Math.max(unsignedDword(a, 0), unsignedDword(b, 0)), 0)
                | dwordLane(Math.max(unsignedDword(a, 1), unsignedDword(b, 1)), 1);
    }
}

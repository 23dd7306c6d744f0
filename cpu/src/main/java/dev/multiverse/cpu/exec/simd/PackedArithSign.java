package dev.multiverse.cpu.exec.simd;

import static dev.multiverse.cpu.exec.simd.Lanes.byteLane;
import static dev.multiverse.cpu.exec.simd.Lanes.dwordLane;
import static dev.multiverse.cpu.exec.simd.Lanes.signedByte;
import static dev.multiverse.cpu.exec.simd.Lanes.signedDword;
import static dev.multiverse.cpu.exec.simd.Lanes.signedWord;
import static dev.multiverse.cpu.exec.simd.Lanes.wordLane;

/**
 * SSSE3's sign operations on 64 bits ({@link PackedArithForms.Op}s): PABS* (of the source; the most negative
 * value stays as it is, read as unsigned) and PSIGN* (the destination negated, zeroed or kept as the
 * source lane is negative, zero or positive).
 */
public final class PackedArithSign {
    private PackedArithSign() {
    }

    public static long absBytes(long ignored, long b) {
        long r = 0;
        for (int k = 0; k < 8; k++) r |= byteLane(Math.abs(signedByte(b, k)), k);
        return r;
    }

    public static long absWords(long ignored, long b) {
        long r = 0;
        for (int k = 0; k < 4; k++) r |= wordLane(Math.abs(signedWord(b, k)), k);
        return r;
    }

    public static long absDwords(long ignored, long b) {
        return dwordLane(Math.abs(signedDword(b, 0)), 0) | dwordLane(Math.abs(signedDword(b, 1)), 1);
    }

    public static long signBytes(long a, long b) {
        long r = 0;
        for (int k = 0; k < 8; k++) r |= byteLane(Integer.signum(signedByte(b, k)) * signedByte(a, k), k);
        return r;
    }

    public static long signWords(long a, long b) {
        long r = 0;
        for (int k = 0; k < 4; k++) r |= wordLane(Integer.signum(signedWord(b, k)) * signedWord(a, k), k);
        return r;
    }

    public static long signDwords(long a, long b) {
        long r = 0;
        for (int k = 0; k < 2; k++) r |= dwordLane(Integer.signum(signedDword(b, k)) * signedDword(a, k), k);
        return r;
    }
}

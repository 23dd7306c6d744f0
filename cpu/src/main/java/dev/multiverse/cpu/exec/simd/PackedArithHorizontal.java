package dev.multiverse.cpu.exec.simd;

import static dev.multiverse.cpu.exec.simd.Lanes.dwordLane;
import static dev.multiverse.cpu.exec.simd.Lanes.saturateSignedWord;
import static dev.multiverse.cpu.exec.simd.Lanes.signedDword;
import static dev.multiverse.cpu.exec.simd.Lanes.signedWord;
import static dev.multiverse.cpu.exec.simd.Lanes.wordLane;

/**
 * SSSE3's horizontal additions and subtractions (PHADD*, PHSUB*): each result lane combines two
 * neighbouring lanes of one operand, the even lane first. Each method takes 64 bits of a {@code first} and of
 * a {@code second} operand and returns the results from {@code first}'s pairs in the low lanes and from
 * {@code second}'s in the high ones (see {@link PackedArithForms#horizontalXmm}).
 */
public final class PackedArithHorizontal {
    private PackedArithHorizontal() {
    }

    public static long addWords(long first, long second) {
        return wordLane(signedWord(first, 0) + signedWord(first, 1), 0) | wordLane(signedWord(first, 2) + signedWord(first, 3), 1)
                | wordLane(signedWord(second, 0) + signedWord(second, 1), 2) | wordLane(signedWord(second, 2) + signedWord(second, 3), 3);
    }

    public static long subWords(long first, long second) {
        return wordLane(signedWord(first, 0) - signedWord(first, 1), 0) | wordLane(signedWord(first, 2) - signedWord(first, 3), 1)
                | wordLane(signedWord(second, 0) - signedWord(second, 1), 2) | wordLane(signedWord(second, 2) - signedWord(second, 3), 3);
    }

    public static long addSaturateWords(long first, long second) {
        return wordLane(saturateSignedWord(signedWord(first, 0) + signedWord(first, 1)), 0)
                | wordLane(saturateSignedWord(signedWord(first, 2) + signedWord(first, 3)), 1)
                | wordLane(saturateSignedWord(signedWord(second, 0) + signedWord(second, 1)), 2)
                | wordLane(saturateSignedWord(signedWord(second, 2) + signedWord(second, 3)), 3);
    }

    public static long subSaturateWords(long first, long second) {
        return wordLane(saturateSignedWord(signedWord(first, 0) - signedWord(first, 1)), 0)
                | wordLane(saturateSignedWord(signedWord(first, 2) - signedWord(first, 3)), 1)
                | wordLane(saturateSignedWord(signedWord(second, 0) - signedWord(second, 1)), 2)
                | wordLane(saturateSignedWord(signedWord(second, 2) - signedWord(second, 3)), 3);
    }

    public static long addDwords(long first, long second) {
        return dwordLane(signedDword(first, 0) + signedDword(first, 1), 0) | dwordLane(signedDword(second, 0) + signedDword(second, 1), 1);
    }

    public static long subDwords(long first, long second) {
        return dwordLane(signedDword(first, 0) - signedDword(first, 1), 0) | dwordLane(signedDword(second, 0) - signedDword(second, 1), 1);
    }
}

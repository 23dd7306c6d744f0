package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.insn.Insn;

import static dev.multiverse.cpu.exec.simd.Lanes.unsignedByte;
import static dev.multiverse.cpu.exec.simd.Lanes.unsignedWord;

/**
 * Sums of absolute byte differences (PSADBW, SSE4.1's MPSADBW) and SSE4.1's PHMINPOSUW, the
 * reductions that motion estimation and searches use.
 */
public final class PackedArithSad {
    private PackedArithSad() {
    }

    /** PSADBW on 64 bits: the sum of the eight absolute differences in the low word, the rest zero. */
    public static long sumAbsoluteDifferences(long a, long b) {
        long sum = 0;
        for (int k = 0; k < 8; k++) sum += Math.abs(unsignedByte(a, k) - unsignedByte(b, k));
        return sum;
    }

    /**
     * MPSADBW xmm, xmm/m128, imm8: eight sums of absolute differences between a 4-byte block of the source
     * (dword imm8[1:0]) and the destination's bytes at o+i..o+i+3 for i = 0..7, where o is 4 * imm8[2].
     */
    public static void multipleSumAbsoluteDifferences(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        int control = (int) i.imm;
        long block = c.xmm[s + ((control & 2) >> 1)] >>> 32 * (control & 1);
        int from = 4 * ((control >> 2) & 1);
        long low = c.xmm[d], high = c.xmm[d + 1];
        long resultLow = 0, resultHigh = 0;
        for (int w = 0; w < 4; w++) {
            resultLow |= (long) blockDifference(low, high, from + w, block) << 16 * w;
            resultHigh |= (long) blockDifference(low, high, from + 4 + w, block) << 16 * w;
        }
        c.xmm[d] = resultLow;
        c.xmm[d + 1] = resultHigh;
    }

    /** The sum of absolute differences between the 16-byte value's bytes at..at+3 and the four bytes of {@code block}. */
    private static int blockDifference(long low, long high, int at, long block) {
        int sum = 0;
        for (int k = 0; k < 4; k++) sum += Math.abs(byteOf(low, high, at + k) - unsignedByte(block, k));
        return sum;
    }

    private static int byteOf(long low, long high, int n) {
        return unsignedByte(n < 8 ? low : high, n & 7);
    }

    /** PHMINPOSUW: the smallest unsigned word of the source, and in bits 18:16 the lowest index holding it. */
    public static void minimumWordAndPosition(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        int min = 0x10000, at = 0;
        for (int n = 0; n < 8; n++) {
            int w = unsignedWord(c.xmm[s + (n >> 2)], n & 3);
            if (w < min) {
                min = w;
                at = n;
            }
        }
        c.xmm[d] = min | (long) at << 16;
        c.xmm[d + 1] = 0;
    }
}

package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;

/**
 * SSE4.2's packed string comparisons PCMPESTRI, PCMPESTRM, PCMPISTRI and PCMPISTRM (SDM vol. 1, 4.1 and
 * vol. 2, PCMPxSTRx). The first operand (the set, ranges or needle) is compared with the second (the text)
 * as imm8 says: bits 1:0 the element format (unsigned/signed bytes/words), bits 3:2 the aggregation
 * (equal any, ranges, equal each, equal ordered), bits 5:4 the polarity, bit 6 which index (least or most
 * significant) or which mask (bits or expanded lanes) comes out. The string lengths come from EAX and EDX
 * (RAX and RDX with REX.W) as absolute values, saturated at the element count (explicit forms), or end at
 * the first zero element (implicit forms). Elements past a string's end compare by fixed rules per
 * aggregation. CF = result not zero, ZF = the text ends inside the register, SF = the first operand does,
 * OF = result bit 0, AF = PF = 0.
 */
public final class StringCompare {
    /** Aggregations (imm8 bits 3:2); the fourth, 3, is equal ordered. */
    private static final int EQUAL_ANY = 0, RANGES = 1, EQUAL_EACH = 2;

    private StringCompare() {
    }

    /** PCMPESTRI: explicit lengths, index in ECX. */
    public static void explicitIndex(Cpu c, Insn i) {
        index(c, i, compare(c, i, true));
    }

    /** PCMPESTRM: explicit lengths, mask in XMM0. */
    public static void explicitMask(Cpu c, Insn i) {
        mask(c, i, compare(c, i, true));
    }

    /** PCMPISTRI: zero-terminated strings, index in ECX. */
    public static void implicitIndex(Cpu c, Insn i) {
        index(c, i, compare(c, i, false));
    }

    /** PCMPISTRM: zero-terminated strings, mask in XMM0. */
    public static void implicitMask(Cpu c, Insn i) {
        mask(c, i, compare(c, i, false));
    }

    /** ECX = the lowest (imm8 bit 6 clear) or highest set bit of the result, or the element count if none is set. */
    private static void index(Cpu c, Insn i, int result) {
        int count = elementCount((int) i.imm);
        int at = result == 0 ? count
                : (i.imm & 0x40) == 0 ? Integer.numberOfTrailingZeros(result) : 31 - Integer.numberOfLeadingZeros(result);
        c.setReg(Cpu.RCX, 4, at);
    }

    /** XMM0 = the result bits zero-extended (imm8 bit 6 clear), or each bit widened to a lane of ones or zeros. */
    private static void mask(Cpu c, Insn i, int result) {
        if ((i.imm & 0x40) == 0) {
            c.xmm[0] = result;
            c.xmm[1] = 0;
            return;
        }
        boolean words = (i.imm & 1) != 0;
        int lanesPerHalf = words ? 4 : 8, bits = words ? 16 : 8;
        long laneMask = words ? 0xffffL : 0xffL;
        long low = 0, high = 0;
        for (int k = 0; k < lanesPerHalf; k++) {
            if ((result >> k & 1) != 0) low |= laneMask << bits * k;
            if ((result >> (k + lanesPerHalf) & 1) != 0) high |= laneMask << bits * k;
        }
        c.xmm[0] = low;
        c.xmm[1] = high;
    }

    /** Runs the comparison, sets the flags and returns the result bits (IntRes2), one per element. */
    private static int compare(Cpu c, Insn i, boolean explicit) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        int control = (int) i.imm;
        int count = elementCount(control);
        long aLow = c.xmm[d], aHigh = c.xmm[d + 1], bLow = c.xmm[s], bHigh = c.xmm[s + 1];
        int lengthA, lengthB;
        if (explicit) {
            boolean wide = i.has(Insn.REXW);
            lengthA = explicitLength(c.gpr[Cpu.RAX], wide, count);
            lengthB = explicitLength(c.gpr[Cpu.RDX], wide, count);
        } else {
            lengthA = implicitLength(aLow, aHigh, control);
            lengthB = implicitLength(bLow, bHigh, control);
        }
        int all = (1 << count) - 1;
        int matches = switch ((control >> 2) & 3) {
            case EQUAL_ANY -> equalAny(control, aLow, aHigh, lengthA, bLow, bHigh, lengthB);
            case RANGES -> ranges(control, aLow, aHigh, lengthA, bLow, bHigh, lengthB);
            case EQUAL_EACH -> equalEach(control, aLow, aHigh, lengthA, bLow, bHigh, lengthB);
            default -> equalOrdered(control, aLow, aHigh, lengthA, bLow, bHigh, lengthB);
        };
        int result = switch ((control >> 4) & 3) {
            case 1 -> ~matches & all;                        // negative
            case 3 -> matches ^ ((1 << lengthB) - 1);       // masked negative: only the text's elements
            default -> matches;
        };
        c.flags.setStatus((result != 0 ? Flags.CF : 0) | (lengthB < count ? Flags.ZF : 0) | (lengthA < count ? Flags.SF : 0)
                | ((result & 1) != 0 ? Flags.OF : 0));
        return result;
    }

    private static int elementCount(int control) {
        return (control & 1) != 0 ? 8 : 16;
    }

    /** Element {@code k} in the format of imm8[1:0]. */
    private static int element(int control, long low, long high, int k) {
        if ((control & 1) == 0) {
            long v = (k < 8 ? low : high) >>> 8 * (k & 7);
            return (control & 2) != 0 ? (byte) v : (int) v & 0xff;
        }
        long v = (k < 4 ? low : high) >>> 16 * (k & 3);
        return (control & 2) != 0 ? (short) v : (int) v & 0xffff;
    }

    /** |value| of the 32-bit (64-bit with REX.W) register, saturated at the element count. */
    private static int explicitLength(long register, boolean wide, int count) {
        long v = wide ? register : (int) register;
        return v >= count || v <= -count ? count : (int) Math.abs(v);
    }

    /** The index of the first zero element, or the element count. */
    private static int implicitLength(long low, long high, int control) {
        int count = elementCount(control);
        for (int k = 0; k < count; k++) {
            if (element(control, low, high, k) == 0) return k;
        }
        return count;
    }

    /** Bit j: text element j equals some element of the set (both valid). */
    private static int equalAny(int control, long aLow, long aHigh, int lengthA, long bLow, long bHigh, int lengthB) {
        int result = 0;
        for (int j = 0; j < lengthB; j++) {
            int b = element(control, bLow, bHigh, j);
            for (int k = 0; k < lengthA; k++) {
                if (element(control, aLow, aHigh, k) == b) {
                    result |= 1 << j;
                    break;
                }
            }
        }
        return result;
    }

    /** Bit j: text element j lies in some range [set 2k, set 2k+1] whose bounds are both valid. */
    private static int ranges(int control, long aLow, long aHigh, int lengthA, long bLow, long bHigh, int lengthB) {
        int result = 0;
        for (int j = 0; j < lengthB; j++) {
            int b = element(control, bLow, bHigh, j);
            for (int k = 0; k + 1 < lengthA; k += 2) {
                if (element(control, aLow, aHigh, k) <= b && b <= element(control, aLow, aHigh, k + 1)) {
                    result |= 1 << j;
                    break;
                }
            }
        }
        return result;
    }

    /** Bit j: the elements j of both are equal; true if both strings have ended there, false if one has. */
    private static int equalEach(int control, long aLow, long aHigh, int lengthA, long bLow, long bHigh, int lengthB) {
        int result = 0;
        for (int j = 0; j < elementCount(control); j++) {
            boolean validA = j < lengthA, validB = j < lengthB;
            boolean equal = validA && validB
                    ? element(control, aLow, aHigh, j) == element(control, bLow, bHigh, j) : validA == validB;
            if (equal) result |= 1 << j;
        }
        return result;
    }

    /**
     * Bit j: the needle (first operand) occurs in the text from element j on. A needle element past the
     * needle's end matches anything; a valid needle element against text past its end does not.
     */
    private static int equalOrdered(int control, long aLow, long aHigh, int lengthA, long bLow, long bHigh, int lengthB) {
        int count = elementCount(control), result = 0;
        for (int j = 0; j < count; j++) {
            boolean match = true;
            for (int k = 0; k < lengthA && j + k < count && match; k++) {
                match = j + k < lengthB && element(control, aLow, aHigh, k) == element(control, bLow, bHigh, j + k);
            }
            if (match) result |= 1 << j;
        }
        return result;
    }
}

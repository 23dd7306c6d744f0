package dev.multiverse.cpu.exec.x87;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fpu.Float80;
import dev.multiverse.cpu.fpu.Rounding;
import dev.multiverse.cpu.insn.Insn;

/**
 * FLDZ, FLD1 and the five irrational constants. The x87 keeps each constant to 66 bits and rounds it to 64
 * under the rounding control (precision control does not apply); the host gives the correctly rounded
 * value in every mode, raises no precision exception and clears C1. Each constant is held here as its
 * 64-bit truncation and whether the bits beyond lie above one half of the last place (none is a tie).
 */
public final class Constants {
    private Constants() {
    }

    private record Irrational(int signExponent, long truncated, boolean aboveHalf) {
        /** Positive, so rounding down and toward zero both truncate, and up always adds one. */
        Float80 rounded(int rounding) {
            boolean up = rounding == Rounding.UP || (rounding == Rounding.NEAREST && aboveHalf);
            return new Float80(signExponent, up ? truncated + 1 : truncated);
        }
    }

    private static final Irrational L2T = new Irrational(0x4000, 0xd49a_784b_cd1b_8afeL, false);
    private static final Irrational L2E = new Irrational(0x3fff, 0xb8aa_3b29_5c17_f0bbL, true);
    private static final Irrational PI = new Irrational(0x4000, 0xc90f_daa2_2168_c234L, true);
    private static final Irrational LG2 = new Irrational(0x3ffd, 0x9a20_9a84_fbcf_f798L, true);
    private static final Irrational LN2 = new Irrational(0x3ffe, 0xb172_17f7_d1cf_79abL, true);
    private static final Float80 ONE = new Float80(0x3fff, 1L << 63), ZERO = new Float80(0, 0);

    public static void fld1(Cpu c, Insn i) {
        Results.push(c, i, ONE, 0);
    }

    public static void fldz(Cpu c, Insn i) {
        Results.push(c, i, ZERO, 0);
    }

    /** log2(10). */
    public static void fldl2t(Cpu c, Insn i) {
        push(c, i, L2T);
    }

    /** log2(e). */
    public static void fldl2e(Cpu c, Insn i) {
        push(c, i, L2E);
    }

    public static void fldpi(Cpu c, Insn i) {
        push(c, i, PI);
    }

    /** log10(2). */
    public static void fldlg2(Cpu c, Insn i) {
        push(c, i, LG2);
    }

    /** ln(2). */
    public static void fldln2(Cpu c, Insn i) {
        push(c, i, LN2);
    }

    private static void push(Cpu c, Insn i, Irrational k) {
        Results.push(c, i, k.rounded(c.x87.control >> 10 & 3), 0);
    }
}

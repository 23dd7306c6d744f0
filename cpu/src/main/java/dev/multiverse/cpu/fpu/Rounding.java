package dev.multiverse.cpu.fpu;

/**
 * Rounding-control values, encoded as in the x87 control word (RC, bits 10-11), MXCSR (RC, bits 13-14)
 * and the ROUNDSS/ROUNDSD immediate (bits 0-1).
 */
public final class Rounding {
    /** To nearest, ties to even. */
    public static final int NEAREST = 0;
    /** Toward negative infinity. */
    public static final int DOWN = 1;
    /** Toward positive infinity. */
    public static final int UP = 2;
    /** Toward zero (truncate). */
    public static final int TO_ZERO = 3;

    private Rounding() {
    }
}

package dev.multiverse.cpu.fpu;

/**
 * Floating-point exception flags, at the bit positions they have in both the x87 status and control words
 * and in MXCSR (flags in bits 0-5, masks in bits 0-5 of the FCW and 7-12 of MXCSR).
 */
public final class FpFlags {
    /** Invalid operation. */
    public static final int IE = 0x01;
    /** Denormal operand. */
    public static final int DE = 0x02;
    /** Division of a finite nonzero value by zero. */
    public static final int ZE = 0x04;
    /** Overflow. */
    public static final int OE = 0x08;
    /** Underflow. */
    public static final int UE = 0x10;
    /** Inexact result (precision). */
    public static final int PE = 0x20;
    public static final int ALL = 0x3f;
    /**
     * The exceptions detected before a result exists: when one of them is raised unmasked, the operation
     * stops (it does not go on to detect OE, UE or PE) and the unit delivers no result (see
     * {@link FpEnv#flags()} for the one exception to that).
     */
    public static final int PRE_COMPUTATION = IE | DE | ZE;

    private FpFlags() {
    }
}

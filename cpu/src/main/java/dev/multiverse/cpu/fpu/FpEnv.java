package dev.multiverse.cpu.fpu;

/**
 * The floating-point environment of one unit of one core: the controls operations read (rounding,
 * exception masks, x87 precision, SSE DAZ/FTZ) and the exception flags they raise. Operations OR their
 * exceptions into {@link #flags()} and never clear them, so an instruction made of several operations
 * (the lanes of a packed instruction) clears once, runs them all and reads the union. The environment
 * also holds the scratch values operations work in, so operations allocate nothing but an 80-bit result;
 * it belongs to one thread.
 */
public final class FpEnv {
    /** Whose rule picks which of two NaN operands propagates. */
    public enum Unit { X87, SSE }

    final Unit unit;
    int rounding = Rounding.NEAREST;
    int masks = FpFlags.ALL;
    Format precision = Format.EXTENDED;
    boolean denormalsAreZero;
    boolean flushToZero;
    int flags;
    boolean roundedUp;
    /** Whether the last {@link Rounder#keep} dropped nonzero bits. */
    boolean inexact;

    final Unpacked a = new Unpacked();
    final Unpacked b = new Unpacked();
    final Unpacked r = new Unpacked();

    /**
     * An environment in the reset state: all exceptions masked, round to nearest, 64-bit precision, no DAZ
     * or FTZ (FCW 0x037F, MXCSR 0x1F80).
     */
    public FpEnv(Unit unit) {
        this.unit = unit;
    }

    /** Takes the exception masks (bits 0-5), precision control (8-9) and rounding control (10-11) of an x87 FCW. */
    public void setControlWord(int fcw) {
        masks = fcw & FpFlags.ALL;
        precision = Format.x87Precision(fcw >> 8);
        rounding = (fcw >> 10) & 3;
    }

    /** Takes DAZ (bit 6), the exception masks (7-12), rounding control (13-14) and FTZ (15) of MXCSR. */
    public void setMxcsr(int mxcsr) {
        denormalsAreZero = (mxcsr & 0x40) != 0;
        masks = (mxcsr >> 7) & FpFlags.ALL;
        rounding = (mxcsr >> 13) & 3;
        flushToZero = (mxcsr & 0x8000) != 0;
    }

    /**
     * The exceptions ({@link FpFlags} bits) raised since {@link #clearFlags()}. An operation always returns
     * a value; whether the instruction delivers it when an exception is unmasked is the caller's decision,
     * and the host does this (verified by HostAgreementTest):
     * <ul>
     * <li>SSE: any unmasked exception writes nothing (#XM, or #UD without CR4.OSXMMEXCPT). Operations stop
     * at an unmasked pre-computation exception (IE, DE, ZE), so OE, UE and PE are then not reported.</li>
     * <li>x87: unmasked IE, DE or ZE stores nothing, except that FLD m32/m64 loads a denormal even with DE
     * unmasked. Unmasked OE or UE: arithmetic stores the returned value, which is the rounded result scaled
     * by 2^-24576 or 2^24576; FST m32/m64 stores nothing. Compares set their condition codes or EFLAGS
     * even with IE unmasked. A pending unmasked exception then raises #MF at the next waiting instruction.</li>
     * </ul>
     */
    public int flags() {
        return flags;
    }

    public void clearFlags() {
        flags = 0;
    }

    /**
     * Whether the last rounded result is larger in magnitude than the exact one: the x87 reports it in
     * C1 when PE is raised. Only meaningful right after an operation that rounds.
     */
    public boolean roundedUp() {
        return roundedUp;
    }
}

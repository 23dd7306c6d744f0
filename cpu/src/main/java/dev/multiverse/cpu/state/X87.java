package dev.multiverse.cpu.state;

import dev.multiverse.cpu.FerrOutput;
import dev.multiverse.cpu.fpu.Float80;
import dev.multiverse.cpu.fpu.FpEnv;

/**
 * The x87 register file and its control state. The eight data registers are kept by physical number
 * (R0-R7); ST(i) is R((TOP + i) mod 8). Each holds an 80-bit value as a 16-bit sign-and-exponent and a
 * 64-bit significand with its explicit integer bit. The tag word is kept in step with every write, push
 * and pop, so it always says empty or what the register holds.
 *
 * <p>The MMX registers MM0-MM7 are the significands of R0-R7: an MMX write also sets the exponent field
 * to all ones, and every MMX instruction but EMMS resets TOP to 0 and marks every register valid.
 */
public final class X87 {
    /** Tag values of the full (two bits per register) tag word. */
    public static final int TAG_VALID = 0, TAG_ZERO = 1, TAG_SPECIAL = 2, TAG_EMPTY = 3;
    /** Control word after FNINIT: every exception masked, 64-bit precision, round to nearest. */
    public static final int CONTROL_INIT = 0x37f;
    /** Status word: TOP's position, and the exception summary / error status bit. */
    public static final int TOP_SHIFT = 11, STATUS_ES = 0x80;
    /** Status word: stack fault, condition codes C0-C3, and B (busy, a copy of ES since the 387). */
    public static final int STATUS_SF = 0x40, STATUS_C0 = 0x100, STATUS_C1 = 0x200, STATUS_C2 = 0x400,
            STATUS_C3 = 0x4000, STATUS_B = 0x8000;
    /** The exception flags (IE, DE, ZE, OE, UE, PE) in the status word and their masks in the control word. */
    public static final int EXCEPTIONS = 0x3f;
    /** Control word bits that exist (masks, precision, rounding, the infinity bit) and bit 6, which always reads 1. */
    private static final int CONTROL_BITS = 0x1f3f, CONTROL_ONES = 0x40;

    public final long[] significand = new long[8];
    public final int[] signExponent = new int[8];
    public int control, status;
    /** The full tag word, two bits per physical register. */
    public int tag;
    /** The last non-control instruction: its opcode (11 bits), instruction pointer and data pointer. */
    public int opcode;
    public long instructionPointer, dataPointer;
    public int instructionSelector, dataSelector;
    /** The core's x87 floating-point environment (rounding, precision, masks), loaded from the control word per instruction. */
    public final FpEnv env = new FpEnv(FpEnv.Unit.X87);

    private FerrOutput ferr = asserted -> { };
    private boolean ferrAsserted;

    public X87() {
        powerOn();
    }

    /** The power-up and RESET state (SDM vol. 3 table 9-1): control 0x40, every register +0 tagged zero. */
    public void powerOn() {
        java.util.Arrays.fill(significand, 0);
        java.util.Arrays.fill(signExponent, 0);
        control = 0x40;
        status = 0;
        tag = 0x5555;
        clearPointers();
        driveFerr(false);
    }

    /** FNINIT: default control word, status cleared, every register empty; register contents stay. */
    public void init() {
        control = CONTROL_INIT;
        status = 0;
        tag = 0xffff;
        clearPointers();
        driveFerr(false);
    }

    private void clearPointers() {
        opcode = 0;
        instructionPointer = dataPointer = 0;
        instructionSelector = dataSelector = 0;
    }

    public int top() {
        return (status >> TOP_SHIFT) & 7;
    }

    public void setTop(int top) {
        status = (status & ~(7 << TOP_SHIFT)) | ((top & 7) << TOP_SHIFT);
    }

    public int tagOf(int physical) {
        return (tag >> (2 * physical)) & 3;
    }

    public void setTag(int physical, int value) {
        tag = (tag & ~(3 << (2 * physical))) | ((value & 3) << (2 * physical));
    }

    /** The tag that physical register {@code physical}'s contents call for: zero, valid, or special (NaN, infinity, denormal, unsupported). */
    public int classify(int physical) {
        int exponent = signExponent[physical] & 0x7fff;
        long sig = significand[physical];
        if (exponent == 0) return sig == 0 ? TAG_ZERO : TAG_SPECIAL;
        if (exponent == 0x7fff || sig >= 0) return TAG_SPECIAL;   // integer bit clear: an unnormal
        return TAG_VALID;
    }

    /** The abridged tag word of FXSAVE: one bit per physical register, set unless it is empty. */
    public int abridgedTag() {
        int abridged = 0;
        for (int r = 0; r < 8; r++) {
            if (tagOf(r) != TAG_EMPTY) abridged |= 1 << r;
        }
        return abridged;
    }

    /** FXRSTOR's tag word: empty where the abridged bit is clear, else what the register holds. */
    public void setAbridgedTag(int abridged) {
        for (int r = 0; r < 8; r++) {
            setTag(r, (abridged >> r & 1) == 0 ? TAG_EMPTY : classify(r));
        }
    }

    /**
     * FLDENV's and FRSTOR's tag word: only whether each register is empty is taken; the tag of a full
     * register follows from its contents, as FNSTENV reports it.
     */
    public void setFullTag(int full) {
        for (int r = 0; r < 8; r++) {
            setTag(r, (full >> (2 * r) & 3) == TAG_EMPTY ? TAG_EMPTY : classify(r));
        }
    }

    /** Whether the state is XSAVE's initial configuration for the x87 component (what XINUSE[0] = 0 means). */
    public boolean initial() {
        if (control != CONTROL_INIT || status != 0 || tag != 0xffff || opcode != 0
                || instructionPointer != 0 || dataPointer != 0 || instructionSelector != 0 || dataSelector != 0) {
            return false;
        }
        for (int r = 0; r < 8; r++) {
            if (significand[r] != 0 || signExponent[r] != 0) return false;
        }
        return true;
    }

    /** XRSTOR of the x87 component in its initial configuration: FNINIT's state with every register +0. */
    public void toInitial() {
        init();
        java.util.Arrays.fill(significand, 0);
        java.util.Arrays.fill(signExponent, 0);
    }

    // ---- the register stack ----

    /** The physical register that is ST(i). */
    public int physical(int i) {
        return (top() + i) & 7;
    }

    public boolean isEmpty(int i) {
        return tagOf(physical(i)) == TAG_EMPTY;
    }

    /** ST(i)'s contents (whatever an empty register holds). */
    public Float80 st(int i) {
        int p = physical(i);
        return new Float80(signExponent[p], significand[p]);
    }

    /** Writes ST(i) and tags it by its contents. */
    public void setSt(int i, Float80 v) {
        int p = physical(i);
        signExponent[p] = v.signExponent();
        significand[p] = v.significand();
        setTag(p, classify(p));
    }

    /** Decrements TOP and writes the new ST(0). */
    public void push(Float80 v) {
        setTop(top() - 1);
        setSt(0, v);
    }

    /** Marks ST(0) empty and increments TOP. */
    public void pop() {
        setTag(physical(0), TAG_EMPTY);
        setTop(top() + 1);
    }

    /** Sets or clears the status bits in {@code bits} (condition codes). */
    public void setStatusBits(int bits, boolean on) {
        status = on ? status | bits : status & ~bits;
    }

    // ---- exception summary and FERR# ----

    /**
     * Loads the control word as FLDCW, FLDENV, FRSTOR and (on the host CPU) FXRSTOR do: the reserved bits
     * 7 and 13-15 read as zero, bit 6 as one; then the exception summary follows the new masks.
     */
    public void loadControl(int value) {
        control = value & CONTROL_BITS | CONTROL_ONES;
        updateErrorSummary();
    }

    /** The exceptions flagged in the status word that the control word leaves unmasked. */
    public int unmaskedExceptions() {
        return status & ~control & EXCEPTIONS;
    }

    /**
     * Sets ES and B exactly when a flagged exception is unmasked. The host CPU keeps them so whatever
     * writes the status or control word (FLDCW unmasking a flagged exception sets them, FXRSTOR of an
     * image with ES clear but an unmasked flag set reads back with them set).
     */
    public void updateErrorSummary() {
        setStatusBits(STATUS_ES | STATUS_B, unmaskedExceptions() != 0);
    }

    /** Connects FERR#, the error output a PC routes to IRQ 13 (CR0.NE = 0). */
    public void connectFerr(FerrOutput output) {
        ferr = output;
        ferr.set(ferrAsserted);
    }

    public boolean ferrAsserted() {
        return ferrAsserted;
    }

    /** Asserts or deasserts FERR#; the output hears changes only. */
    public void driveFerr(boolean asserted) {
        if (asserted == ferrAsserted) return;
        ferrAsserted = asserted;
        ferr.set(asserted);
    }

    // ---- the MMX view ----

    /** MMX register {@code n}'s 64 bits. */
    public long mmx(int n) {
        return significand[n];
    }

    /** Writes MMX register {@code n}: the significand, with the exponent field set to all ones. */
    public void setMmx(int n, long value) {
        significand[n] = value;
        signExponent[n] = 0xffff;
    }

    /** What every MMX instruction but EMMS does to the x87 state: TOP = 0, every register valid. */
    public void enterMmx() {
        setTop(0);
        tag = 0;
    }

    /** EMMS: every register empty, so x87 code can use the stack again. */
    public void emptyMmx() {
        tag = 0xffff;
    }
}

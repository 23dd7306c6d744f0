package dev.multiverse.cpu.state;

/**
 * The x87 register file and its control state. The eight data registers are kept by physical number
 * (R0-R7); ST(i) is R((TOP + i) mod 8). Each holds an 80-bit value as a 16-bit sign-and-exponent and a
 * 64-bit significand with its explicit integer bit.
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

    public final long[] significand = new long[8];
    public final int[] signExponent = new int[8];
    public int control, status;
    /** The full tag word, two bits per physical register. */
    public int tag;
    /** The last non-control instruction: its opcode (11 bits), instruction pointer and data pointer. */
    public int opcode;
    public long instructionPointer, dataPointer;
    public int instructionSelector, dataSelector;

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
    }

    /** FNINIT: default control word, status cleared, every register empty; register contents stay. */
    public void init() {
        control = CONTROL_INIT;
        status = 0;
        tag = 0xffff;
        clearPointers();
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

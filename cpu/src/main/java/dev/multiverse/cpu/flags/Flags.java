package dev.multiverse.cpu.flags;

/**
 * RFLAGS with lazy arithmetic flags. The six status flags (CF, PF, AF, ZF, SF, OF) are kept as the last
 * operation's kind, width, operands and result, and computed only when read; every other bit lives in
 * {@link #other}. An operation whose flags are not a simple function of operands (shifts, multiplies,
 * POPF) stores them eagerly with {@link #setStatus}.
 */
public final class Flags {
    public static final int CF = 1, PF = 1 << 2, AF = 1 << 4, ZF = 1 << 6, SF = 1 << 7, TF = 1 << 8,
            IF = 1 << 9, DF = 1 << 10, OF = 1 << 11, IOPL = 3 << 12, NT = 1 << 14, RF = 1 << 16,
            VM = 1 << 17, AC = 1 << 18, VIF = 1 << 19, VIP = 1 << 20, ID = 1 << 21;
    public static final int STATUS = CF | PF | AF | ZF | SF | OF;
    /** Bit 1 always reads as one. */
    static final long FIXED_ONE = 2;

    /** Lazy operation kinds. */
    public static final int EAGER = 0, ADD = 1, ADC = 2, SUB = 3, SBB = 4, LOGIC = 5, INC = 6, DEC = 7;

    private int op = EAGER;
    private int size = 8;
    private long a, b, res;
    /** CF carried in (ADC/SBB) or preserved (INC/DEC). */
    private boolean carry;
    /** Eager status bits (when op == EAGER) and all non-status bits. */
    private long other = FIXED_ONE;

    private static long mask(int size) {
        return size == 8 ? -1L : (1L << (size * 8)) - 1;
    }

    private static long signBit(int size) {
        return 1L << (size * 8 - 1);
    }

    /** Records an arithmetic or logic result; {@code carry} is the incoming CF for ADC/SBB (ignored otherwise). */
    public void set(int op, int size, long a, long b, long res, boolean carry) {
        this.op = op;
        this.size = size;
        this.a = a;
        this.b = b;
        this.res = res;
        this.carry = carry;
    }

    public void set(int op, int size, long a, long b, long res) {
        set(op, size, a, b, res, false);
    }

    /** INC/DEC keep CF: materialize the current one before recording. */
    public void setIncDec(int op, int size, long a, long res) {
        boolean cf = cf();
        set(op, size, a, 1, res, cf);
    }

    /** Sets the six status flags from {@code bits} (other positions ignored). */
    public void setStatus(long bits) {
        other = (other & ~STATUS) | (bits & STATUS);
        op = EAGER;
    }

    public boolean cf() {
        long m = mask(size);
        return switch (op) {
            case EAGER -> (other & CF) != 0;
            case ADD -> Long.compareUnsigned(res & m, a & m) < 0;
            case ADC -> carry ? Long.compareUnsigned(res & m, a & m) <= 0 : Long.compareUnsigned(res & m, a & m) < 0;
            case SUB -> Long.compareUnsigned(a & m, b & m) < 0;
            case SBB -> Long.compareUnsigned(a & m, b & m) < 0 || (carry && (a & m) == (b & m));
            case LOGIC -> false;
            default -> carry; // INC, DEC
        };
    }

    public boolean zf() {
        return op == EAGER ? (other & ZF) != 0 : (res & mask(size)) == 0;
    }

    public boolean sf() {
        return op == EAGER ? (other & SF) != 0 : (res & signBit(size)) != 0;
    }

    public boolean of() {
        long s = signBit(size);
        return switch (op) {
            case EAGER -> (other & OF) != 0;
            case ADD, ADC, INC -> ((a ^ res) & (b ^ res) & s) != 0;
            case SUB, SBB, DEC -> ((a ^ b) & (a ^ res) & s) != 0;
            default -> false;
        };
    }

    public boolean pf() {
        return op == EAGER ? (other & PF) != 0 : (Integer.bitCount((int) res & 0xff) & 1) == 0;
    }

    public boolean af() {
        return switch (op) {
            case EAGER -> (other & AF) != 0;
            case LOGIC -> false;
            default -> ((a ^ b ^ res) & 0x10) != 0;
        };
    }

    public boolean df() {
        return (other & DF) != 0;
    }

    public boolean iflag() {
        return (other & IF) != 0;
    }

    /** The whole RFLAGS value. */
    public long get() {
        if (op == EAGER) {
            return other;
        }
        long v = other & ~STATUS;
        if (cf()) v |= CF;
        if (pf()) v |= PF;
        if (af()) v |= AF;
        if (zf()) v |= ZF;
        if (sf()) v |= SF;
        if (of()) v |= OF;
        return v;
    }

    /** Replaces RFLAGS (bit 1 stays set; reserved bits 3, 5, 15 and 22+ stay clear). */
    public void put(long value) {
        other = (value & 0x3f7fd5L) | FIXED_ONE;
        op = EAGER;
    }

    /** Sets or clears one non-status flag bit (DF, IF, TF, AC, ...). */
    public void setBit(int bit, boolean on) {
        other = on ? other | bit : other & ~bit;
    }

    public boolean bit(int bit) {
        if ((bit & STATUS) != 0) {
            return (get() & bit) != 0;
        }
        return (other & bit) != 0;
    }

    /** Evaluates condition code {@code cc} (the low nibble of Jcc/SETcc/CMOVcc). */
    public boolean condition(int cc) {
        boolean r = switch (cc >> 1) {
            case 0 -> of();
            case 1 -> cf();
            case 2 -> zf();
            case 3 -> cf() || zf();
            case 4 -> sf();
            case 5 -> pf();
            case 6 -> sf() != of();
            default -> zf() || sf() != of();
        };
        return (cc & 1) != 0 ? !r : r;
    }
}

package dev.multiverse.cpu.fpu;

/**
 * What an operation produced: the result value (bytes 8-9 of an 80-bit one in {@code valueHigh}), the x87
 * status word or MXCSR after it, and ZF/PF/CF (at their EFLAGS positions) of a compare into EFLAGS.
 */
record Outcome(long value, int valueHigh, int status, int eflags) {
    static final int C0 = 0x100;
    static final int C1 = 0x200;
    static final int C2 = 0x400;
    static final int C3 = 0x4000;
    static final int ZF = 0x40;
    static final int PF = 0x04;
    static final int CF = 0x01;
    /** The eflags fpharness reports for an SSE operation that trapped on an unmasked exception. */
    static final int TRAPPED = -1;

    static Outcome of(Float80 v) {
        return new Outcome(v.significand(), v.signExponent(), 0, 0);
    }

    static Outcome of(PackedBcd v) {
        return new Outcome(v.low(), v.high(), 0, 0);
    }

    static Outcome of(long bits) {
        return new Outcome(bits, 0, 0, 0);
    }

    /** FCOM's condition codes for a {@link Comparison} relation. */
    static Outcome conditionCodes(int relation) {
        return new Outcome(0, 0, switch (relation) {
            case Comparison.LESS -> C0;
            case Comparison.EQUAL -> C3;
            case Comparison.GREATER -> 0;
            default -> C0 | C2 | C3;
        }, 0);
    }

    /** FCOMI's and COMISS's EFLAGS for a {@link Comparison} relation. */
    static Outcome eflags(int relation) {
        return new Outcome(0, 0, 0, switch (relation) {
            case Comparison.LESS -> CF;
            case Comparison.EQUAL -> ZF;
            case Comparison.GREATER -> 0;
            default -> ZF | PF | CF;
        });
    }
}

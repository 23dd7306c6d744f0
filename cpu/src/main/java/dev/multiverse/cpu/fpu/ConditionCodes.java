package dev.multiverse.cpu.fpu;

/** The x87 condition-code bits at their positions in the status word, as the results of this package report them. */
public final class ConditionCodes {
    public static final int C0 = 0x0100;
    public static final int C1 = 0x0200;
    public static final int C2 = 0x0400;
    public static final int C3 = 0x4000;

    private ConditionCodes() {
    }
}

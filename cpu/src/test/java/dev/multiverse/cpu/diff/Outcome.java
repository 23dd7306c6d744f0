package dev.multiverse.cpu.diff;

import java.util.List;

/**
 * Where a case stopped, on either side. Every case stops in an exception: a completed instruction runs
 * into a HLT, which is #GP(0) at CPL 3, with {@code rip} at that HLT.
 *
 * @param vector  exception vector, or one of the {@code NO_STOP}/{@code ...} codes below
 * @param error   the error code (0 for vectors without one)
 * @param rip     RIP of the exception frame
 * @param cr2     the faulting address for #PF, else 0
 * @param gpr     RAX..R15 when it stopped
 * @param rflags  RFLAGS when it stopped
 * @param changes data-area bytes that differ from the case's starting contents, in address order
 * @param fpu     the x87/MMX/SSE state when it stopped ({@link FxsaveImage}), or null if the case has none
 * @param detail  extra words for the report (an emulator exception), or null
 */
record Outcome(int vector, int error, long rip, long cr2, long[] gpr, long rflags, List<Change> changes, byte[] fpu, String detail) {
    /** The native case did not stop within the harness watchdog period. */
    static final int TIMEOUT = -1;
    /** The emulator neither halted nor faulted within its instruction budget. */
    static final int NO_STOP = 0x100;
    /** The emulator shut down (triple fault) instead of delivering the exception. */
    static final int TRIPLE_FAULT = 0x101;
    /** A Java exception escaped the emulator. */
    static final int EMULATOR_CRASH = 0x102;
    /** The emulator decoded the bytes as another row or another length than the generator encoded. */
    static final int DECODE_MISMATCH = 0x103;

    record Change(long address, int value) {
        @Override
        public String toString() {
            return String.format("[%x]=%02x", address, value);
        }
    }

    /** True if execution went past the instruction: it completed (ran into a HLT) or trapped after it. */
    boolean completed() {
        return rip != DiffLayout.INSN && vector >= 0 && vector < 32;
    }

    String describeStop() {
        if (vector == 13 && error == 0 && DiffLayout.isLanding(rip, 0) && rip != DiffLayout.INSN) {
            return String.format("ended at %+d", rip - DiffLayout.INSN);
        }
        String name = switch (vector) {
            case TIMEOUT -> "timeout";
            case NO_STOP -> "no stop within budget";
            case TRIPLE_FAULT -> "triple fault";
            case EMULATOR_CRASH -> "emulator crash";
            case DECODE_MISMATCH -> "decode mismatch";
            default -> dev.multiverse.cpu.fault.CpuException.mnemonic(vector);
        };
        String where = rip == DiffLayout.INSN ? "at insn" : String.format("rip=%x", rip);
        String err = vector == 14 ? String.format("(err %x, cr2 %x)", error, cr2) : error != 0 ? String.format("(err %x)", error) : "";
        return name + err + " " + where + (detail != null ? " " + detail : "");
    }
}

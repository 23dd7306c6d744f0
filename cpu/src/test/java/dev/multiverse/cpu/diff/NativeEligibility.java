package dev.multiverse.cpu.diff;

import dev.multiverse.cpu.insn.OperandKind;
import dev.multiverse.cpu.insn.Row;

import java.util.Set;

/**
 * Which rows the differential test can run natively in 64-bit user mode and compare meaningfully, and
 * why the others are left out.
 */
final class NativeEligibility {
    /** Privileged at CPL 3, or their result depends on the machine, the kernel or time rather than the ISA. */
    private static final Set<String> EXCLUDED = Set.of(
            "hlt", "cli", "sti", "in", "out", "ins", "outs", "rdmsr", "wrmsr", "rdpmc", "rdtsc", "rdtscp", "cpuid",
            "lgdt", "lidt", "sgdt", "sidt", "lldt", "sldt", "ltr", "str", "lmsw", "smsw", "clts", "invlpg", "invd",
            "wbinvd", "ljmp", "lcall", "lret", "iret", "iretw", "iretd", "iretq", "int", "int1", "into", "syscall",
            "sysret", "sysenter", "sysexit", "swapgs", "lar", "lsl", "verr", "verw", "xgetbv", "xsetbv",
            "rdrand", "rdseed", "monitor", "mwait", "rsm", "vmcall", "vmmcall", "rdpid", "stac", "clac", "invpcid");

    private NativeEligibility() {
    }

    /** Null if the row is tested, else the reason it is not. */
    static String whyNot(Row row) {
        if (row.has(Row.NO64)) return "invalid in 64-bit mode";
        if (EXCLUDED.contains(row.mnemonic())) return "privileged or machine-specific";
        // The harness exchanges the whole x87 state already; the generator has no x87 operands and values yet.
        if (row.has(Row.X87) && !RowKinds.STATE_IMAGES.contains(row.mnemonic())) return "x87 cases not generated yet";
        if (row.map() == 1 && (row.opcode() == 0xa0 || row.opcode() == 0xa1 || row.opcode() == 0xa8 || row.opcode() == 0xa9)) {
            return "segment register push/pop";
        }
        for (OperandKind k : row.operands()) {
            switch (k.source) {
                case SREG -> { return "segment register operand"; }
                case CREG, DREG -> { return "control/debug register operand"; }
                case FARPTR -> { return "far pointer"; }
                default -> { }
            }
            if (k == OperandKind.Mp) return "far pointer";
            if (k == OperandKind.DX) return "port I/O";
        }
        return null;
    }
}

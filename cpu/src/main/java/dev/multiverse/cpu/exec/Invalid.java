package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Insn;

/** Semantics of encodings that are not instructions. */
public final class Invalid {
    private Invalid() {
    }

    /** An undefined or unimplemented opcode (or a misplaced LOCK): #UD. */
    public static void undefined(Cpu cpu, Insn insn) {
        throw CpuException.ud();
    }

    /** An instruction longer than 15 bytes: #GP(0). */
    public static void tooLong(Cpu cpu, Insn insn) {
        throw CpuException.gp(0);
    }
}

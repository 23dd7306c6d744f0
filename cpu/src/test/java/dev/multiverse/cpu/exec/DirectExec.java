package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Insn;

/** Decodes and runs one instruction's semantic at the current RIP, to see the exception it raises. */
final class DirectExec {
    private DirectExec() {
    }

    /** The exception the instruction raised, or null if it completed. */
    static CpuException raised(TestCpu t, int... code) {
        Insn insn = Decoder.decode(off -> code[off], t.cpu.codeSize);
        t.cpu.insnStart = t.cpu.rip;
        t.cpu.rip += insn.length;
        try {
            insn.semantic.execute(t.cpu, insn);
            return null;
        } catch (CpuException e) {
            t.cpu.rip = t.cpu.insnStart;
            return e;
        }
    }
}

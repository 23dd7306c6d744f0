package dev.multiverse.cpu.insn;

import dev.multiverse.cpu.Cpu;

/** What an instruction does: one static method of an exec family, bound in the opcode table. */
@FunctionalInterface
public interface Semantic {
    void execute(Cpu cpu, Insn insn);
}

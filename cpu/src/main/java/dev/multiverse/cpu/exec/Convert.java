package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.insn.Insn;

/** Sign extensions of the accumulator: CBW/CWDE/CDQE and CWD/CDQ/CQO. */
public final class Convert {
    private Convert() {
    }

    /** CBW, CWDE, CDQE: rAX at the operand size = the sign-extended lower half of it. */
    public static void extendAccumulator(Cpu c, Insn i) {
        int size = i.opSize;
        c.setReg(Cpu.RAX, size, Cpu.signExtend(c.gpr[Cpu.RAX], size / 2));
    }

    /** CWD, CDQ, CQO: rDX at the operand size = copies of the sign bit of rAX. */
    public static void extendIntoDx(Cpu c, Insn i) {
        int size = i.opSize;
        c.setReg(Cpu.RDX, size, Cpu.signExtend(c.gpr[Cpu.RAX], size) >> 63);
    }
}

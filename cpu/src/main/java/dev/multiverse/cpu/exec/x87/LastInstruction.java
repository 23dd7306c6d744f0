package dev.multiverse.cpu.exec.x87;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.X87;

/**
 * The x87's record of its last non-control instruction (SDM vol. 1, 8.1.8-8.1.9), which FNSTENV, FNSAVE
 * and FXSAVE report to exception handlers: the opcode (the low three bits of the D8-DF byte and the ModRM
 * byte), the instruction's CS selector and offset (of its first prefix byte), and the segment selector
 * and offset of its memory operand, if it has one (the data pointer keeps its old value otherwise). Control
 * instructions (FNINIT, FNCLEX, FLDCW, FNSTCW, FNSTSW, FNSTENV, FLDENV, FNSAVE, FRSTOR, FWAIT) leave
 * the record alone.
 */
final class LastInstruction {
    private LastInstruction() {
    }

    static void record(Cpu c, Insn i) {
        X87 f = c.x87;
        f.opcode = opcode(i);
        f.instructionPointer = c.insnStart;
        f.instructionSelector = c.seg[Insn.CS].selector;
        if (i.hasMemoryOperand()) {
            f.dataPointer = c.ea(i);
            f.dataSelector = c.seg[i.seg].selector;
        }
    }

    /** The 11-bit FOP: prefixes (legacy and REX) are never D8-DF, so the first such byte is the opcode. */
    static int opcode(Insn i) {
        byte[] bytes = i.bytes;
        for (int k = 0; k + 1 < bytes.length; k++) {
            if ((bytes[k] & 0xf8) == 0xd8) return (bytes[k] & 7) << 8 | (bytes[k + 1] & 0xff);
        }
        return 0;
    }
}

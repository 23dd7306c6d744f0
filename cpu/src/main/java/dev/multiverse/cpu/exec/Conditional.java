package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.insn.Insn;

/** CMOVcc and SETcc: the condition is the low nibble of the opcode. */
public final class Conditional {
    private Conditional() {
    }

    /**
     * CMOVcc: the source is always read (a memory source can fault even when the condition is false);
     * in 64-bit mode a 32-bit CMOV zero-extends its destination whether or not it moves.
     */
    public static void cmov(Cpu c, Insn i) {
        long v = c.read(i, 1);
        if (c.flags.condition(i.row.opcode() & 0xf)) {
            c.write(i, 0, v);
        } else if (i.size0 == 4 && i.codeSize == Decoder.CODE64) {
            c.setReg(i.loc0, 4, c.reg(i.loc0, 4));
        }
    }

    public static void set(Cpu c, Insn i) {
        c.write(i, 0, c.flags.condition(i.row.opcode() & 0xf) ? 1 : 0);
    }
}

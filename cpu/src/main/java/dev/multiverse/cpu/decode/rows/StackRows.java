package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;
import dev.multiverse.cpu.exec.Stack;
import dev.multiverse.cpu.insn.Row;

/** Opcode rows of {@link Stack}. In 64-bit mode stack operations are 64-bit unless 66 makes them 16-bit. */
public final class StackRows {
    private StackRows() {
    }

    public static void register(TableBuilder t) {
        int def64 = Row.DEF64;
        t.opReg(0x50, "push", "Zv", Stack::push, def64);
        t.opReg(0x58, "pop", "Zv", Stack::pop, def64);
        t.op(0x68, "push", "Iz", Stack::push, def64);
        t.op(0x6a, "push", "Ibs", Stack::push, def64);
        t.grp(0xff, 6, "push", "Ev", Stack::push, def64);
        t.grp(0x8f, 0, "pop", "Ev", Stack::pop, def64);

        t.op(0x06, "push", "", Stack::pushEs, Row.NO64);
        t.op(0x07, "pop", "", Stack::popEs, Row.NO64);
        t.op(0x0e, "push", "", Stack::pushCs, Row.NO64);
        t.op(0x16, "push", "", Stack::pushSs, Row.NO64);
        // POP SS holds off interrupts for one instruction: end the block so that is decided in one place.
        t.op(0x17, "pop", "", Stack::popSs, Row.NO64 | Row.ENDS_BLOCK);
        t.op(0x1e, "push", "", Stack::pushDs, Row.NO64);
        t.op(0x1f, "pop", "", Stack::popDs, Row.NO64);
        t.op(0x0fa0, "push", "", Stack::pushFs, def64);
        t.op(0x0fa1, "pop", "", Stack::popFs, def64);
        t.op(0x0fa8, "push", "", Stack::pushGs, def64);
        t.op(0x0fa9, "pop", "", Stack::popGs, def64);

        t.op(0x60, "pusha", "", Stack::pusha, Row.NO64);
        t.op(0x61, "popa", "", Stack::popa, Row.NO64);
        t.op(0x9c, "pushf", "", Stack::pushf, def64);
        // POPF can change IF and TF.
        t.op(0x9d, "popf", "", Stack::popf, def64 | Row.ENDS_BLOCK);
        t.op(0xc8, "enter", "Iw,Ib", Stack::enter, def64);
        t.op(0xc9, "leave", "", Stack::leave, def64);
    }
}

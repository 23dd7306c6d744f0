package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;
import dev.multiverse.cpu.exec.MulDiv;

/** Opcode rows of {@link MulDiv}. */
public final class MulDivRows {
    private MulDivRows() {
    }

    public static void register(TableBuilder t) {
        t.grp(0xf6, 4, "mul", "Eb", MulDiv::mul, 0);
        t.grp(0xf7, 4, "mul", "Ev", MulDiv::mul, 0);
        t.grp(0xf6, 5, "imul", "Eb", MulDiv::imul1, 0);
        t.grp(0xf7, 5, "imul", "Ev", MulDiv::imul1, 0);
        t.grp(0xf6, 6, "div", "Eb", MulDiv::div, 0);
        t.grp(0xf7, 6, "div", "Ev", MulDiv::div, 0);
        t.grp(0xf6, 7, "idiv", "Eb", MulDiv::idiv, 0);
        t.grp(0xf7, 7, "idiv", "Ev", MulDiv::idiv, 0);
        t.op(0x0faf, "imul", "Gv,Ev", MulDiv::imul);
        t.op(0x69, "imul", "Gv,Ev,Iz", MulDiv::imul);
        t.op(0x6b, "imul", "Gv,Ev,Ibs", MulDiv::imul);
    }
}

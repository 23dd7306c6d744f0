package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;
import dev.multiverse.cpu.insn.Row;
import dev.multiverse.cpu.exec.Shift;
import dev.multiverse.cpu.insn.Semantic;

/** Opcode rows of {@link Shift}: group 2 (C0, C1, D0-D3) and SHLD/SHRD. */
public final class ShiftRows {
    private ShiftRows() {
    }

    public static void register(TableBuilder t) {
        // ModRM.reg 6 is an undocumented alias of SHL (4); objdump also prints it as shl.
        String[] names = {"rol", "ror", "rcl", "rcr", "shl", "shr", "shl", "sar"};
        Semantic[] ops = {Shift::rol, Shift::ror, Shift::rcl, Shift::rcr, Shift::shl, Shift::shr, Shift::shl, Shift::sar};
        for (int n = 0; n < 8; n++) {
            t.grp(0xc0, n, names[n], "Eb,Ib", ops[n], Row.RMW);
            t.grp(0xc1, n, names[n], "Ev,Ib", ops[n], Row.RMW);
            t.grp(0xd0, n, names[n], "Eb,ONE", ops[n], Row.RMW);
            t.grp(0xd1, n, names[n], "Ev,ONE", ops[n], Row.RMW);
            t.grp(0xd2, n, names[n], "Eb,CL", ops[n], Row.RMW);
            t.grp(0xd3, n, names[n], "Ev,CL", ops[n], Row.RMW);
        }
        t.op(0x0fa4, "shld", "Ev,Gv,Ib", Shift::shld, Row.RMW);
        t.op(0x0fa5, "shld", "Ev,Gv,CL", Shift::shld, Row.RMW);
        t.op(0x0fac, "shrd", "Ev,Gv,Ib", Shift::shrd, Row.RMW);
        t.op(0x0fad, "shrd", "Ev,Gv,CL", Shift::shrd, Row.RMW);
    }
}

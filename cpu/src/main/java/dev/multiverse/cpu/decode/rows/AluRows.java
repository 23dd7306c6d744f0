package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;
import dev.multiverse.cpu.exec.Alu;
import dev.multiverse.cpu.insn.Row;
import dev.multiverse.cpu.insn.Semantic;

/** Opcode rows of {@link Alu}. */
public final class AluRows {
    private AluRows() {
    }

    public static void register(TableBuilder t) {
        String[] names = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};
        Semantic[] ops = {Alu::add, Alu::or, Alu::adc, Alu::sbb, Alu::and, Alu::sub, Alu::xor, Alu::cmp};
        for (int n = 0; n < 8; n++) {
            int base = n * 8;
            int lock = n == 7 ? 0 : Row.LOCK;
            t.op(base, names[n], "Eb,Gb", ops[n], lock);
            t.op(base + 1, names[n], "Ev,Gv", ops[n], lock);
            t.op(base + 2, names[n], "Gb,Eb", ops[n]);
            t.op(base + 3, names[n], "Gv,Ev", ops[n]);
            t.op(base + 4, names[n], "AL,Ib", ops[n]);
            t.op(base + 5, names[n], "rAX,Iz", ops[n]);
            t.grp(0x80, n, names[n], "Eb,Ib", ops[n], lock);
            t.grp(0x81, n, names[n], "Ev,Iz", ops[n], lock);
            t.grp(0x82, n, names[n], "Eb,Ib", ops[n], lock | Row.NO64);
            t.grp(0x83, n, names[n], "Ev,Ibs", ops[n], lock);
        }
        t.op(0x84, "test", "Eb,Gb", Alu::test);
        t.op(0x85, "test", "Ev,Gv", Alu::test);
        t.op(0xa8, "test", "AL,Ib", Alu::test);
        t.op(0xa9, "test", "rAX,Iz", Alu::test);
        t.grp(0xf6, 0, "test", "Eb,Ib", Alu::test, 0);
        t.grp(0xf6, 1, "test", "Eb,Ib", Alu::test, 0);
        t.grp(0xf7, 0, "test", "Ev,Iz", Alu::test, 0);
        t.grp(0xf7, 1, "test", "Ev,Iz", Alu::test, 0);
        t.grp(0xf6, 2, "not", "Eb", Alu::not, Row.LOCK);
        t.grp(0xf7, 2, "not", "Ev", Alu::not, Row.LOCK);
        t.grp(0xf6, 3, "neg", "Eb", Alu::neg, Row.LOCK);
        t.grp(0xf7, 3, "neg", "Ev", Alu::neg, Row.LOCK);
        t.grp(0xfe, 0, "inc", "Eb", Alu::inc, Row.LOCK);
        t.grp(0xfe, 1, "dec", "Eb", Alu::dec, Row.LOCK);
        t.grp(0xff, 0, "inc", "Ev", Alu::inc, Row.LOCK);
        t.grp(0xff, 1, "dec", "Ev", Alu::dec, Row.LOCK);
        t.opReg(0x40, "inc", "Zv", Alu::inc, Row.NO64);
        t.opReg(0x48, "dec", "Zv", Alu::dec, Row.NO64);
    }
}

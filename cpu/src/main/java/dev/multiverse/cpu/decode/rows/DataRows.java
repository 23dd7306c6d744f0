package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;
import dev.multiverse.cpu.exec.DataMove;
import dev.multiverse.cpu.insn.Row;

/** Opcode rows of {@link DataMove}. */
public final class DataRows {
    private DataRows() {
    }

    public static void register(TableBuilder t) {
        t.op(0x88, "mov", "Eb,Gb", DataMove::mov);
        t.op(0x89, "mov", "Ev,Gv", DataMove::mov);
        t.op(0x8a, "mov", "Gb,Eb", DataMove::mov);
        t.op(0x8b, "mov", "Gv,Ev", DataMove::mov);
        t.op(0xa0, "mov", "AL,Ob", DataMove::mov);
        t.op(0xa1, "mov", "rAX,Ov", DataMove::mov);
        t.op(0xa2, "mov", "Ob,AL", DataMove::mov);
        t.op(0xa3, "mov", "Ov,rAX", DataMove::mov);
        t.opReg(0xb0, "mov", "Zb,Ib", DataMove::mov, 0);
        t.opReg(0xb8, "mov", "Zv,Iv", DataMove::mov, 0);
        t.grp(0xc6, 0, "mov", "Eb,Ib", DataMove::mov, 0);
        t.grp(0xc7, 0, "mov", "Ev,Iz", DataMove::mov, 0);
        t.op(0x0fb6, "movzx", "Gv,Eb", DataMove::movzx);
        t.op(0x0fb7, "movzx", "Gv,Ew", DataMove::movzx);
        t.op(0x0fbe, "movsx", "Gv,Eb", DataMove::movsx);
        t.op(0x0fbf, "movsx", "Gv,Ew", DataMove::movsx);
        t.op(0x63, "movsxd", "Gv,Ez", DataMove::movsx, Row.ONLY64);
        t.op(0x8d, "lea", "Gv,M", DataMove::lea, Row.MEMONLY);
        t.op(0x86, "xchg", "Eb,Gb", DataMove::xchg, Row.LOCK);
        t.op(0x87, "xchg", "Ev,Gv", DataMove::xchg, Row.LOCK);
        t.opReg(0x90, "xchg", "Zv,rAX", DataMove::xchgAccumulator, 0);
        t.op(0xd7, "xlat", "", DataMove::xlat);
        t.grp(0x0f1f, 0, "nop", "Ev", DataMove::nop, 0);
        t.prefixed(0xf3, 0x90, "pause", "", DataMove::nop, 0);
    }
}

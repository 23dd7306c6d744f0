package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;
import dev.multiverse.cpu.exec.StringOps;
import dev.multiverse.cpu.insn.Row;

/** Opcode rows of {@link StringOps}. INS/OUTS move at most 32 bits (REX.W does not widen them). */
public final class StringRows {
    private StringRows() {
    }

    public static void register(TableBuilder t) {
        int rep = Row.REP;
        t.op(0xa4, "movs", "Yb,Xb", StringOps::movs, rep);
        t.op(0xa5, "movs", "Yv,Xv", StringOps::movs, rep);
        t.op(0xa6, "cmps", "Xb,Yb", StringOps::cmps, rep);
        t.op(0xa7, "cmps", "Xv,Yv", StringOps::cmps, rep);
        t.op(0xaa, "stos", "Yb,AL", StringOps::stos, rep);
        t.op(0xab, "stos", "Yv,rAX", StringOps::stos, rep);
        t.op(0xac, "lods", "AL,Xb", StringOps::lods, rep);
        t.op(0xad, "lods", "rAX,Xv", StringOps::lods, rep);
        t.op(0xae, "scas", "AL,Yb", StringOps::scas, rep);
        t.op(0xaf, "scas", "rAX,Yv", StringOps::scas, rep);
        // Port I/O can reach devices that stop the core or raise interrupts: end the block, as IN/OUT do.
        t.op(0x6c, "ins", "Yb,DX", StringOps::ins, rep | Row.ENDS_BLOCK);
        t.op(0x6d, "ins", "Yv,DX", StringOps::ins, rep | Row.ENDS_BLOCK);
        t.op(0x6e, "outs", "DX,Xb", StringOps::outs, rep | Row.ENDS_BLOCK);
        t.op(0x6f, "outs", "DX,Xv", StringOps::outs, rep | Row.ENDS_BLOCK);
    }
}

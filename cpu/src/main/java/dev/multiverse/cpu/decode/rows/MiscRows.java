package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;
import dev.multiverse.cpu.exec.Atomic;
import dev.multiverse.cpu.exec.Conditional;
import dev.multiverse.cpu.exec.Convert;
import dev.multiverse.cpu.exec.Invalid;
import dev.multiverse.cpu.insn.Row;

/** Opcode rows of {@link Conditional}, {@link Atomic} and {@link Convert}, and UD2. */
public final class MiscRows {
    private MiscRows() {
    }

    public static void register(TableBuilder t) {
        t.opCc(0x0f40, "cmov", "Gv,Ev", Conditional::cmov, 0);
        t.opCc(0x0f90, "set", "Eb", Conditional::set, 0);

        t.op(0x0fb0, "cmpxchg", "Eb,Gb", Atomic::cmpxchg, Row.LOCK);
        t.op(0x0fb1, "cmpxchg", "Ev,Gv", Atomic::cmpxchg, Row.LOCK);
        t.op(0x0fc0, "xadd", "Eb,Gb", Atomic::xadd, Row.LOCK);
        t.op(0x0fc1, "xadd", "Ev,Gv", Atomic::xadd, Row.LOCK);
        // CMPXCHG16B with REX.W; the operand size of M is not used.
        t.grp(0x0fc7, 1, "cmpxchg8b", "M", Atomic::cmpxchg8b16b, Row.LOCK | Row.MEMONLY);

        t.op(0x98, "cwde", "", Convert::extendAccumulator, 0);
        t.op(0x99, "cdq", "", Convert::extendIntoDx, 0);

        t.op(0x0f0b, "ud2", "", Invalid::undefined, Row.ENDS_BLOCK);
    }
}

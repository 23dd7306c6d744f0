package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;
import dev.multiverse.cpu.exec.BitOps;
import dev.multiverse.cpu.insn.Row;

/** Opcode rows of {@link BitOps}. */
public final class BitRows {
    private BitRows() {
    }

    public static void register(TableBuilder t) {
        t.op(0x0fa3, "bt", "Ev,Gv", BitOps::bt);
        t.op(0x0fab, "bts", "Ev,Gv", BitOps::bts, Row.LOCK);
        t.op(0x0fb3, "btr", "Ev,Gv", BitOps::btr, Row.LOCK);
        t.op(0x0fbb, "btc", "Ev,Gv", BitOps::btc, Row.LOCK);
        t.grp(0x0fba, 4, "bt", "Ev,Ib", BitOps::bt, 0);
        t.grp(0x0fba, 5, "bts", "Ev,Ib", BitOps::bts, Row.LOCK);
        t.grp(0x0fba, 6, "btr", "Ev,Ib", BitOps::btr, Row.LOCK);
        t.grp(0x0fba, 7, "btc", "Ev,Ib", BitOps::btc, Row.LOCK);
        t.op(0x0fbc, "bsf", "Gv,Ev", BitOps::bsf);
        t.op(0x0fbd, "bsr", "Gv,Ev", BitOps::bsr);
        // Needs CPUID.1:ECX.POPCNT[23], CPUID.80000001:ECX.ABM[5] (LZCNT) and CPUID.7.0:EBX.BMI1[3] (TZCNT).
        t.prefixed(0xf3, 0x0fb8, "popcnt", "Gv,Ev", BitOps::popcnt, 0);
        t.prefixed(0xf3, 0x0fbc, "tzcnt", "Gv,Ev", BitOps::tzcnt, 0);
        t.prefixed(0xf3, 0x0fbd, "lzcnt", "Gv,Ev", BitOps::lzcnt, 0);
        t.opReg(0x0fc8, "bswap", "Zv", BitOps::bswap, 0);
    }
}

package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;
import dev.multiverse.cpu.exec.FlagOps;
import dev.multiverse.cpu.exec.SystemOps;
import dev.multiverse.cpu.insn.Row;

/** Opcode rows of {@link SystemOps} and {@link FlagOps}. */
public final class SystemRows {
    private SystemRows() {
    }

    public static void register(TableBuilder t) {
        int ends = Row.ENDS_BLOCK;
        t.op(0xf4, "hlt", "", SystemOps::hlt, ends);
        t.op(0xfa, "cli", "", SystemOps::cli);
        t.op(0xfb, "sti", "", SystemOps::sti, ends);
        t.op(0xe4, "in", "AL,Ib", SystemOps::in, ends);
        t.op(0xe5, "in", "eAX,Ib", SystemOps::in, ends);
        t.op(0xec, "in", "AL,DX", SystemOps::in, ends);
        t.op(0xed, "in", "eAX,DX", SystemOps::in, ends);
        t.op(0xe6, "out", "Ib,AL", SystemOps::out, ends);
        t.op(0xe7, "out", "Ib,eAX", SystemOps::out, ends);
        t.op(0xee, "out", "DX,AL", SystemOps::out, ends);
        t.op(0xef, "out", "DX,eAX", SystemOps::out, ends);
        t.op(0x0f20, "mov", "Ry,Cd", SystemOps::movFromCr, Row.DEF64 | Row.NO66);
        t.op(0x0f22, "mov", "Cd,Ry", SystemOps::movToCr, Row.DEF64 | Row.NO66 | ends);
        t.op(0x0f32, "rdmsr", "", SystemOps::rdmsr);
        t.op(0x0f30, "wrmsr", "", SystemOps::wrmsr, ends);
        t.op(0x0f31, "rdtsc", "", SystemOps::rdtsc);
        t.op(0x0fa2, "cpuid", "", SystemOps::cpuid);
        t.grp(0x0f01, 2, "lgdt", "M", SystemOps::lgdt, Row.MEMONLY);
        t.grp(0x0f01, 3, "lidt", "M", SystemOps::lidt, Row.MEMONLY);
        t.op(0x8e, "mov", "Sw,Ew", SystemOps::movToSreg, ends);
        t.op(0x8c, "mov", "Ev,Sw", SystemOps::movFromSreg);
        t.op(0xea, "ljmp", "Ap", SystemOps::jmpFarImmediate, ends | Row.NO64);
        t.grp(0xff, 5, "ljmp", "Mp", SystemOps::jmpFarIndirect, ends | Row.MEMONLY);
        t.op(0x9a, "lcall", "Ap", SystemOps::callFarImmediate, ends | Row.NO64);
        t.grp(0xff, 3, "lcall", "Mp", SystemOps::callFarIndirect, ends | Row.MEMONLY);
        t.op(0xcb, "lret", "", SystemOps::retFar, ends);
        t.op(0xca, "lret", "Iw", SystemOps::retFar, ends);

        t.op(0xf8, "clc", "", FlagOps::clc);
        t.op(0xf9, "stc", "", FlagOps::stc);
        t.op(0xf5, "cmc", "", FlagOps::cmc);
        t.op(0xfc, "cld", "", FlagOps::cld);
        t.op(0xfd, "std", "", FlagOps::std);
        t.op(0x9f, "lahf", "", FlagOps::lahf);
        t.op(0x9e, "sahf", "", FlagOps::sahf);
    }
}

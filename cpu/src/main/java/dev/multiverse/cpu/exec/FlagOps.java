package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;

/** Direct flag manipulation: CLC/STC/CMC, CLD/STD, LAHF/SAHF. */
public final class FlagOps {
    private FlagOps() {
    }

    private static void setCf(Cpu c, boolean cf) {
        c.flags.setStatus((c.flags.get() & ~Flags.CF) | (cf ? Flags.CF : 0));
    }

    public static void clc(Cpu c, Insn i) {
        setCf(c, false);
    }

    public static void stc(Cpu c, Insn i) {
        setCf(c, true);
    }

    public static void cmc(Cpu c, Insn i) {
        setCf(c, !c.flags.cf());
    }

    public static void cld(Cpu c, Insn i) {
        c.flags.setBit(Flags.DF, false);
    }

    public static void std(Cpu c, Insn i) {
        c.flags.setBit(Flags.DF, true);
    }

    /** AH = SF:ZF:0:AF:0:PF:1:CF. */
    public static void lahf(Cpu c, Insn i) {
        c.setReg(Insn.AH, 1, (c.flags.get() & 0xd5) | 2);
    }

    public static void sahf(Cpu c, Insn i) {
        long ah = c.reg(Insn.AH, 1);
        c.flags.setStatus((c.flags.get() & ~0xd5L) | (ah & 0xd5) | (c.flags.of() ? Flags.OF : 0));
    }
}

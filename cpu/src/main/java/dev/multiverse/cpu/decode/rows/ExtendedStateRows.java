package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;
import dev.multiverse.cpu.exec.ExtendedState;
import dev.multiverse.cpu.insn.Row;

/** Opcode rows of {@link ExtendedState}: FXSAVE/FXRSTOR, LDMXCSR/STMXCSR, the XSAVE family, XGETBV/XSETBV. */
public final class ExtendedStateRows {
    private ExtendedStateRows() {
    }

    public static void register(TableBuilder t) {
        int memory = Row.MEMONLY;
        // FXSAVE/FXRSTOR are x87 instructions for CR0.EM/TS (#NM); LDMXCSR/STMXCSR are SSE ones.
        t.grp(0x0fae, 0, "fxsave", "M", ExtendedState::fxsave, memory | Row.X87);
        t.grp(0x0fae, 1, "fxrstor", "M", ExtendedState::fxrstor, memory | Row.X87);
        t.grp(0x0fae, 2, "ldmxcsr", "Md", ExtendedState::ldmxcsr, memory | Row.SSE);
        t.grp(0x0fae, 3, "stmxcsr", "Md", ExtendedState::stmxcsr, memory | Row.SSE);
        t.grp(0x0fae, 4, "xsave", "M", ExtendedState::xsave, memory);
        t.grp(0x0fae, 5, "xrstor", "M", ExtendedState::xrstor, memory);
        t.grp(0x0fae, 6, "xsaveopt", "M", ExtendedState::xsave, memory);
        t.exact(0x0f01, 0xd0, "xgetbv", "", ExtendedState::xgetbv, 0);
        t.exact(0x0f01, 0xd1, "xsetbv", "", ExtendedState::xsetbv, 0);
    }
}

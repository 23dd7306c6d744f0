package dev.multiverse.machine;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Segment;

/** Names a core's operating mode for diagnostics. */
final class CpuModes {
    private CpuModes() {
    }

    static String describe(Cpu cpu) {
        if ((cpu.cr0 & Cpu.CR0_PE) == 0) return "real mode";
        if (cpu.flags.bit(Flags.VM)) return "virtual-8086 mode";
        boolean paging = (cpu.cr0 & Cpu.CR0_PG) != 0;
        if (cpu.longMode()) return "64-bit mode";
        boolean db = cpu.seg[Insn.CS].is(Segment.DB);
        if ((cpu.efer & Cpu.EFER_LMA) != 0) return (db ? "32" : "16") + "-bit compatibility mode";
        return (db ? "32" : "16") + "-bit protected mode" + (paging ? ", paging on" : "");
    }
}

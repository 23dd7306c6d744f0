package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.insn.Insn;

/**
 * LES, LDS, LSS, LFS, LGS: load a far pointer (offset at the operand size, then a selector) from memory
 * into a segment register and a general register. The segment is loaded first, with the checks of a MOV
 * to that segment register, so a faulting selector leaves the general register unchanged.
 */
public final class FarPointerLoad {
    private FarPointerLoad() {
    }

    private static void load(Cpu c, Insn i, int segment) {
        long address = c.ea(i);
        long offset = c.readMem(i.seg, address, i.opSize);
        int selector = (int) c.readMem(i.seg, address + i.opSize, 2);
        SegmentLoad.loadData(c, segment, selector);
        c.write(i, 0, offset);
    }

    public static void les(Cpu c, Insn i) {
        load(c, i, Insn.ES);
    }

    public static void lds(Cpu c, Insn i) {
        load(c, i, Insn.DS);
    }

    public static void lss(Cpu c, Insn i) {
        load(c, i, Insn.SS);
    }

    public static void lfs(Cpu c, Insn i) {
        load(c, i, Insn.FS);
    }

    public static void lgs(Cpu c, Insn i) {
        load(c, i, Insn.GS);
    }
}

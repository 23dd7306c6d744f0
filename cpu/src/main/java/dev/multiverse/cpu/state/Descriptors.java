package dev.multiverse.cpu.state;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;

/** Reads segment descriptors from the GDT or LDT (implicit supervisor accesses). */
public final class Descriptors {
    private Descriptors() {
    }

    /** The 8-byte descriptor for {@code selector}; #GP(selector) if it lies beyond the table limit. */
    public static long read(Cpu cpu, int selector) {
        boolean ldt = (selector & 4) != 0;
        long base = ldt ? cpu.ldtr.base : cpu.gdtBase;
        long limit = ldt ? cpu.ldtr.limit : cpu.gdtLimit;
        int offset = selector & 0xfff8;
        if (offset + 7 > limit) {
            throw CpuException.gp(selector & 0xfffc);
        }
        return cpu.mmu.read64(base + offset, false);
    }

    /** The high 8 bytes of a 16-byte system descriptor (64-bit TSS, LDT, gates). */
    public static long readHigh(Cpu cpu, int selector) {
        long base = (selector & 4) != 0 ? cpu.ldtr.base : cpu.gdtBase;
        long limit = (selector & 4) != 0 ? cpu.ldtr.limit : cpu.gdtLimit;
        int offset = (selector & 0xfff8) + 8;
        if (offset + 7 > limit) {
            throw CpuException.gp(selector & 0xfffc);
        }
        return cpu.mmu.read64(base + offset, false);
    }
}

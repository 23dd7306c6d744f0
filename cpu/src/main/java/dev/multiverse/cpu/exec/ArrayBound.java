package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Insn;

/** BOUND (outside 64-bit mode): #BR unless the signed index lies within the two bounds in memory. */
public final class ArrayBound {
    private ArrayBound() {
    }

    public static void bound(Cpu c, Insn i) {
        int size = i.opSize;
        long address = c.ea(i);
        long lower = Cpu.signExtend(c.readMem(i.seg, address, size), size);
        long upper = Cpu.signExtend(c.readMem(i.seg, address + size, size), size);
        long index = Cpu.signExtend(c.read(i, 0), size);
        if (index < lower || index > upper) throw CpuException.of(CpuException.BR);
    }
}

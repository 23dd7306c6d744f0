package dev.multiverse.cpu.exec.x87;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.insn.Insn;

/**
 * The x87's wide memory operands: 80-bit reals and packed BCD (eight bytes, then two), and the
 * environment and state images. A wide store checks every byte it will write before writing the first,
 * so a fault leaves memory and the x87 state as they were.
 */
final class Memory {
    private Memory() {
    }

    /** Bytes 0-7 of the 10-byte operand. */
    static long readLow(Cpu c, Insn i) {
        return c.readMem(i.seg, c.ea(i), 8);
    }

    /** Bytes 8-9 of the 10-byte operand. */
    static int readHigh(Cpu c, Insn i) {
        return (int) c.readMem(i.seg, c.ea(i) + 8, 2);
    }

    static void write10(Cpu c, Insn i, long low, int high) {
        long offset = c.ea(i);
        checkWritable(c, i.seg, offset, 10);
        c.writeMem(i.seg, offset, 8, low);
        c.writeMem(i.seg, offset + 8, 2, high);
    }

    static void checkWritable(Cpu c, int seg, long offset, int size) {
        c.mmu.probeWrite(c.dataLinear(seg, offset, size, true), size, c.dataPrivilege());
    }

    static byte[] read(Cpu c, int seg, long offset, int size) {
        byte[] bytes = new byte[size];
        for (int k = 0; k < size; k++) bytes[k] = (byte) c.readMem(seg, offset + k, 1);
        return bytes;
    }

    static void write(Cpu c, int seg, long offset, byte[] bytes) {
        checkWritable(c, seg, offset, bytes.length);
        for (int k = 0; k < bytes.length; k++) c.writeMem(seg, offset + k, 1, bytes[k]);
    }
}

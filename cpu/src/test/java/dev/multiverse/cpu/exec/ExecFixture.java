package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.flags.Flags;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A test core for the instruction-family tests: runs a few hand-assembled instructions (HLT appended) at
 * {@link #CODE}. In 64-bit code it also has a GDT and an IDT whose gate for vector v points at a HLT at
 * {@code HANDLERS + 16 * v}, so a test can see which exception was delivered and the frame it pushed.
 */
final class ExecFixture {
    static final long CODE = 0x1000, DATA = 0x4000, STACK = 0x8000, HANDLERS = 0x9000;
    private static final long GDT = 0x500, IDT = 0x600;
    /** Present, DPL 0, execute/read, L = 1. */
    private static final long CODE64_DESCRIPTOR = 0x0020_9a00_0000_0000L;

    final TestCpu t;
    final Cpu cpu;

    ExecFixture(int codeSize) {
        t = new TestCpu(codeSize);
        cpu = t.cpu;
        cpu.gpr[Cpu.RSP] = STACK;
        if (codeSize == 3) {
            t.memory.write(GDT + 8, 8, CODE64_DESCRIPTOR);
            cpu.gdtBase = GDT;
            cpu.gdtLimit = 15;
            for (int v = 0; v < 32; v++) {
                long handler = HANDLERS + 16L * v;
                long low = (handler & 0xffff) | (0x8L << 16) | (0x8eL << 40) | (((handler >>> 16) & 0xffff) << 48);
                t.memory.write(IDT + 16L * v, 8, low);
                t.memory.write(IDT + 16L * v + 8, 8, handler >>> 32);
                t.memory.write(handler, 1, 0xf4);
            }
            cpu.idtBase = IDT;
            cpu.idtLimit = 32 * 16 - 1;
        }
    }

    /** A 64-bit core. */
    ExecFixture() {
        this(3);
    }

    /** Runs {@code code} followed by HLT; the sequence must halt normally. */
    void run(int... code) {
        StopReason r = t.run(CODE, withHlt(code), 100);
        assertEquals(StopReason.HALTED, r);
        assertEquals(CODE + code.length + 1, cpu.rip, "stopped at the HLT after the code");
    }

    /** Runs {@code code} expecting an exception: returns its vector, checking the pushed RIP is {@link #CODE}. */
    int runFaulting(int... code) {
        StopReason r = t.run(CODE, withHlt(code), 100);
        assertEquals(StopReason.HALTED, r);
        long offset = cpu.rip - 1 - HANDLERS;
        assertEquals(0, offset % 16, "halted in an exception handler");
        assertEquals(CODE, t.memory.read(cpu.gpr[Cpu.RSP], 8), "the frame's RIP is the faulting instruction");
        return (int) (offset / 16);
    }

    private static byte[] withHlt(int[] code) {
        int[] all = java.util.Arrays.copyOf(code, code.length + 1);
        all[code.length] = 0xf4;
        return TestCpu.bytes(all);
    }

    /** The six status flags. */
    long status() {
        return cpu.flags.get() & Flags.STATUS;
    }

    void setStatus(long bits) {
        cpu.flags.put((cpu.flags.get() & ~Flags.STATUS) | bits);
    }

    void poke(long address, int size, long value) {
        t.memory.write(address, size, value);
    }

    long peek(long address, int size) {
        return t.memory.read(address, size);
    }

    void assertStatus(long expected) {
        assertEquals(Long.toHexString(expected), Long.toHexString(status()), "status flags");
    }
}

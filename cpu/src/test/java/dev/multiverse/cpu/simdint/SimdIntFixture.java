package dev.multiverse.cpu.simdint;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A 64-bit ring-0 core with SSE enabled (CR4.OSFXSR) for running single SIMD integer instructions: code at
 * {@link #CODE}, a data area at {@link #DATA}, and an IDT whose gate for vector v leads to a HLT at
 * {@code HANDLERS + 16 * v}, so {@link #fault} can tell which exception an instruction raised.
 */
final class SimdIntFixture {
    static final long CODE = 0x1000, IDT = 0x2000, DATA = 0x4000, STACK = 0x8000, HANDLERS = 0x9000, GDT = 0x500;
    private static final int KERNEL_CS = 0x08;
    private static final long CODE64_DPL0 = 0x0020_9a00_0000_0000L;

    final TestCpu t = new TestCpu(3);
    final Cpu cpu = t.cpu;

    SimdIntFixture() {
        cpu.cr4 |= Cpu.CR4_OSFXSR;
        poke(GDT + KERNEL_CS, 8, CODE64_DPL0);
        cpu.gdtBase = GDT;
        cpu.gdtLimit = 0x0f;
        for (int v = 0; v < 256; v++) {
            long handler = HANDLERS + 16L * v;
            poke(IDT + 16L * v, 8, (handler & 0xffff) | (long) KERNEL_CS << 16 | 0x8eL << 40 | (handler >>> 16 & 0xffff) << 48);
            poke(IDT + 16L * v + 8, 8, handler >>> 32);
            poke(handler, 1, 0xf4);
        }
        cpu.idtBase = IDT;
        cpu.idtLimit = 256 * 16 - 1;
        cpu.gpr[Cpu.RSP] = STACK;
    }

    void xmm(int n, long low, long high) {
        cpu.xmm[2 * n] = low;
        cpu.xmm[2 * n + 1] = high;
    }

    long low(int n) {
        return cpu.xmm[2 * n];
    }

    long high(int n) {
        return cpu.xmm[2 * n + 1];
    }

    /** Runs {@code code} followed by HLT and expects it to complete. */
    void run(int... code) {
        int[] all = Arrays.copyOf(code, code.length + 1);
        all[code.length] = 0xf4;
        assertEquals(StopReason.HALTED, t.run(CODE, TestCpu.bytes(all), 100), "halted without an exception");
        assertEquals(CODE + all.length, cpu.rip, "ran to the HLT");
    }

    /** Runs {@code code} and returns the vector of the exception it raises, or -1 if it completes. */
    int fault(int... code) {
        int[] all = Arrays.copyOf(code, code.length + 1);
        all[code.length] = 0xf4;
        assertEquals(StopReason.HALTED, t.run(CODE, TestCpu.bytes(all), 100));
        long at = cpu.rip - 1 - HANDLERS;
        return at >= 0 && at < 256 * 16 && at % 16 == 0 ? (int) (at / 16) : -1;
    }

    void poke(long address, int size, long value) {
        t.memory.write(address, size, value);
    }

    long peek(long address, int size) {
        return t.memory.read(address, size);
    }
}

package dev.multiverse.cpu.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A 64-bit core with SSE enabled (CR4.OSFXSR) for SIMD instruction tests: instructions are given as hex
 * strings, run to a HLT, and XMM, MMX and memory are set and read by number. A GDT and an IDT whose gate
 * for vector v leads to a HLT at {@code HANDLERS + 16 * v} make exceptions observable.
 */
final class SimdFixture {
    static final long CODE = 0x1000, IDT = 0x2000, DATA = 0x4000, STACK = 0x8000, HANDLERS = 0x9000, GDT = 0x500;
    private static final long CODE64_DPL0 = 0x0020_9a00_0000_0000L, DATA_DPL0 = 0x00cf_9200_0000_ffffL;

    final TestCpu t = new TestCpu(3);
    final Cpu cpu = t.cpu;

    SimdFixture() {
        poke(GDT + 8, 8, CODE64_DPL0);
        poke(GDT + 16, 8, DATA_DPL0);
        cpu.gdtBase = GDT;
        cpu.gdtLimit = 23;
        for (int v = 0; v < 32; v++) {
            long handler = HANDLERS + 16L * v;
            long low = (handler & 0xffff) | (8L << 16) | (0x8eL << 40) | ((handler >>> 16 & 0xffff) << 48);
            poke(IDT + 16L * v, 8, low);
            poke(IDT + 16L * v + 8, 8, 0);
            poke(handler, 1, 0xf4);
        }
        cpu.idtBase = IDT;
        cpu.idtLimit = 32 * 16 - 1;
        cpu.gpr[Cpu.RSP] = STACK;
        cpu.cr4 |= Cpu.CR4_OSFXSR;
    }

    /** Runs one or more instructions (hex, spaces allowed) and expects them to reach the HLT after them. */
    void run(String hex) {
        byte[] code = code(hex);
        assertEquals(StopReason.HALTED, t.run(CODE, code, 100));
        assertEquals(CODE + code.length, cpu.rip, "halted after the code, not in an exception handler");
    }

    /** Runs the instruction and returns the vector of the exception it raised (-1 if none). */
    int exception(String hex) {
        assertEquals(StopReason.HALTED, t.run(CODE, code(hex), 100));
        long at = cpu.rip - 1 - HANDLERS;
        return at >= 0 && at < 32 * 16 && at % 16 == 0 ? (int) (at / 16) : -1;
    }

    private static byte[] code(String hex) {
        byte[] insn = HexFormat.of().parseHex(hex.replace(" ", ""));
        byte[] code = java.util.Arrays.copyOf(insn, insn.length + 1);
        code[insn.length] = (byte) 0xf4;
        return code;
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

    void mm(int n, long value) {
        cpu.x87.setMmx(n, value);
    }

    long mm(int n) {
        return cpu.x87.mmx(n);
    }

    void poke(long address, int size, long value) {
        t.memory.write(address, size, value);
    }

    long peek(long address, int size) {
        return t.memory.read(address, size);
    }
}

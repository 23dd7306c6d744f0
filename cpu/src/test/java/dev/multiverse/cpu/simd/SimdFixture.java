package dev.multiverse.cpu.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.testing.TrapMachine;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A {@link TrapMachine} with SSE enabled (CR4.OSFXSR) for SIMD instruction tests: instructions are given as
 * hex strings, run to a HLT, and XMM, MMX and memory are set and read by number.
 */
final class SimdFixture {
    static final long CODE = TrapMachine.CODE, DATA = TrapMachine.DATA, STACK = TrapMachine.STACK;

    private final TrapMachine m = new TrapMachine();
    final TestCpu t = m.t;
    final Cpu cpu = m.cpu;

    SimdFixture() {
        cpu.cr4 |= Cpu.CR4_OSFXSR;
    }

    /** Runs one or more instructions (hex, spaces allowed) and expects them to reach the HLT after them. */
    void run(String hex) {
        assertEquals(-1, m.execute(TrapMachine.hex(hex), 100), "halted after the code, not in an exception handler");
    }

    /** Runs the instruction and returns the vector of the exception it raised (-1 if none). */
    int exception(String hex) {
        return m.execute(TrapMachine.hex(hex), 100);
    }

    void xmm(int n, long low, long high) {
        m.xmm(n, low, high);
    }

    long low(int n) {
        return m.low(n);
    }

    long high(int n) {
        return m.high(n);
    }

    void mm(int n, long value) {
        cpu.x87.setMmx(n, value);
    }

    long mm(int n) {
        return cpu.x87.mmx(n);
    }

    void poke(long address, int size, long value) {
        m.poke(address, size, value);
    }

    long peek(long address, int size) {
        return m.peek(address, size);
    }
}

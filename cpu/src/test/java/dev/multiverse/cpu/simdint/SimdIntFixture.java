package dev.multiverse.cpu.simdint;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.testing.TrapMachine;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A {@link TrapMachine} with SSE enabled (CR4.OSFXSR) for running single SIMD integer instructions given
 * as bytes; {@link #fault} tells which exception an instruction raised.
 */
final class SimdIntFixture {
    static final long CODE = TrapMachine.CODE, DATA = TrapMachine.DATA, STACK = TrapMachine.STACK;

    private final TrapMachine m = new TrapMachine();
    final TestCpu t = m.t;
    final Cpu cpu = m.cpu;

    SimdIntFixture() {
        cpu.cr4 |= Cpu.CR4_OSFXSR;
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

    /** Runs {@code code} followed by HLT and expects it to complete. */
    void run(int... code) {
        assertEquals(-1, m.execute(TestCpu.bytes(code), 100), "ran to the HLT without an exception");
    }

    /** Runs {@code code} and returns the vector of the exception it raises, or -1 if it completes. */
    int fault(int... code) {
        return m.execute(TestCpu.bytes(code), 100);
    }

    void poke(long address, int size, long value) {
        m.poke(address, size, value);
    }

    long peek(long address, int size) {
        return m.peek(address, size);
    }
}

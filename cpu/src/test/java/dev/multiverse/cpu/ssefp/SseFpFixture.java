package dev.multiverse.cpu.ssefp;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.testing.TrapMachine;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A {@link TrapMachine} with SSE and SIMD floating-point exceptions enabled (CR4.OSFXSR, CR4.OSXMMEXCPT) for
 * running single SSE floating-point instructions, RSI pointing at the 16-byte aligned data area;
 * {@link #fault} tells which exception an instruction raised. Instructions are hex strings ("0f 58 ca").
 */
final class SseFpFixture {
    static final long CODE = TrapMachine.CODE, DATA = TrapMachine.DATA, STACK = TrapMachine.STACK,
            HANDLERS = TrapMachine.HANDLERS;

    private final TrapMachine m = new TrapMachine();
    final TestCpu t = m.t;
    final Cpu cpu = m.cpu;

    SseFpFixture() {
        cpu.cr4 |= Cpu.CR4_OSFXSR | Cpu.CR4_OSXMMEXCPT;
        cpu.gpr[Cpu.RSI] = DATA;
    }

    void xmm(int n, long low, long high) {
        m.xmm(n, low, high);
    }

    /** XMM n from four binary32 lanes, lane 0 first. */
    void singles(int n, float l0, float l1, float l2, float l3) {
        xmm(n, pack(Float.floatToRawIntBits(l0), Float.floatToRawIntBits(l1)), pack(Float.floatToRawIntBits(l2), Float.floatToRawIntBits(l3)));
    }

    void doubles(int n, double low, double high) {
        xmm(n, Double.doubleToRawLongBits(low), Double.doubleToRawLongBits(high));
    }

    long low(int n) {
        return m.low(n);
    }

    long high(int n) {
        return m.high(n);
    }

    /** Binary32 lane {@code k} (0-3) of XMM n, as bits. */
    int lane(int n, int k) {
        return (int) (cpu.xmm[2 * n + k / 2] >>> 32 * (k % 2));
    }

    float single(int n, int k) {
        return Float.intBitsToFloat(lane(n, k));
    }

    double dbl(int n, int k) {
        return Double.longBitsToDouble(cpu.xmm[2 * n + k]);
    }

    static long pack(int low, int high) {
        return (low & 0xffff_ffffL) | (long) high << 32;
    }

    /** Runs the instruction in {@code hex} followed by HLT and expects it to complete. */
    void run(String hex) {
        int vector = m.execute(TrapMachine.hex(hex), 100);
        assertEquals(-1, vector, () -> "ran to the HLT, but raised vector " + vector);
    }

    /** Runs the instruction in {@code hex} and returns the vector of the exception it raises, or -1. */
    int fault(String hex) {
        return m.execute(TrapMachine.hex(hex), 100);
    }

    void poke(long address, int size, long value) {
        m.poke(address, size, value);
    }

    long peek(long address, int size) {
        return m.peek(address, size);
    }
}

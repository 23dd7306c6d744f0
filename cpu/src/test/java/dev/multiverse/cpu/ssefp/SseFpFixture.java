package dev.multiverse.cpu.ssefp;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A 64-bit ring-0 core with SSE and SIMD floating-point exceptions enabled (CR4.OSFXSR, CR4.OSXMMEXCPT) for
 * running single SSE floating-point instructions: code at {@link #CODE}, data at {@link #DATA} (16-byte
 * aligned), and an IDT whose gate for vector v leads to a HLT at {@code HANDLERS + 16 * v}, so
 * {@link #fault} tells which exception an instruction raised. Instructions are hex strings ("0f 58 ca").
 */
final class SseFpFixture {
    static final long CODE = 0x1000, IDT = 0x2000, DATA = 0x4000, STACK = 0x8000, HANDLERS = 0x9000, GDT = 0x500;
    private static final int KERNEL_CS = 0x08;
    private static final long CODE64_DPL0 = 0x0020_9a00_0000_0000L;

    final TestCpu t = new TestCpu(3);
    final Cpu cpu = t.cpu;

    SseFpFixture() {
        cpu.cr4 |= Cpu.CR4_OSFXSR | Cpu.CR4_OSXMMEXCPT;
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
        cpu.gpr[Cpu.RSI] = DATA;
    }

    void xmm(int n, long low, long high) {
        cpu.xmm[2 * n] = low;
        cpu.xmm[2 * n + 1] = high;
    }

    /** XMM n from four binary32 lanes, lane 0 first. */
    void singles(int n, float l0, float l1, float l2, float l3) {
        xmm(n, pack(Float.floatToRawIntBits(l0), Float.floatToRawIntBits(l1)), pack(Float.floatToRawIntBits(l2), Float.floatToRawIntBits(l3)));
    }

    void doubles(int n, double low, double high) {
        xmm(n, Double.doubleToRawLongBits(low), Double.doubleToRawLongBits(high));
    }

    long low(int n) {
        return cpu.xmm[2 * n];
    }

    long high(int n) {
        return cpu.xmm[2 * n + 1];
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
        byte[] code = code(hex);
        assertEquals(StopReason.HALTED, t.run(CODE, code, 100), "halted");
        assertEquals(CODE + code.length, cpu.rip, () -> "ran to the HLT, but raised vector " + vector());
    }

    /** Runs the instruction in {@code hex} and returns the vector of the exception it raises, or -1. */
    int fault(String hex) {
        byte[] code = code(hex);
        assertEquals(StopReason.HALTED, t.run(CODE, code, 100));
        return cpu.rip == CODE + code.length ? -1 : vector();
    }

    private int vector() {
        long at = cpu.rip - 1 - HANDLERS;
        return at >= 0 && at < 256 * 16 && at % 16 == 0 ? (int) (at / 16) : -1;
    }

    private static byte[] code(String hex) {
        byte[] insn = HexFormat.of().parseHex(hex.replace(" ", ""));
        byte[] code = java.util.Arrays.copyOf(insn, insn.length + 1);
        code[insn.length] = (byte) 0xf4;
        return code;
    }

    void poke(long address, int size, long value) {
        t.memory.write(address, size, value);
    }

    long peek(long address, int size) {
        return t.memory.read(address, size);
    }
}

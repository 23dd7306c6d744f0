package dev.multiverse.cpu.testing;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;

import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A 64-bit ring-0 core for instruction tests: code placed at {@link #CODE} runs to a HLT after it, and a
 * GDT and an IDT whose gate for vector v leads to a HLT at {@code HANDLERS + 16 * v} make every exception
 * and interrupt observable as the vector whose handler the core halted in.
 */
public final class TrapMachine {
    public static final long CODE = 0x1000, IDT = 0x2000, DATA = 0x4000, STACK = 0x8000, HANDLERS = 0x9000, GDT = 0x500;
    private static final int VECTORS = 256;
    private static final long CODE64_DPL0 = 0x0020_9a00_0000_0000L, DATA_DPL0 = 0x00cf_9200_0000_ffffL;

    public final TestCpu t = new TestCpu(3);
    public final Cpu cpu = t.cpu;

    public TrapMachine() {
        poke(GDT + 8, 8, CODE64_DPL0);
        poke(GDT + 16, 8, DATA_DPL0);
        cpu.gdtBase = GDT;
        cpu.gdtLimit = 23;
        for (int v = 0; v < VECTORS; v++) {
            long handler = HANDLERS + 16L * v;
            poke(IDT + 16L * v, 8, (handler & 0xffff) | 8L << 16 | 0x8eL << 40 | (handler >>> 16 & 0xffff) << 48);
            poke(IDT + 16L * v + 8, 8, handler >>> 32);
            poke(handler, 1, 0xf4);
        }
        cpu.idtBase = IDT;
        cpu.idtLimit = VECTORS * 16 - 1;
        cpu.gpr[Cpu.RSP] = STACK;
    }

    /**
     * Runs {@code insns} followed by a HLT, at most {@code max} instructions. Returns -1 when the code ran to
     * its HLT, the vector whose handler the core halted in, or -2 when it halted anywhere else.
     */
    public int execute(byte[] insns, long max) {
        byte[] code = Arrays.copyOf(insns, insns.length + 1);
        code[insns.length] = (byte) 0xf4;
        assertEquals(StopReason.HALTED, t.run(CODE, code, max));
        if (cpu.rip == CODE + code.length) return -1;
        long at = cpu.rip - 1 - HANDLERS;
        return at >= 0 && at < VECTORS * 16 && at % 16 == 0 ? (int) (at / 16) : -2;
    }

    /** Instruction bytes written in hex, spaces allowed ("0f 58 ca"). */
    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    public void xmm(int n, long low, long high) {
        cpu.xmm[2 * n] = low;
        cpu.xmm[2 * n + 1] = high;
    }

    public long low(int n) {
        return cpu.xmm[2 * n];
    }

    public long high(int n) {
        return cpu.xmm[2 * n + 1];
    }

    public void poke(long address, int size, long value) {
        t.memory.write(address, size, value);
    }

    public long peek(long address, int size) {
        return t.memory.read(address, size);
    }
}

package dev.multiverse.cpu.x87;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.fpu.Float80;
import dev.multiverse.cpu.state.X87;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A 64-bit core for x87 tests, in the state FNINIT leaves, with CR0.NE set (native #MF reporting): code runs
 * from {@link #CODE} to a HLT, RDI points at a scratch buffer at {@link #MEMORY}, and an IDT whose gate for
 * vector v leads to a HLT at {@code HANDLERS + 16 * v} makes exceptions and interrupts observable. Register values are
 * written as {@code "sign-exponent:significand"} in hex, as the SDM draws them.
 */
final class X87Fixture {
    static final long CODE = 0x1000, IDT = 0x2000, MEMORY = 0x4000, STACK = 0x8000, HANDLERS = 0x9000, GDT = 0x500;
    /** Exceptions and one external interrupt vector, {@link #INTERRUPT}. */
    static final int VECTORS = 48, INTERRUPT = 0x20;
    private static final long CODE64_DPL0 = 0x0020_9a00_0000_0000L, DATA_DPL0 = 0x00cf_9200_0000_ffffL;

    final TestCpu t = new TestCpu(3);
    final Cpu cpu = t.cpu;
    final X87 f = cpu.x87;

    X87Fixture() {
        poke(GDT + 8, 8, CODE64_DPL0);
        poke(GDT + 16, 8, DATA_DPL0);
        cpu.gdtBase = GDT;
        cpu.gdtLimit = 23;
        for (int v = 0; v < VECTORS; v++) {
            long handler = HANDLERS + 16L * v;
            long low = (handler & 0xffff) | (8L << 16) | (0x8eL << 40) | ((handler >>> 16 & 0xffff) << 48);
            poke(IDT + 16L * v, 8, low);
            poke(IDT + 16L * v + 8, 8, 0);
            poke(handler, 1, 0xf4);
        }
        cpu.idtBase = IDT;
        cpu.idtLimit = VECTORS * 16 - 1;
        cpu.gpr[Cpu.RSP] = STACK;
        cpu.cr0 |= Cpu.CR0_NE;
        f.init();
    }

    static Float80 value(String text) {
        String[] parts = text.split(":");
        return new Float80(Integer.parseInt(parts[0], 16), Long.parseUnsignedLong(parts[1], 16));
    }

    /** Pushes values so that the first one given ends up as ST(0). */
    X87Fixture stack(String... values) {
        for (int k = values.length - 1; k >= 0; k--) f.push(value(values[k]));
        return this;
    }

    X87Fixture control(int fcw) {
        f.control = fcw;
        f.updateErrorSummary();
        return this;
    }

    /**
     * Runs instructions (hex, spaces allowed) to the HLT after them, or to an exception handler's HLT.
     * Returns the vector delivered, or -1 if the code ran to its end.
     */
    int run(String hex) {
        byte[] insn = HexFormat.of().parseHex(hex.replace(" ", ""));
        return run(insn);
    }

    int run(byte[] insn) {
        byte[] code = java.util.Arrays.copyOf(insn, insn.length + 1);
        code[insn.length] = (byte) 0xf4;
        cpu.gpr[Cpu.RDI] = MEMORY;
        assertEquals(StopReason.HALTED, t.run(CODE, code, 1000));
        if (cpu.rip == CODE + code.length) return -1;
        long at = cpu.rip - 1 - HANDLERS;
        return at >= 0 && at < VECTORS * 16 && at % 16 == 0 ? (int) (at / 16) : -2;
    }

    /** The RIP an exception handler's frame saved: the instruction that faulted. */
    long faultingRip() {
        return peek(cpu.gpr[Cpu.RSP], 8);
    }

    String st(int i) {
        Float80 v = f.st(i);
        return String.format("%04x:%016x", v.signExponent(), v.significand());
    }

    int conditionCodes() {
        return f.status & (X87.STATUS_C3 | X87.STATUS_C2 | X87.STATUS_C1 | X87.STATUS_C0);
    }

    void poke(long address, int size, long value) {
        cpu.mmu.write(address, size, value, false);
    }

    long peek(long address, int size) {
        return cpu.mmu.read(address, size, false);
    }
}

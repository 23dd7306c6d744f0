package dev.multiverse.cpu.sys;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.insn.Insn;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A 64-bit core with the system tables the system-instruction tests need: a GDT with kernel and user
 * segments in the Linux order (so STAR and SYSENTER_CS line up), a 64-bit TSS, an LDT descriptor, and a
 * 256-entry IDT whose gate for vector v points at a HLT at {@code HANDLERS + 16 * v}.
 */
final class SysFixture {
    static final long CODE = 0x1000, IDT = 0x2000, DATA = 0x4000, RSP0 = 0x6000, USER_STACK = 0x7000,
            STACK = 0x8000, HANDLERS = 0x9000, TSS = 0xb000, LDT = 0xc000, GDT = 0x500;
    static final int KERNEL_CS = 0x08, KERNEL_DS = 0x10, USER_CS32 = 0x1b, USER_DS = 0x23, USER_CS = 0x2b,
            TSS_SEL = 0x30, LDT_SEL = 0x40;
    static final long CODE64_DPL0 = 0x0020_9a00_0000_0000L, DATA_DPL0 = 0x00cf_9200_0000_ffffL,
            CODE32_DPL3 = 0x00cf_fa00_0000_ffffL, DATA_DPL3 = 0x00cf_f200_0000_ffffL,
            CODE64_DPL3 = 0x0020_fa00_0000_0000L;

    final TestCpu t = new TestCpu(3);
    final Cpu cpu = t.cpu;

    SysFixture() {
        long[] gdt = {0, CODE64_DPL0, DATA_DPL0, CODE32_DPL3, DATA_DPL3, CODE64_DPL3};
        for (int n = 0; n < gdt.length; n++) poke(GDT + 8L * n, 8, gdt[n]);
        poke(GDT + TSS_SEL, 8, systemDescriptor(TSS, 0x67, 9));
        poke(GDT + LDT_SEL, 8, systemDescriptor(LDT, 0xff, 2));
        cpu.gdtBase = GDT;
        cpu.gdtLimit = 0x4f;
        for (int v = 0; v < 256; v++) {
            setGate(v, 0, 0xe, 0);
            poke(HANDLERS + 16L * v, 1, 0xf4);
        }
        cpu.idtBase = IDT;
        cpu.idtLimit = 256 * 16 - 1;
        poke(TSS + 4, 8, RSP0);
        cpu.tr.load(TSS_SEL, TSS, 0x67, 0x80 | 0xb);
        cpu.gpr[Cpu.RSP] = STACK;
    }

    /** The low 8 bytes of a present DPL-0 system descriptor (base below 4 GiB, so the high 8 bytes are zero). */
    static long systemDescriptor(long base, long limit, int type) {
        return (limit & 0xffff) | ((base & 0xff_ffffL) << 16) | ((long) (0x80 | type) << 40)
                | ((limit >>> 16 & 0xf) << 48) | ((base >>> 24 & 0xff) << 56);
    }

    /** An interrupt (0xE) or trap (0xF) gate to the vector's HLT in kernel code, with DPL and IST. */
    void setGate(int vector, int dpl, int type, int ist) {
        long handler = HANDLERS + 16L * vector;
        long low = (handler & 0xffff) | ((long) KERNEL_CS << 16) | ((long) ist << 32)
                | ((long) (0x80 | dpl << 5 | type) << 40) | ((handler >>> 16 & 0xffff) << 48);
        poke(IDT + 16L * vector, 8, low);
        poke(IDT + 16L * vector + 8, 8, handler >>> 32);
    }

    /** Switches to ring 3 64-bit code with the user stack. */
    void enterUser() {
        cpu.seg[Insn.CS].loadDescriptor(USER_CS, CODE64_DPL3);
        cpu.seg[Insn.SS].loadDescriptor(USER_DS, DATA_DPL3);
        cpu.cpl = 3;
        cpu.gpr[Cpu.RSP] = USER_STACK;
        cpu.updateCodeSize();
    }

    /** Runs {@code code} at {@link #CODE} until HLT. */
    StopReason run(int... code) {
        return t.run(CODE, TestCpu.bytes(code), 1000);
    }

    /** Runs {@code code} and expects to halt in the handler for {@code vector}. */
    void runToHandler(int vector, int... code) {
        assertEquals(StopReason.HALTED, run(code));
        assertEquals(vector, handlerVector(), "delivered vector");
    }

    /** The vector whose handler the core halted in, or -1 if it halted elsewhere. */
    int handlerVector() {
        long at = cpu.rip - 1 - HANDLERS;
        return at >= 0 && at < 256 * 16 && at % 16 == 0 ? (int) (at / 16) : -1;
    }

    /** The 8-byte stack slot {@code n} above RSP. */
    long frame(int n) {
        return peek(cpu.gpr[Cpu.RSP] + 8L * n, 8);
    }

    void poke(long address, int size, long value) {
        t.memory.write(address, size, value);
    }

    long peek(long address, int size) {
        return t.memory.read(address, size);
    }
}

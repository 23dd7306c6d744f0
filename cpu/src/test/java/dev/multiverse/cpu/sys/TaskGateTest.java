package dev.multiverse.cpu.sys;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.flags.Flags;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** An interrupt through a 32-bit task gate, and the IRET (NT set) back to the interrupted task. */
class TaskGateTest {
    private static final long GDT = 0x500, IDT = 0x2000, TSS_A = 0xb000, TSS_B = 0xb100;
    private static final int SEL_A = 0x18, SEL_B = 0x20;

    @Test
    void intThroughATaskGateRunsTheTaskAndIretReturns() {
        TestCpu t = new TestCpu(2);
        Cpu cpu = t.cpu;
        long[] gdt = {0, 0x00cf_9a00_0000_ffffL, 0x00cf_9200_0000_ffffL,
                SysFixture.systemDescriptor(TSS_A, 0x67, 0xb), SysFixture.systemDescriptor(TSS_B, 0x67, 9)};
        for (int n = 0; n < gdt.length; n++) t.memory.write(GDT + 8L * n, 8, gdt[n]);
        cpu.gdtBase = GDT;
        cpu.gdtLimit = 0x27;
        cpu.tr.loadDescriptor(SEL_A, gdt[3]);
        t.memory.write(IDT + 0x40 * 8, 8, (long) SEL_B << 16 | 0x85L << 40);
        cpu.idtBase = IDT;
        cpu.idtLimit = 0x7ff;
        // Task B: EIP 0x3000, flat segments, its own stack.
        t.memory.write(TSS_B + 0x20, 4, 0x3000);
        t.memory.write(TSS_B + 0x24, 4, 0x2);
        t.memory.write(TSS_B + 0x38, 4, 0x7000);
        int[] selectors = {0x10, 0x08, 0x10, 0x10, 0x10, 0x10};
        for (int s = 0; s < 6; s++) t.memory.write(TSS_B + 0x48 + 4L * s, 2, selectors[s]);
        // movl $42,0x4000; iret
        t.memory.load(0x3000, TestCpu.bytes(0xc7, 0x05, 0x00, 0x40, 0x00, 0x00, 0x2a, 0, 0, 0, 0xcf));
        cpu.gpr[Cpu.RSP] = 0x8000;
        cpu.gpr[Cpu.RBX] = 0x1234;

        assertEquals(StopReason.HALTED, t.run(0x1000, TestCpu.bytes(0xcd, 0x40, 0xf4), 20));
        assertEquals(42, t.memory.read(0x4000, 4), "task B ran");
        assertEquals(0x1003, cpu.rip, "back in task A after INT");
        assertEquals(SEL_A, cpu.tr.selector);
        assertEquals(0x1234, cpu.gpr[Cpu.RBX], "task A's registers came back from its TSS");
        assertEquals(0x8000, cpu.gpr[Cpu.RSP]);
        assertFalse(cpu.flags.bit(Flags.NT));
        assertEquals(SEL_A, t.memory.read(TSS_B, 2), "task B's link field named task A");
        assertEquals(9, (t.memory.read(GDT + SEL_B, 8) >>> 40) & 0xf, "task B is no longer busy");
    }
}

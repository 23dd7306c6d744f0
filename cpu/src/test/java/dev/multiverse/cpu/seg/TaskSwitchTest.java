package dev.multiverse.cpu.seg;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.exec.FarTransfer;
import dev.multiverse.cpu.exec.TaskSwitch;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Tss;
import org.junit.jupiter.api.Test;

import static dev.multiverse.cpu.seg.Gdt.CODE;
import static dev.multiverse.cpu.seg.Gdt.DATA;
import static dev.multiverse.cpu.seg.Gdt.DB;
import static dev.multiverse.cpu.seg.Gdt.G;
import static dev.multiverse.cpu.seg.Gdt.TSS32;
import static dev.multiverse.cpu.seg.Gdt.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Hardware task switches between 32-bit TSSs (SDM vol. 3, 7.3-7.4): CALL nests, IRET unnests, JMP does not nest. */
class TaskSwitchTest {
    private static final long TSS_A = 0x3000, TSS_B = 0x3100, GDT = 0x1000;
    private static final int SEL_A = 0x18, SEL_B = 0x20, TASK_GATE = 0x28;

    private final TestCpu t = new TestCpu(2);
    private final Cpu c = t.cpu;

    TaskSwitchTest() {
        Gdt.install(t, GDT,
                0,
                segment(0, 0xfffff, CODE, G | DB),                       // 0x08
                segment(0, 0xfffff, DATA, G | DB),                       // 0x10
                segment(TSS_A, 0x67, TSS32 | 2, 0),                      // 0x18 busy: the current task
                segment(TSS_B, 0x67, TSS32, 0),                          // 0x20 available
                Gdt.gate(SEL_B, 0, 5, 0, 0));                            // 0x28 task gate -> B
        c.tr.load(SEL_A, TSS_A, 0x67, 0x8b);
        t.memory.write(TSS_B + Tss.EIP, 4, 0x6000);
        t.memory.write(TSS_B + Tss.EFLAGS, 4, 0x2 | Flags.CF);
        t.memory.write(TSS_B + Tss.EAX, 4, 0xb0b);
        t.memory.write(TSS_B + Tss.EAX + 4 * Cpu.RSP, 4, 0x7000);
        for (int s = 0; s < 6; s++) t.memory.write(TSS_B + Tss.ES + 4L * s, 2, s == Insn.CS ? 0x08 : 0x10);
        c.gpr[Cpu.RAX] = 0xa0a;
        c.rip = 0x5007;
    }

    private int type(int selector) {
        return (int) (t.memory.read(GDT + selector + 5, 1) & 0xf);
    }

    @Test
    void callNestsAndIretReturns() {
        FarTransfer.call(c, SEL_B, 0, 4);
        assertEquals(SEL_B, c.tr.selector);
        assertEquals(0x6000, c.rip);
        assertEquals(0xb0b, c.gpr[Cpu.RAX]);
        assertEquals(0x7000, c.gpr[Cpu.RSP]);
        assertEquals(0x10, c.seg[Insn.SS].selector);
        assertNotEquals(0, c.flags.get() & Flags.NT, "CALL sets NT in the new task");
        assertEquals(SEL_A, t.memory.read(TSS_B + Tss.LINK, 2));
        assertEquals(0xb, type(SEL_A), "the caller stays busy");
        assertEquals(0xb, type(SEL_B));
        assertEquals(0x5007, t.memory.read(TSS_A + Tss.EIP, 4));
        assertEquals(0xa0a, t.memory.read(TSS_A + Tss.EAX, 4));
        assertNotEquals(0, c.cr0 & Cpu.CR0_TS);

        c.gpr[Cpu.RAX] = 0xb0c;
        c.rip = 0x6001;
        TaskSwitch.returnToPreviousTask(c);
        assertEquals(SEL_A, c.tr.selector);
        assertEquals(0x5007, c.rip);
        assertEquals(0xa0a, c.gpr[Cpu.RAX]);
        assertEquals(0xb, type(SEL_A));
        assertEquals(0x9, type(SEL_B), "IRET marks the task it leaves available");
        assertEquals(0, t.memory.read(TSS_B + Tss.EFLAGS, 4) & Flags.NT);
        assertEquals(0xb0c, t.memory.read(TSS_B + Tss.EAX, 4));
    }

    @Test
    void jumpThroughATaskGateDoesNotNest() {
        FarTransfer.jump(c, TASK_GATE, 0);
        assertEquals(SEL_B, c.tr.selector);
        assertEquals(0x6000, c.rip);
        assertEquals(0, c.flags.get() & Flags.NT);
        assertEquals(0x9, type(SEL_A));
        assertEquals(0xb, type(SEL_B));
    }

    @Test
    void aBusyTaskCannotBeCalled() {
        CpuException e = assertThrows(CpuException.class, () -> FarTransfer.call(c, SEL_A, 0, 4));
        assertEquals("#GP(0x18)", e.getMessage());
        assertEquals(SEL_A, c.tr.selector);
        assertEquals(0x5007, c.rip);
    }

    @Test
    void aBadSegmentInTheNewTaskRaisesTsAfterTheSwitch() {
        t.memory.write(TSS_B + Tss.ES + 4L * Insn.SS, 2, 0x08);          // SS = a code segment
        CpuException e = assertThrows(CpuException.class, () -> FarTransfer.jump(c, SEL_B, 0));
        assertEquals("#TS(0x8)", e.getMessage());
        assertEquals(SEL_B, c.tr.selector);
    }
}

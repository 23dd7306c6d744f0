package dev.multiverse.cpu.seg;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.exec.FarTransfer;
import dev.multiverse.cpu.exec.TaskSwitch;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.fault.ExceptionDelivery;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Task switches to and from a 16-bit TSS (SDM vol. 3, 7.6, Figure 7-10): IP, FLAGS, the low words of the
 * registers and ES/CS/SS/DS; no CR3, FS and GS become null, and the upper halves of the registers stay.
 */
class TaskSwitch16Test {
    private static final long TSS_A = 0x3000, TSS_C = 0x3200, GDT = 0x1000, IDT = 0x2000;
    private static final int SEL_A = 0x18, SEL_C = 0x20, CODE16 = 0x28, GATE_C = 0x30, SHORT_TSS = 0x38;
    /** Access byte of an available 16-bit TSS. */
    private static final int TSS16 = 0x81;
    private static final int IP = 0x0e, FLAGS = 0x10, AX = 0x12, ES = 0x22, LDT = 0x2a;

    private final TestCpu t = new TestCpu(2);
    private final Cpu c = t.cpu;

    TaskSwitch16Test() {
        Gdt.install(t, GDT,
                0,
                segment(0, 0xfffff, CODE, G | DB),                       // 0x08
                segment(0, 0xfffff, DATA, G | DB),                       // 0x10
                segment(TSS_A, 0x67, TSS32 | 2, 0),                      // 0x18 busy 32-bit: the current task
                segment(TSS_C, 0x2b, TSS16, 0),                          // 0x20 available 16-bit
                segment(0, 0xffff, CODE, 0),                             // 0x28 16-bit code
                Gdt.gate(SEL_C, 0, 5, 0, 0),                             // 0x30 task gate -> C
                segment(TSS_C, 0x2a, TSS16, 0));                         // 0x38 one byte too short
        c.tr.load(SEL_A, TSS_A, 0x67, 0x8b);
        t.memory.write(TSS_C + IP, 2, 0x6000);
        t.memory.write(TSS_C + FLAGS, 2, 0x2 | Flags.CF);
        t.memory.write(TSS_C + AX, 2, 0xb0b);
        t.memory.write(TSS_C + AX + 2 * Cpu.RSP, 2, 0x7000);
        int[] selectors = {0x10, CODE16, 0x10, 0x10};   // ES, CS, SS, DS
        for (int n = 0; n < 4; n++) t.memory.write(TSS_C + ES + 2L * n, 2, selectors[n]);
        t.memory.write(TSS_C + LDT, 2, 0);
        c.gpr[Cpu.RAX] = 0x1234_0a0aL;
        c.gpr[Cpu.RSP] = 0x0001_8000L;
        c.flags.put(c.flags.get() | Flags.AC);
        c.cr3 = 0x9000;
        c.rip = 0x5007;
    }

    private int type(int selector) {
        return (int) (t.memory.read(GDT + selector + 5, 1) & 0xf);
    }

    @Test
    void callIntoA16BitTaskLoadsItsWordsAndIretReturns() {
        FarTransfer.call(c, SEL_C, 0, 4);
        assertEquals(SEL_C, c.tr.selector);
        assertEquals(0x6000, c.rip);
        assertEquals(0x1234_0b0bL, c.gpr[Cpu.RAX], "the upper half of EAX is kept");
        assertEquals(0x0001_7000L, c.gpr[Cpu.RSP]);
        assertEquals(CODE16, c.seg[Insn.CS].selector);
        assertEquals(Decoder.CODE16, c.codeSize);
        assertEquals(0, c.seg[Insn.FS].selector, "FS and GS become null");
        assertEquals(Flags.CF, c.flags.get() & Flags.CF);
        assertEquals(Flags.AC, c.flags.get() & Flags.AC, "the upper half of EFLAGS is kept");
        assertNotEquals(0, c.flags.get() & Flags.NT);
        assertEquals(0x9000, c.cr3, "a 16-bit TSS has no CR3");
        assertEquals(SEL_A, t.memory.read(TSS_C, 2), "link");
        assertEquals(3, type(SEL_C), "busy 16-bit TSS");
        assertEquals(0x5007, t.memory.read(TSS_A + Tss.EIP, 4));
        assertEquals(0x1234_0a0aL, t.memory.read(TSS_A + Tss.EAX, 4));

        c.gpr[Cpu.RAX] = 0x1234_0b0cL;
        c.rip = 0x6003;
        TaskSwitch.returnToPreviousTask(c);
        assertEquals(SEL_A, c.tr.selector);
        assertEquals(0x5007, c.rip);
        assertEquals(0x1234_0a0aL, c.gpr[Cpu.RAX]);
        assertEquals(0x0001_8000L, c.gpr[Cpu.RSP]);
        assertEquals(Decoder.CODE32, c.codeSize);
        assertEquals(1, type(SEL_C), "IRET marks the 16-bit task available");
        assertEquals(0x6003, t.memory.read(TSS_C + IP, 2));
        assertEquals(0, t.memory.read(TSS_C + FLAGS, 2) & Flags.NT);
        assertEquals(0x0b0c, t.memory.read(TSS_C + AX, 2));
        assertEquals(CODE16, t.memory.read(TSS_C + ES + 2, 2), "CS saved in its 16-bit slot");
    }

    @Test
    void anExceptionThroughATaskGateToA16BitTaskPushesAWordErrorCode() {
        t.memory.write(IDT + 8L * CpuException.GP, 8, Gdt.gate(SEL_C, 0, 5, 0, 0));
        c.idtBase = IDT;
        c.idtLimit = 0x7ff;
        assertTrue(ExceptionDelivery.deliver(c, CpuException.GP, 0x1c));
        assertEquals(SEL_C, c.tr.selector);
        assertEquals(0x0001_6ffeL, c.gpr[Cpu.RSP]);
        assertEquals(0x1c, t.memory.read(0x0001_6ffeL, 2), "on the new task's stack (SS is a 32-bit segment)");
        assertEquals(Flags.RF, t.memory.read(TSS_A + Tss.EFLAGS, 4) & Flags.RF, "a fault saves RF set");
        assertEquals(0, c.flags.get() & Flags.RF, "a 16-bit task has no RF to load");
    }

    @Test
    void a16BitTssNeeds44Bytes() {
        CpuException e = assertThrows(CpuException.class, () -> FarTransfer.jump(c, SHORT_TSS, 0));
        assertEquals("#TS(0x38)", e.getMessage());
        assertEquals(SEL_A, c.tr.selector);
    }

    @Test
    void jumpThroughATaskGateToA16BitTask() {
        FarTransfer.jump(c, GATE_C, 0);
        assertEquals(SEL_C, c.tr.selector);
        assertEquals(0, c.flags.get() & Flags.NT);
        assertEquals(0x9, type(SEL_A));
        assertEquals(3, type(SEL_C));
    }

    @Test
    void privilegeChangesTakeTheStackFromA16BitTss() {
        c.tr.load(SEL_C, TSS_C, 0x2b, 0x83);
        t.memory.write(TSS_C + 2 + 4, 2, 0x4321);   // SP1
        t.memory.write(TSS_C + 4 + 4, 2, 0x0049);   // SS1
        assertEquals(0x4321, Tss.esp(c, 1));
        assertEquals(0x0049, Tss.ss(c, 1));
    }
}

package dev.multiverse.cpu.sys;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.fault.ExceptionDelivery;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Segment;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** INT n, INT3, INTO, INT1 and IRET in real, protected and long mode. */
class InterruptsTest {
    private final SysFixture f = new SysFixture();
    private final Cpu cpu = f.cpu;

    @Test
    void int3PushesTheAddressOfTheNextInstruction() {
        f.runToHandler(3, 0xcc);
        assertEquals(SysFixture.CODE + 1, f.frame(0));
        assertEquals(SysFixture.KERNEL_CS, f.frame(1));
        assertEquals(SysFixture.STACK, f.frame(3));
    }

    @Test
    void intFromRing3ThroughAKernelOnlyGateIsGeneralProtection() {
        f.enterUser();
        f.runToHandler(13, 0xcd, 0x80);
        assertEquals(0x80 * 8 + 2, f.frame(0), "error code names the IDT entry");
        assertEquals(SysFixture.CODE, f.frame(1), "the fault points at INT itself");
        assertEquals(SysFixture.USER_CS, f.frame(2));
    }

    @Test
    void intFromRing3ThroughAUserGateSwitchesToTheRing0Stack() {
        f.setGate(0x80, 3, 0xf, 0);
        f.enterUser();
        cpu.flags.put(cpu.flags.get() | Flags.IF);
        f.runToHandler(0x80, 0xcd, 0x80);
        assertEquals(0, cpu.cpl);
        assertEquals(SysFixture.RSP0 - 40, cpu.gpr[Cpu.RSP]);
        assertEquals(SysFixture.CODE + 2, f.frame(0));
        assertEquals(SysFixture.USER_CS, f.frame(1));
        assertEquals(SysFixture.USER_STACK, f.frame(3));
        assertEquals(SysFixture.USER_DS, f.frame(4));
        assertTrue(cpu.flags.bit(Flags.IF), "a trap gate leaves IF set");
    }

    @Test
    void int1IgnoresTheGateDpl() {
        f.enterUser();
        f.runToHandler(1, 0xf1);
        assertEquals(SysFixture.CODE + 1, f.frame(0));
    }

    @Test
    void intoIsUndefinedIn64BitMode() {
        f.runToHandler(6, 0xce);
    }

    /** Writes an IRETQ frame at {@code STACK - 40} and points RSP at it. */
    private void iretFrame(long rip, long cs, long rflags, long rsp, long ss) {
        long at = SysFixture.STACK - 40;
        long[] v = {rip, cs, rflags, rsp, ss};
        for (int n = 0; n < 5; n++) f.poke(at + 8L * n, 8, v[n]);
        cpu.gpr[Cpu.RSP] = at;
    }

    @Test
    void iretqToRing3LoadsEverythingFromTheFrame() {
        long target = SysFixture.CODE + 0x100;
        f.poke(target, 1, 0xf4);   // HLT at ring 3 faults back into the kernel
        iretFrame(target, SysFixture.USER_CS, 0x202, SysFixture.USER_STACK, SysFixture.USER_DS);
        f.runToHandler(13, 0x48, 0xcf);
        assertEquals(target, f.frame(1));
        assertEquals(SysFixture.USER_CS, f.frame(2));
        assertEquals(0x202, f.frame(3) & 0xfff);
        assertEquals(SysFixture.USER_STACK, f.frame(4));
        assertEquals(SysFixture.USER_DS, f.frame(5));
    }

    @Test
    void iretqToTheSameLevelStillPopsStackAndEndsNmiBlocking() {
        long target = SysFixture.CODE + 0x100;
        f.poke(target, 1, 0xf4);
        iretFrame(target, SysFixture.KERNEL_CS, 0x2 | Flags.CF, 0x5000, SysFixture.KERNEL_DS);
        cpu.nmiBlocked = true;
        assertEquals(StopReason.HALTED, f.run(0x48, 0xcf));
        assertEquals(target + 1, cpu.rip);
        assertEquals(0x5000, cpu.gpr[Cpu.RSP]);
        assertEquals(SysFixture.KERNEL_DS, cpu.seg[Insn.SS].selector);
        assertTrue(cpu.flags.cf());
        assertFalse(cpu.nmiBlocked);
    }

    @Test
    void nmiDeliveryBlocksNmis() {
        cpu.rip = SysFixture.CODE;
        assertTrue(ExceptionDelivery.deliverNmi(cpu));
        assertTrue(cpu.nmiBlocked);
        assertEquals(SysFixture.HANDLERS + 16 * 2, cpu.rip);
    }

    @Test
    void iretWithAStackSelectorOfTheWrongRplFaultsWithoutChangingLevel() {
        iretFrame(SysFixture.CODE + 0x100, SysFixture.USER_CS, 0x2, SysFixture.USER_STACK, SysFixture.USER_DS & ~3);
        f.runToHandler(13, 0x48, 0xcf);
        assertEquals(SysFixture.USER_DS & ~3, f.frame(0));
        assertEquals(SysFixture.CODE, f.frame(1));
        assertEquals(SysFixture.KERNEL_CS, f.frame(2));
        assertEquals(0, cpu.cpl);
    }

    @Test
    void iretToAMoreprivilegedLevelIsGeneralProtection() {
        f.enterUser();
        f.poke(SysFixture.USER_STACK - 40 + 8, 8, SysFixture.KERNEL_CS);
        cpu.gpr[Cpu.RSP] = SysFixture.USER_STACK - 40;
        f.runToHandler(13, 0x48, 0xcf);
        assertEquals(SysFixture.KERNEL_CS, f.frame(0));
    }

    @Test
    void realModeIntAndIretRoundTrip() {
        TestCpu t = new TestCpu(1);
        t.memory.write(0x10 * 4, 4, 0x0000_2000L);   // vector 0x10 -> 0000:2000
        t.memory.write(0x2000, 1, 0xcf);             // IRET
        t.cpu.gpr[Cpu.RSP] = 0x8000;
        t.cpu.flags.put(0x2 | Flags.IF | Flags.CF);
        assertEquals(StopReason.HALTED, t.run(0x1000, TestCpu.bytes(0xcd, 0x10, 0xf4), 10));
        assertEquals(0x1003, t.cpu.rip);
        assertEquals(0x8000, t.cpu.gpr[Cpu.RSP]);
        assertTrue(t.cpu.flags.bit(Flags.IF), "IRET restored IF cleared by the interrupt");
        assertTrue(t.cpu.flags.cf());
    }

    @Test
    void realModeIntoRaisesOverflowOnlyWhenOfIsSet() {
        TestCpu t = new TestCpu(1);
        t.memory.write(4 * 4, 4, 0x0000_2100L);
        t.memory.write(0x2100, 1, 0xf4);
        t.cpu.gpr[Cpu.RSP] = 0x8000;
        // mov al,0x10; add al,1 (OF=0); into; mov al,0x7f; add al,1 (OF=1); into; hlt
        byte[] code = TestCpu.bytes(0xb0, 0x10, 0x04, 0x01, 0xce, 0xb0, 0x7f, 0x04, 0x01, 0xce, 0xf4);
        assertEquals(StopReason.HALTED, t.run(0x1000, code, 20));
        assertEquals(0x2101, t.cpu.rip);
        assertEquals(0x100a, t.memory.read(0x8000 - 6, 2), "return address after the second INTO");
    }

    /** A 32-bit protected-mode core with flat ring 0 and ring 3 segments and no IDT (a fault ends the run). */
    private static TestCpu protected32() {
        TestCpu t = new TestCpu(2);
        long[] gdt = {0, 0x00cf_9a00_0000_ffffL, 0x00cf_9200_0000_ffffL, SysFixture.CODE32_DPL3, SysFixture.DATA_DPL3};
        for (int n = 0; n < gdt.length; n++) t.memory.write(0x500 + 8L * n, 8, gdt[n]);
        t.cpu.gdtBase = 0x500;
        t.cpu.gdtLimit = 0x27;
        t.cpu.idtLimit = 0;
        t.cpu.gpr[Cpu.RSP] = 0x8000;
        return t;
    }

    @Test
    void iretdToAnOuterLevelLoadsSsEspAndNullsKernelDataSegments() {
        TestCpu t = protected32();
        int[] frame = {0x3000, 0x1b, 0x202, 0x7000, 0x23};
        for (int n = 0; n < 5; n++) t.memory.write(0x8000 - 20 + 4L * n, 4, frame[n]);
        t.memory.write(0x3000, 1, 0xf4);   // HLT at ring 3: #GP, and with no IDT the run stops there
        t.cpu.gpr[Cpu.RSP] = 0x8000 - 20;
        assertEquals(StopReason.TRIPLE_FAULT, t.run(0x1000, TestCpu.bytes(0xcf), 10));
        assertEquals(0x3000, t.cpu.rip);
        assertEquals(3, t.cpu.cpl);
        assertEquals(0x1b, t.cpu.seg[Insn.CS].selector);
        assertEquals(0x23, t.cpu.seg[Insn.SS].selector);
        assertEquals(0x7000, t.cpu.gpr[Cpu.RSP]);
        assertEquals(0, t.cpu.seg[Insn.DS].selector, "DS (DPL 0) is not usable at ring 3");
        assertTrue(t.cpu.flags.bit(Flags.IF));
    }

    @Test
    void iretdWithVmSetEntersVirtual8086Mode() {
        TestCpu t = protected32();
        int[] frame = {0x0010, 0x0300, 0x2 | Flags.VM | Flags.IOPL, 0x0ffe, 0x0400, 0x11, 0x22, 0x33, 0x44};
        for (int n = 0; n < frame.length; n++) t.memory.write(0x8000 - 36 + 4L * n, 4, frame[n]);
        t.memory.write(0x3010, 1, 0xf4);   // HLT in virtual-8086 mode: #GP, the run stops there
        t.cpu.gpr[Cpu.RSP] = 0x8000 - 36;
        assertEquals(StopReason.TRIPLE_FAULT, t.run(0x1000, TestCpu.bytes(0xcf), 10));
        assertTrue(t.cpu.flags.bit(Flags.VM));
        assertEquals(3, t.cpu.cpl);
        assertEquals(0x10, t.cpu.rip);
        assertEquals(0x3000, t.cpu.seg[Insn.CS].base);
        assertEquals(0x4000, t.cpu.seg[Insn.SS].base);
        assertEquals(0x0ffe, t.cpu.gpr[Cpu.RSP]);
        assertEquals(0x330, t.cpu.seg[Insn.FS].base);
        assertEquals(0x22, t.cpu.seg[Insn.DS].selector);
        assertTrue(t.cpu.seg[Insn.CS].is(Segment.P));
    }

    @Test
    void iretInVirtual8086ModeNeedsIopl3() {
        TestCpu t = protected32();
        t.cpu.flags.put(0x2 | Flags.VM);
        t.cpu.cpl = 3;
        for (int s = 0; s < 6; s++) t.cpu.seg[s].load(0, 0, 0xffff, Segment.P | Segment.S | 3 | 3 << 5);
        t.cpu.updateCodeSize();
        assertEquals(StopReason.TRIPLE_FAULT, t.run(0x1000, TestCpu.bytes(0xcf), 10));
        assertEquals(0x1000, t.cpu.rip, "IRET faulted");
    }

    /** A virtual-8086 task (CS 0, SS 0x700, data selectors 0x11/0x22/0x33/0x44) over {@link #protected32()}, with ring-0 gates for 3 and 0x21. */
    private static TestCpu virtual8086(long iopl) {
        TestCpu t = protected32();
        Cpu cpu = t.cpu;
        t.memory.write(0xb000 + 4, 4, 0x6000);
        t.memory.write(0xb000 + 8, 2, 0x10);
        cpu.tr.load(0x28, 0xb000, 0x67, Segment.P | 0xb);
        for (int v : new int[]{3, 0x21}) {
            t.memory.write(0x2000 + 8L * v, 8, 0x3000 | 0x08 << 16 | 0xeeL << 40);
        }
        t.memory.write(0x3000, 1, 0xf4);
        cpu.idtBase = 0x2000;
        cpu.idtLimit = 0x21 * 8 + 7;
        cpu.flags.put(0x2 | Flags.VM | iopl << 12);
        cpu.cpl = 3;
        int data = Segment.P | Segment.S | 3 | 3 << 5;
        int[] selectors = {0x22, 0, 0x700, 0x11, 0x33, 0x44};
        for (int s = 0; s < 6; s++) cpu.seg[s].load(selectors[s], (long) selectors[s] << 4, 0xffff, data | (s == Insn.CS ? 8 : 0));
        cpu.gpr[Cpu.RSP] = 0x100;
        cpu.updateCodeSize();
        return t;
    }

    @Test
    void intFromVirtual8086ModeSavesTheDataSelectorsOnTheRing0Stack() {
        TestCpu t = virtual8086(3);
        assertEquals(StopReason.HALTED, t.run(0x1000, TestCpu.bytes(0xcd, 0x21), 10));
        Cpu cpu = t.cpu;
        assertEquals(0x3001, cpu.rip);
        assertEquals(0, cpu.cpl);
        assertFalse(cpu.flags.bit(Flags.VM));
        assertEquals(0x6000 - 36, cpu.gpr[Cpu.RSP]);
        long[] expected = {0x1002, 0, -1, 0x100, 0x700, 0x22, 0x11, 0x33, 0x44};
        for (int n = 0; n < expected.length; n++) {
            if (expected[n] >= 0) assertEquals(expected[n], t.memory.read(0x6000 - 36 + 4L * n, 4), "frame slot " + n);
        }
        assertEquals(Flags.VM, t.memory.read(0x6000 - 28, 4) & Flags.VM, "the pushed EFLAGS has VM");
        assertEquals(0, cpu.seg[Insn.DS].selector);
        assertEquals(0, cpu.seg[Insn.GS].selector);
    }

    @Test
    void intNInVirtual8086ModeNeedsIopl3ButInt3DoesNot() {
        TestCpu t = virtual8086(0);
        assertEquals(StopReason.TRIPLE_FAULT, t.run(0x1000, TestCpu.bytes(0xcd, 0x21), 10));
        assertEquals(0x1000, t.cpu.rip, "INT 0x21 faulted (#GP, and no gate for it)");
        t = virtual8086(0);
        assertEquals(StopReason.HALTED, t.run(0x1000, TestCpu.bytes(0xcc), 10));
        assertEquals(0x3001, t.cpu.rip);
    }
}

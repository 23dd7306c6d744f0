package dev.multiverse.cpu.sys;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SGDT/SIDT, SLDT/STR/LLDT/LTR and the descriptor probes LAR, LSL, VERR, VERW, ARPL. */
class SystemSegmentsTest {
    private final SysFixture f = new SysFixture();
    private final Cpu cpu = f.cpu;

    private void halts(int... code) {
        int[] all = java.util.Arrays.copyOf(code, code.length + 1);
        all[code.length] = 0xf4;
        assertEquals(StopReason.HALTED, f.run(all));
        assertEquals(-1, f.handlerVector(), "no exception");
    }

    @Test
    void sgdtAndSidtStoreLimitAndAn8ByteBaseIn64BitMode() {
        cpu.gpr[Cpu.RAX] = SysFixture.DATA;
        cpu.gpr[Cpu.RBX] = SysFixture.DATA + 0x10;
        f.poke(SysFixture.DATA, 8, -1L);
        f.poke(SysFixture.DATA + 8, 8, -1L);
        halts(0x0f, 0x01, 0x00, 0x0f, 0x01, 0x0b);   // sgdt (%rax); sidt (%rbx)
        assertEquals(0x4f, f.peek(SysFixture.DATA, 2));
        assertEquals(SysFixture.GDT, f.peek(SysFixture.DATA + 2, 8));
        assertEquals(256 * 16 - 1, f.peek(SysFixture.DATA + 0x10, 2));
        assertEquals(SysFixture.IDT, f.peek(SysFixture.DATA + 0x12, 8));
    }

    @Test
    void ltrLoadsA16ByteTssDescriptorAndMarksItBusy() {
        f.poke(SysFixture.GDT + SysFixture.TSS_SEL + 8, 8, 0x1);   // base bits 63:32
        cpu.tr.load(0, 0, 0, 0);
        cpu.gpr[Cpu.RAX] = SysFixture.TSS_SEL;
        halts(0x0f, 0x00, 0xd8, 0x0f, 0x00, 0xc9);   // ltr %ax; str %ecx
        assertEquals(0x1_0000_0000L | SysFixture.TSS, cpu.tr.base);
        assertEquals(0x67, cpu.tr.limit);
        assertEquals(0xb, (f.peek(SysFixture.GDT + SysFixture.TSS_SEL, 8) >>> 40) & 0xf, "busy TSS");
        assertEquals(SysFixture.TSS_SEL, cpu.gpr[Cpu.RCX]);
    }

    @Test
    void ltrOfABusyTssIsGeneralProtection() {
        cpu.gpr[Cpu.RAX] = SysFixture.TSS_SEL;
        halts(0x0f, 0x00, 0xd8);
        f.runToHandler(13, 0x0f, 0x00, 0xd8);
        assertEquals(SysFixture.TSS_SEL, f.frame(0));
    }

    @Test
    void lldtAndSldt() {
        cpu.gpr[Cpu.RAX] = SysFixture.LDT_SEL;
        halts(0x0f, 0x00, 0xd0, 0x0f, 0x00, 0xc3);   // lldt %ax; sldt %ebx
        assertEquals(SysFixture.LDT, cpu.ldtr.base);
        assertEquals(0xff, cpu.ldtr.limit);
        assertEquals(SysFixture.LDT_SEL, cpu.gpr[Cpu.RBX]);
    }

    @Test
    void lldtOfANonLdtDescriptorIsGeneralProtection() {
        cpu.gpr[Cpu.RAX] = SysFixture.TSS_SEL;
        f.runToHandler(13, 0x0f, 0x00, 0xd0);
        assertEquals(SysFixture.TSS_SEL, f.frame(0));
    }

    @Test
    void ltrInRing3IsGeneralProtection() {
        f.enterUser();
        cpu.gpr[Cpu.RAX] = SysFixture.TSS_SEL;
        f.runToHandler(13, 0x0f, 0x00, 0xd8);
    }

    @Test
    void larReturnsAccessRightsAndSetsZf() {
        cpu.gpr[Cpu.RBX] = SysFixture.USER_CS;
        halts(0x0f, 0x02, 0xc3);   // lar %bx,%eax
        assertTrue(cpu.flags.zf());
        assertEquals(0x0020_fa00L, cpu.gpr[Cpu.RAX]);
    }

    @Test
    void larOfANullSelectorClearsZfAndLeavesTheDestination() {
        cpu.gpr[Cpu.RAX] = 0x1234;
        cpu.gpr[Cpu.RBX] = 0;
        halts(0x0f, 0x02, 0xc3);
        assertFalse(cpu.flags.zf());
        assertEquals(0x1234, cpu.gpr[Cpu.RAX]);
    }

    @Test
    void larFromRing3CannotSeeKernelSegments() {
        f.enterUser();
        cpu.gpr[Cpu.RBX] = SysFixture.KERNEL_DS;
        cpu.flags.setStatus(dev.multiverse.cpu.flags.Flags.ZF);
        // lar %bx,%eax; then a ring-3 HLT faults into vector 13, whose frame holds the flags
        f.runToHandler(13, 0x0f, 0x02, 0xc3, 0xf4);
        assertEquals(0, f.frame(3) & 0x40, "ZF clear");
    }

    @Test
    void lslReturnsTheScaledLimit() {
        cpu.gpr[Cpu.RBX] = SysFixture.KERNEL_DS;
        cpu.gpr[Cpu.RCX] = SysFixture.LDT_SEL;
        halts(0x0f, 0x03, 0xc3, 0x0f, 0x03, 0xd1);   // lsl %bx,%eax; lsl %cx,%edx
        assertEquals(0xffff_ffffL, cpu.gpr[Cpu.RAX]);
        assertEquals(0xff, cpu.gpr[Cpu.RDX]);
        assertTrue(cpu.flags.zf());
    }

    @Test
    void verrAndVerw() {
        cpu.gpr[Cpu.RAX] = SysFixture.KERNEL_CS;
        halts(0x0f, 0x00, 0xe0);   // verr %ax: readable code
        assertTrue(cpu.flags.zf());
        halts(0x0f, 0x00, 0xe8);   // verw %ax: code is never writable
        assertFalse(cpu.flags.zf());
        cpu.gpr[Cpu.RAX] = SysFixture.KERNEL_DS;
        halts(0x0f, 0x00, 0xe8);
        assertTrue(cpu.flags.zf());
    }

    @Test
    void arplRaisesTheRplOutside64BitMode() {
        TestCpu t = new TestCpu(2);
        t.cpu.gpr[Cpu.RBX] = 0x10;
        t.cpu.gpr[Cpu.RAX] = 0x3;
        assertEquals(StopReason.HALTED, t.run(0x1000, TestCpu.bytes(0x63, 0xc3, 0xf4), 10));
        assertEquals(0x13, t.cpu.gpr[Cpu.RBX]);
        assertTrue(t.cpu.flags.zf());
        assertEquals(StopReason.HALTED, t.run(0x1000, TestCpu.bytes(0x63, 0xc3, 0xf4), 10));
        assertFalse(t.cpu.flags.zf(), "already at that RPL");
    }

    @Test
    void opcode63IsMovsxdIn64BitMode() {
        cpu.gpr[Cpu.RBX] = 0x8000_0000L;
        halts(0x48, 0x63, 0xc3);
        assertEquals(0xffff_ffff_8000_0000L, cpu.gpr[Cpu.RAX]);
    }

    @Test
    void larIsUndefinedInRealMode() {
        TestCpu t = new TestCpu(1);
        t.memory.write(6 * 4, 4, 0x0000_2000L);
        t.memory.write(0x2000, 1, 0xf4);
        t.cpu.gpr[Cpu.RSP] = 0x8000;
        assertEquals(StopReason.HALTED, t.run(0x1000, TestCpu.bytes(0x0f, 0x02, 0xc3), 10));
        assertEquals(0x2001, t.cpu.rip);
    }
}

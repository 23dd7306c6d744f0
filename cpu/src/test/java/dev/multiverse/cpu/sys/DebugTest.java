package dev.multiverse.cpu.sys;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.flags.Flags;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Single-step traps, instruction breakpoints, RF, the MOV SS shadow and MOV to/from DRn. */
class DebugTest {
    private final SysFixture f = new SysFixture();
    private final Cpu cpu = f.cpu;
    private static final long BS = 1 << 14, BD = 1 << 13;

    @Test
    void tfTrapsAfterOneInstruction() {
        cpu.flags.put(cpu.flags.get() | Flags.TF);
        f.runToHandler(1, 0x90, 0x90, 0xf4);
        assertEquals(SysFixture.CODE + 1, f.frame(0), "a trap: the frame points past the stepped instruction");
        assertEquals(Flags.TF, f.frame(2) & Flags.TF);
        assertEquals(BS, cpu.dr[6] & BS);
    }

    @Test
    void popfSettingTfTrapsOnlyAfterTheNextInstruction() {
        // push $0x102; popf; nop; hlt
        f.runToHandler(1, 0x68, 0x02, 0x01, 0x00, 0x00, 0x9d, 0x90, 0xf4);
        assertEquals(SysFixture.CODE + 7, f.frame(0));
    }

    @Test
    void movSsHoldsTheTrapForOneInstruction() {
        cpu.gpr[Cpu.RAX] = SysFixture.KERNEL_DS;
        cpu.flags.put(cpu.flags.get() | Flags.TF);
        f.runToHandler(1, 0x8e, 0xd0, 0x90, 0x90, 0xf4);   // mov %eax,%ss; nop; nop
        assertEquals(SysFixture.CODE + 3, f.frame(0), "no trap after MOV SS, one after the instruction behind it");
    }

    @Test
    void softwareInterruptsAreNotFollowedByAStepTrap() {
        cpu.flags.put(cpu.flags.get() | Flags.TF);
        f.runToHandler(3, 0xcc);
        assertFalse(cpu.flags.bit(Flags.TF));
    }

    @Test
    void instructionBreakpointFaultsBeforeTheInstruction() {
        cpu.dr[0] = SysFixture.CODE + 1;
        cpu.dr[7] = Cpu.DR7_INIT | 1;
        f.runToHandler(1, 0x90, 0x90, 0xf4);
        assertEquals(SysFixture.CODE + 1, f.frame(0), "a fault: the frame points at the breakpoint");
        assertEquals(1, cpu.dr[6] & 0xf);
        assertEquals(0, cpu.dr[6] & BS);
    }

    @Test
    void rfSuppressesTheBreakpointForOneInstructionAndIsThenCleared() {
        cpu.dr[0] = SysFixture.CODE;
        cpu.dr[7] = Cpu.DR7_INIT | 2;
        cpu.flags.put(cpu.flags.get() | Flags.RF);
        assertEquals(StopReason.HALTED, f.run(0x90, 0xf4));
        assertEquals(SysFixture.CODE + 2, cpu.rip);
        assertFalse(cpu.flags.bit(Flags.RF));
    }

    @Test
    void dataBreakpointsDoNotFireAsInstructionBreakpoints() {
        cpu.dr[0] = SysFixture.CODE;
        cpu.dr[7] = Cpu.DR7_INIT | 1 | 1 << 16;   // R/W = 01: data writes
        assertEquals(StopReason.HALTED, f.run(0x90, 0xf4));
    }

    /** Runs {@code mov %rcx,%dr7} with {@code dr7} and then {@code code}. */
    private void withDr7(long dr7, int vector, int... code) {
        cpu.gpr[Cpu.RCX] = dr7;
        cpu.gpr[Cpu.RBX] = SysFixture.DATA;
        int[] all = new int[code.length + 3];
        all[0] = 0x0f;
        all[1] = 0x23;
        all[2] = 0xf9;
        System.arraycopy(code, 0, all, 3, code.length);
        if (vector < 0) {
            assertEquals(StopReason.HALTED, f.run(all));
            assertEquals(-1, f.handlerVector());
        } else {
            f.runToHandler(vector, all);
        }
    }

    @Test
    void writeWatchpointTrapsAfterTheWritingInstruction() {
        cpu.dr[1] = SysFixture.DATA + 4;
        // L1, R/W1 = 01 (writes), LEN1 = 11 (4 bytes); mov %eax,6(%rbx); nop
        withDr7(1 << 2 | 1 << 20 | 3 << 22, 1, 0x89, 0x43, 0x06, 0x90, 0xf4);
        assertEquals(SysFixture.CODE + 6, f.frame(0));
        assertEquals(2, cpu.dr[6] & 0xf);
        assertEquals(0, cpu.dr[6] & BS);
    }

    @Test
    void writeWatchpointIgnoresReads() {
        cpu.dr[1] = SysFixture.DATA + 4;
        withDr7(1 << 2 | 1 << 20 | 3 << 22, -1, 0x8b, 0x43, 0x04, 0xf4);
    }

    @Test
    void readWriteWatchpointOfEightBytesIsAlignedDown() {
        cpu.dr[0] = SysFixture.DATA + 3;
        // L0, R/W0 = 11, LEN0 = 10 (8 bytes): covers DATA..DATA+7; movzbl 7(%rbx),%eax
        withDr7(1 | 3 << 16 | 2 << 18, 1, 0x0f, 0xb6, 0x43, 0x07, 0xf4);
        assertEquals(1, cpu.dr[6] & 0xf);
        assertEquals(SysFixture.CODE + 7, f.frame(0));
    }

    @Test
    void aWatchpointHitByMovSsTrapsAfterTheNextInstruction() {
        cpu.dr[0] = SysFixture.DATA;
        f.poke(SysFixture.DATA, 2, SysFixture.KERNEL_DS);
        // L0, R/W0 = 11, LEN0 = 01; mov (%rbx),%ss; nop
        withDr7(1 | 3 << 16 | 1 << 18, 1, 0x8e, 0x13, 0x90, 0xf4);
        assertEquals(SysFixture.CODE + 6, f.frame(0));
        assertEquals(1, cpu.dr[6] & 0xf);
    }

    @Test
    void watchpointMissesAnAccessBesideIt() {
        cpu.dr[0] = SysFixture.DATA;
        withDr7(1 | 3 << 16 | 1 << 18, -1, 0x8b, 0x43, 0x02, 0xf4);   // 2-byte watch, 4-byte read at +2
    }

    @Test
    void movToAndFromDebugRegisters() {
        cpu.gpr[Cpu.RAX] = 0xffff_8000_0000_1000L;
        cpu.gpr[Cpu.RCX] = 0x3;
        // mov %rax,%dr1; mov %rcx,%dr7; mov %dr7,%rdx; mov %dr4,%rbx (alias of DR6)
        assertEquals(StopReason.HALTED, f.run(0x0f, 0x23, 0xc8, 0x0f, 0x23, 0xf9, 0x0f, 0x21, 0xfa, 0x0f, 0x21, 0xe3, 0xf4));
        assertEquals(0xffff_8000_0000_1000L, cpu.dr[1]);
        assertEquals(0x403, cpu.gpr[Cpu.RDX], "DR7 bit 10 reads as one");
        assertEquals(Cpu.DR6_INIT, cpu.gpr[Cpu.RBX]);
    }

    @Test
    void dr4IsUndefinedWithCr4De() {
        cpu.cr4 |= Cpu.CR4_DE;
        f.runToHandler(6, 0x0f, 0x21, 0xe3);
    }

    @Test
    void movDrInRing3IsGeneralProtection() {
        f.enterUser();
        f.runToHandler(13, 0x0f, 0x21, 0xfa);
    }

    @Test
    void dr7UpperHalfMustBeZero() {
        cpu.gpr[Cpu.RCX] = 1L << 32;
        f.runToHandler(13, 0x0f, 0x23, 0xf9);
    }

    @Test
    void generalDetectTrapsMovDr() {
        cpu.dr[7] = Cpu.DR7_INIT | 1 << 13;
        f.runToHandler(1, 0x0f, 0x21, 0xfa);
        assertEquals(SysFixture.CODE, f.frame(0));
        assertEquals(BD, cpu.dr[6] & BD);
        assertEquals(0, cpu.dr[7] & 1 << 13, "GD is cleared so the handler can use the registers");
    }
}

package dev.multiverse.cpu.sys;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.flags.Flags;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * RF in the saved RFLAGS (SDM vol. 3, 17.3.1.1): set for fault-class exceptions, so the restarted
 * instruction is not stopped again by its instruction breakpoint; as it was for the instruction-breakpoint
 * #DB, traps and software interrupts (which clear RF as they start).
 */
class ExceptionFrameRfTest {
    private static final long NON_CANONICAL = 0x8000_0000_0000_0000L;

    private final SysFixture f = new SysFixture();
    private final Cpu cpu = f.cpu;

    private void setRf() {
        cpu.flags.put(cpu.flags.get() | Flags.RF);
    }

    @Test
    void invalidOpcodeSavesRfSet() {
        f.runToHandler(6, 0x0f, 0x0b);   // ud2
        assertEquals(SysFixture.CODE, f.frame(0));
        assertEquals(Flags.RF, f.frame(2) & Flags.RF);
        assertFalse(cpu.flags.bit(Flags.RF), "the handler runs with RF clear");
    }

    @Test
    void generalProtectionSavesRfSetAboveItsErrorCode() {
        cpu.gpr[Cpu.RBX] = NON_CANONICAL;
        f.runToHandler(13, 0x8a, 0x03);   // mov (%rbx),%al
        assertEquals(0, f.frame(0), "error code");
        assertEquals(Flags.RF, f.frame(3) & Flags.RF);
    }

    @Test
    void divideErrorSavesRfSet() {
        f.runToHandler(0, 0xf7, 0xf1);   // div %ecx with ECX = 0
        assertEquals(Flags.RF, f.frame(2) & Flags.RF);
    }

    @Test
    void softwareInterruptsSaveRfClearEvenWhenItWasSet() {
        setRf();
        f.runToHandler(3, 0xcc);   // int3
        assertEquals(0, f.frame(2) & Flags.RF);
        setRf();
        f.runToHandler(0x80, 0xcd, 0x80);   // int $0x80
        assertEquals(0, f.frame(2) & Flags.RF);
    }

    @Test
    void singleStepTrapSavesRfClear() {
        cpu.flags.put(cpu.flags.get() | Flags.TF);
        f.runToHandler(1, 0x90, 0xf4);
        assertEquals(0, f.frame(2) & Flags.RF);
    }

    @Test
    void instructionBreakpointSavesRfAsItWas() {
        cpu.dr[0] = SysFixture.CODE;
        cpu.dr[7] = Cpu.DR7_INIT | 1;
        f.runToHandler(1, 0x90, 0xf4);
        assertEquals(SysFixture.CODE, f.frame(0));
        assertEquals(0, f.frame(2) & Flags.RF);
    }

    @Test
    void generalDetectDebugFaultSavesRfSet() {
        cpu.dr[7] = Cpu.DR7_INIT | 1 << 13;   // GD
        f.runToHandler(1, 0x0f, 0x21, 0xc0);   // mov %dr0,%rax
        assertEquals(SysFixture.CODE, f.frame(0), "a fault: the frame points at MOV DR");
        assertEquals(Flags.RF, f.frame(2) & Flags.RF);
        assertFalse(cpu.flags.bit(Flags.RF));
    }

    @Test
    void anInstructionRestartedAfterAFaultDoesNotHitItsBreakpointAgain() {
        // The debugger has resumed at a breakpointed load with RF set; the load faults, the #GP handler fixes
        // RBX and returns with IRETQ: the RF=1 image lets the load complete instead of breaking again.
        cpu.dr[0] = SysFixture.CODE;
        cpu.dr[7] = Cpu.DR7_INIT | 1;
        setRf();
        cpu.gpr[Cpu.RBX] = NON_CANONICAL;
        f.poke(SysFixture.DATA, 1, 0x5a);
        long gp = SysFixture.HANDLERS + 16 * 13;
        int[] handler = {
                0x48, 0xc7, 0xc3, (int) SysFixture.DATA & 0xff, (int) SysFixture.DATA >>> 8 & 0xff, 0, 0,  // mov $DATA,%rbx
                0x48, 0x83, 0xc4, 0x08,   // add $8,%rsp (drop the error code)
                0x48, 0xcf};              // iretq
        for (int n = 0; n < handler.length; n++) f.poke(gp + n, 1, handler[n]);
        assertEquals(StopReason.HALTED, f.run(0x8a, 0x03, 0xf4));   // mov (%rbx),%al; hlt
        assertEquals(-1, f.handlerVector(), "halted at the HLT after the load, not in a handler");
        assertEquals(SysFixture.CODE + 3, cpu.rip);
        assertEquals(0x5a, cpu.gpr[Cpu.RAX] & 0xff);
        assertEquals(0, cpu.dr[6] & 0xf, "no breakpoint was reported");
        assertFalse(cpu.flags.bit(Flags.RF), "cleared once the restarted instruction completed");
    }
}

package dev.multiverse.cpu.sys;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.mmu.PortHandler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The INTR and NMI inputs: acknowledge and delivery, IF masking, the STI and MOV SS shadows, NMI blocking, HLT wake-up. */
class InterruptLineTest {
    private static final int VECTOR = 0x30;
    private final SysFixture f = new SysFixture();
    private final Cpu cpu = f.cpu;
    /** Acknowledge cycles seen; each one lowers the line, as a controller with a single request would. */
    private int acknowledged;

    InterruptLineTest() {
        cpu.connectInterruptController(() -> {
            acknowledged++;
            cpu.setIntr(false);
            return VECTOR;
        });
    }

    private void setIf(boolean on) {
        cpu.flags.setBit(Flags.IF, on);
    }

    @Test
    void anAssertedLineIsAcknowledgedAndDeliveredAtTheNextBoundary() {
        setIf(true);
        cpu.setIntr(true);
        f.runToHandler(VECTOR, 0x90, 0xf4);
        assertEquals(1, acknowledged);
        assertEquals(SysFixture.CODE, f.frame(0), "taken before the first instruction");
        assertEquals(SysFixture.KERNEL_CS, f.frame(1));
        assertTrue((f.frame(2) & Flags.IF) != 0, "the saved RFLAGS has IF set");
        assertFalse(cpu.flags.iflag(), "an interrupt gate clears IF");
    }

    @Test
    void clearIfMasksTheLine() {
        setIf(false);
        cpu.setIntr(true);
        assertEquals(StopReason.HALTED, f.run(0x90, 0xf4));
        assertEquals(SysFixture.CODE + 2, cpu.rip, "halted in the program, not in a handler");
        assertEquals(0, acknowledged);
        assertFalse(cpu.interruptDeliverable());
    }

    @Test
    void stiHltTakesTheInterruptAfterTheHlt() {
        setIf(false);
        cpu.setIntr(true);
        f.runToHandler(VECTOR, 0xfb, 0xf4);
        assertEquals(SysFixture.CODE + 2, f.frame(0), "the return address is past the HLT");
    }

    @Test
    void stiShadowCoversExactlyOneInstruction() {
        setIf(false);
        cpu.setIntr(true);
        f.runToHandler(VECTOR, 0xfb, 0x90, 0x90, 0x90, 0xf4);
        assertEquals(SysFixture.CODE + 2, f.frame(0), "taken after the NOP that follows STI");
    }

    @Test
    void movSsShadowHoldsTheInterruptForOneMoreInstruction() {
        setIf(false);
        cpu.setIntr(true);
        cpu.gpr[Cpu.RAX] = SysFixture.KERNEL_DS;
        // sti; mov ss, ax; nop; nop; hlt: STI's shadow covers MOV SS, whose own shadow covers the first NOP.
        f.runToHandler(VECTOR, 0xfb, 0x8e, 0xd0, 0x90, 0x90, 0xf4);
        assertEquals(SysFixture.CODE + 4, f.frame(0));
    }

    @Test
    void nmiIsTakenWithIfClearAndBlocksFurtherNmisUntilIret() {
        setIf(false);
        List<Long> stackAtNmi = new ArrayList<>();
        f.t.ports.register(0x80, 1, new PortHandler() {
            @Override
            public int in(int port, int size) {
                return 0xff;
            }

            @Override
            public void out(int port, int size, int value) {
                stackAtNmi.add(cpu.gpr[Cpu.RSP]);
                if (stackAtNmi.size() == 1) cpu.nmi();   // a second NMI while the first is in service
            }
        });
        long handler = SysFixture.HANDLERS + 16 * 2;
        f.poke(handler, 1, 0xe6);       // out 0x80, al
        f.poke(handler + 1, 1, 0x80);
        f.poke(handler + 2, 1, 0x48);   // iretq
        f.poke(handler + 3, 1, 0xcf);
        cpu.nmi();
        assertEquals(StopReason.HALTED, f.run(0x90, 0xf4));
        assertEquals(List.of(SysFixture.STACK - 40, SysFixture.STACK - 40), stackAtNmi,
                "the second NMI waited for the IRET instead of nesting");
        assertEquals(SysFixture.CODE + 2, cpu.rip, "both NMIs returned to the program");
        assertFalse(cpu.nmiBlocked);
    }

    @Test
    void aHaltedCoreWakesWhenTheLineRises() {
        setIf(true);
        assertEquals(StopReason.HALTED, f.run(0xf4, 0xf4));
        assertEquals(SysFixture.CODE + 1, cpu.rip);
        assertFalse(cpu.interruptDeliverable(), "nothing pending: stays halted");
        assertEquals(StopReason.HALTED, f.t.interpreter.run(100));
        cpu.setIntr(true);
        assertTrue(cpu.interruptDeliverable());
        assertEquals(StopReason.HALTED, f.t.interpreter.run(100));
        assertEquals(VECTOR, f.handlerVector());
        assertEquals(SysFixture.CODE + 1, f.frame(0), "resumes after the HLT it woke from");
    }

    @Test
    void aHaltedCoreWithIfClearStaysHaltedButAnNmiWakesIt() {
        setIf(false);
        assertEquals(StopReason.HALTED, f.run(0xf4));
        cpu.setIntr(true);
        assertEquals(StopReason.HALTED, f.t.interpreter.run(100));
        assertEquals(SysFixture.CODE + 1, cpu.rip, "still halted");
        cpu.nmi();
        assertEquals(StopReason.HALTED, f.t.interpreter.run(100));
        assertEquals(2, f.handlerVector());
    }

    @Test
    void withoutAControllerTheLineStaysLow() {
        Cpu bare = new SysFixture().cpu;
        bare.setIntr(true);
        assertFalse(bare.interruptDeliverable());
    }
}

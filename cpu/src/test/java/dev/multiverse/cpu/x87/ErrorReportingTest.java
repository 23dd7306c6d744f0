package dev.multiverse.cpu.x87;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.state.X87;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pending unmasked exceptions: #MF at the next waiting instruction with CR0.NE set; FERR# and a freeze until
 * an interrupt with CR0.NE clear; the non-waiting control instructions; and the #NM rules of x87
 * instructions and FWAIT.
 */
class ErrorReportingTest {
    private static final String ONE = "3fff:8000000000000000", ZERO = "0000:0000000000000000";
    /** FDIVP ST(1), ST(0) (objdump: fdivrp %st,%st(1)): 1 / 0 with ST(0) = 0 and ST(1) = 1. */
    private static final String DIVIDE = "def9";
    private static final int PENDING = X87.STATUS_ES | X87.STATUS_B;

    private final X87Fixture fx = new X87Fixture();
    private final Cpu cpu = fx.cpu;

    /** ZE unmasked and 1/0 ready on the stack. */
    private void zeroDivideReady() {
        fx.control(0x037b).stack(ZERO, ONE);
    }

    @Test
    void anUnmaskedExceptionIsPendingAndTheNextFwaitRaisesMf() {
        zeroDivideReady();
        assertEquals(CpuException.MF, fx.run(DIVIDE + "9b"));
        assertEquals(X87Fixture.CODE + 2, fx.faultingRip(), "#MF is a fault on the FWAIT");
        assertEquals(PENDING | 0x04, fx.f.status & 0x80ff, "ES, B and ZE");
        assertEquals(ZERO, fx.st(0), "nothing stored, nothing popped");
        assertEquals(ONE, fx.st(1));
    }

    @Test
    void everyWaitingX87InstructionReportsIt() {
        for (String waiting : new String[] {"d9e8", "d9d0", "d9c9", "dd07", "d92f"}) {
            X87Fixture f = new X87Fixture();
            f.control(0x037b).stack(ZERO, ONE);
            f.poke(X87Fixture.MEMORY, 2, 0x037f);
            assertEquals(CpuException.MF, f.run(DIVIDE + waiting), waiting);
            assertEquals(X87Fixture.CODE + 2, f.faultingRip(), waiting);
        }
    }

    @Test
    void theNonWaitingControlInstructionsDoNotReport() {
        zeroDivideReady();
        // FNSTSW AX, FNSTCW m, FNSTSW m: pending all along; FNCLEX clears it, so FWAIT then passes.
        assertEquals(-1, fx.run(DIVIDE + "dfe0 d93f dd7f02 dbe2 9b"));
        assertEquals(PENDING | 0x04, cpu.gpr[Cpu.RAX] & 0x80ff, "FNSTSW saw it pending");
        assertEquals(0, fx.f.status & 0x80ff);
    }

    @Test
    void fnstenvMasksEveryExceptionSoNothingIsPendingAfterIt() {
        zeroDivideReady();
        assertEquals(-1, fx.run(DIVIDE + "d937 9b"));
        assertEquals(0x037f, fx.f.control);
        assertEquals(0x04, fx.f.status & 0x80ff, "ZE stays flagged, masked now");
    }

    @Test
    void fninitAndFnsaveDiscardIt() {
        zeroDivideReady();
        assertEquals(-1, fx.run(DIVIDE + "dbe3 9b"));
        zeroDivideReady();
        assertEquals(-1, fx.run(DIVIDE + "dd37 9b"));
        assertEquals(0, fx.f.status);
    }

    @Test
    void fldcwUnmaskingAFlaggedExceptionMakesItPending() {
        fx.f.status = 0x04;
        fx.poke(X87Fixture.MEMORY, 2, 0x037b);
        fx.poke(X87Fixture.MEMORY + 2, 2, 0x037f);
        assertEquals(CpuException.MF, fx.run("d92f d9e8"));
        assertEquals(X87Fixture.CODE + 2, fx.faultingRip(), "the FLD1 after the FLDCW reports it");
        assertEquals(CpuException.MF, fx.run("d96f02"), "FLDCW waits too: it cannot mask a pending exception");
        assertEquals(0x037b, fx.f.control);
    }

    @Test
    void mmxInstructionsReportItToo() {
        zeroDivideReady();
        assertEquals(CpuException.MF, fx.run(DIVIDE + "0f6fc1"));
        assertEquals(X87Fixture.CODE + 2, fx.faultingRip());
    }

    @Test
    void withoutNeFerrIsAssertedAtOnceAndDeassertedWhenTheExceptionIsCleared() {
        List<Boolean> ferr = new ArrayList<>();
        cpu.connectFerr(ferr::add);
        cpu.cr0 &= ~Cpu.CR0_NE;
        zeroDivideReady();
        assertEquals(-1, fx.run(DIVIDE + "dfe0"));
        assertEquals(List.of(false, true), ferr, "unconnected-level first, then asserted by the division");
        assertEquals(-1, fx.run("dbe2"));
        assertEquals(List.of(false, true, false), ferr, "FNCLEX deasserts it");
    }

    @Test
    void withoutNeTheWaitingInstructionFreezesUntilAnInterruptThenRunsAgain() {
        cpu.cr0 &= ~Cpu.CR0_NE;
        zeroDivideReady();
        cpu.connectInterruptController(() -> {
            cpu.setIntr(false);
            return X87Fixture.INTERRUPT;
        });
        cpu.flags.setBit(Flags.IF, false);
        assertEquals(-2, fx.run(DIVIDE + "9b"));
        assertTrue(cpu.halted, "frozen before the FWAIT");
        assertEquals(X87Fixture.CODE + 2, cpu.rip, "at the FWAIT, which has not run");
        assertTrue(cpu.x87.ferrAsserted());
        assertEquals(StopReason.HALTED, fx.t.interpreter.run(100), "IF clear: no interrupt wakes it");
        cpu.flags.setBit(Flags.IF, true);
        cpu.setIntr(true);
        assertEquals(StopReason.HALTED, fx.t.interpreter.run(100));
        assertEquals(X87Fixture.HANDLERS + 16 * X87Fixture.INTERRUPT + 1, cpu.rip, "the interrupt was taken");
        assertEquals(X87Fixture.CODE + 2, fx.faultingRip(), "and returns to the FWAIT");
    }

    @Test
    void x87InstructionsRaiseNmUnderEmOrTsEvenTheNonWaitingOnes() {
        for (long bit : new long[] {Cpu.CR0_EM, Cpu.CR0_TS}) {
            for (String insn : new String[] {"d9e8", "dbe3", "dfe0", "d937"}) {
                X87Fixture f = new X87Fixture();
                f.cpu.cr0 |= bit;
                assertEquals(CpuException.NM, f.run(insn), insn);
            }
        }
    }

    @Test
    void fwaitRaisesNmOnlyWithBothMpAndTs() {
        cpu.cr0 |= Cpu.CR0_TS;
        assertEquals(-1, fx.run("9b"));
        cpu.cr0 |= Cpu.CR0_EM;
        assertEquals(-1, fx.run("9b"), "CR0.EM does not concern FWAIT");
        cpu.cr0 = cpu.cr0 & ~Cpu.CR0_EM | Cpu.CR0_MP;
        assertEquals(CpuException.NM, fx.run("9b"));
        cpu.cr0 &= ~Cpu.CR0_TS;
        assertEquals(-1, fx.run("9b"));
        assertFalse(cpu.x87.ferrAsserted());
    }
}

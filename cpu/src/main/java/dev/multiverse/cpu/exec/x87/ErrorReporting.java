package dev.multiverse.cpu.exec.x87;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.insn.Semantic;
import dev.multiverse.cpu.state.X87;

/**
 * How x87 exceptions reach software (SDM vol. 1, 8.7 and appendix D). An exception whose mask bit is clear
 * sets ES (and B) and stays pending; the next waiting instruction (every x87 instruction but FNINIT,
 * FNCLEX, FNSTCW, FNSTSW, FNSTENV and FNSAVE, and FWAIT and MMX instructions) then raises #MF when CR0.NE
 * is set. With CR0.NE clear (MS-DOS compatibility mode) the core drives FERR# instead, as P6 and later
 * processors do: asserted as soon as the exception is pending, deasserted when ES clears; and the waiting
 * instruction freezes until an interrupt arrives (IGNNE# is never asserted here), so it runs again after
 * the handler that the PC's IRQ 13 calls.
 */
public final class ErrorReporting {
    private ErrorReporting() {
    }

    /**
     * A waiting x87 instruction's semantic: the pending-exception check, then the instruction under the
     * control word's rounding, precision and masks with no exception raised yet.
     */
    public static Semantic waiting(Semantic s) {
        return (c, i) -> {
            if (!proceed(c)) return;
            X87 f = c.x87;
            f.env.setControlWord(f.control);
            f.env.clearFlags();
            s.execute(c, i);
        };
    }

    /**
     * The check before a waiting instruction. Returns false when the core froze (the instruction must do
     * nothing: it is restarted once an interrupt is taken).
     */
    public static boolean proceed(Cpu c) {
        X87 f = c.x87;
        if ((f.status & X87.STATUS_ES) == 0) return true;
        if ((c.cr0 & Cpu.CR0_NE) != 0) throw CpuException.of(CpuException.MF);
        f.driveFerr(true);
        c.rip = c.insnStart;
        c.halted = true;
        c.exitBlock = true;
        c.events.halted(c);
        return false;
    }

    /** FWAIT: #NM only when CR0.MP and CR0.TS are both set, then the pending-exception check. */
    public static void fwait(Cpu c, Insn i) {
        if ((c.cr0 & (Cpu.CR0_MP | Cpu.CR0_TS)) == (Cpu.CR0_MP | Cpu.CR0_TS)) throw CpuException.of(CpuException.NM);
        proceed(c);
    }

    /** ORs an instruction's exception flags (and SF) into the status word; an unmasked one becomes pending. */
    static void raise(Cpu c, int flags) {
        X87 f = c.x87;
        f.status |= flags & (X87.EXCEPTIONS | X87.STATUS_SF);
        f.updateErrorSummary();
        signal(c);
    }

    /**
     * Makes ES and FERR# agree after the status or control word changed: FERR# is asserted while an
     * exception is pending in MS-DOS compatibility mode and deasserted once none is.
     */
    static void signal(Cpu c) {
        X87 f = c.x87;
        boolean pending = (f.status & X87.STATUS_ES) != 0;
        if (!pending) f.driveFerr(false);
        else if ((c.cr0 & Cpu.CR0_NE) == 0) f.driveFerr(true);
    }
}

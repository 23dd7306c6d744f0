package dev.multiverse.cpu.exec.x87;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.X87;

/**
 * The control instructions that read or write the control and status words (SDM vol. 1, 8.3.11). None
 * of them updates the last-instruction record; FLDCW waits for pending exceptions, the FN forms do not
 * (the waiting FINIT, FCLEX, FSTCW and FSTSW are FWAIT followed by these).
 */
public final class Control {
    private Control() {
    }

    /** FNINIT: control 0x37F, status and pointers cleared, every register empty. */
    public static void fninit(Cpu c, Insn i) {
        c.x87.init();
    }

    /** FNCLEX: clears the exception flags, SF, ES and B; TOP and the condition codes stay. */
    public static void fnclex(Cpu c, Insn i) {
        X87 f = c.x87;
        f.status &= ~(X87.EXCEPTIONS | X87.STATUS_SF | X87.STATUS_ES | X87.STATUS_B);
        ErrorReporting.signal(c);
    }

    /** FLDCW m2byte: unmasking an exception already flagged makes it pending (ES), masking it withdraws it. */
    public static void fldcw(Cpu c, Insn i) {
        c.x87.loadControl((int) c.read(i, 0));
        ErrorReporting.signal(c);
    }

    public static void fnstcw(Cpu c, Insn i) {
        c.write(i, 0, c.x87.control);
    }

    /** FNSTSW m2byte / AX. */
    public static void fnstsw(Cpu c, Insn i) {
        c.write(i, 0, c.x87.status);
    }

    /** FNENI, FNDISI, FNSETPM: 8087 and 287 controls that later FPUs execute as no-operations, without waiting. */
    public static void legacyNop(Cpu c, Insn i) {
    }
}

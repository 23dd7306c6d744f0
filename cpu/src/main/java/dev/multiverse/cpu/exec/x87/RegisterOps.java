package dev.multiverse.cpu.exec.x87;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fpu.Float80;
import dev.multiverse.cpu.fpu.FpFlags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.X87;

/**
 * Register-stack manipulation that computes nothing: FXCH, FCMOVcc, FFREE/FFREEP, FINCSTP/FDECSTP,
 * FCHS, FABS and FNOP. Values move as they are (SNaNs raise nothing); only an empty operand raises an
 * exception, the stack underflow, whose masked response puts the real indefinite in its place. C1 ends
 * up clear, except that FCMOVcc and FNOP leave it alone when nothing faults (as on the host CPU).
 */
public final class RegisterOps {
    private RegisterOps() {
    }

    /** FXCH ST(i) (and the undocumented aliases DD C8+i, DF C8+i): an empty register counts as the indefinite. */
    public static void fxch(Cpu c, Insn i) {
        X87 f = c.x87;
        int j = i.loc0;
        int flags = f.isEmpty(0) || f.isEmpty(j) ? Results.STACK_FAULT : 0;
        if (!Results.unmasked(f, flags, FpFlags.IE)) {
            Float80 a = f.isEmpty(0) ? Float80.INDEFINITE : f.st(0);
            Float80 b = f.isEmpty(j) ? Float80.INDEFINITE : f.st(j);
            f.setSt(0, b);
            f.setSt(j, a);
        }
        f.setStatusBits(X87.STATUS_C1, false);
        Results.finish(c, i, flags);
    }

    /** FCMOVcc ST(0), ST(i): an empty operand makes ST(0) the indefinite whatever the condition. */
    public static void fcmov(Cpu c, Insn i) {
        X87 f = c.x87;
        int j = i.loc1;
        if (f.isEmpty(0) || f.isEmpty(j)) {
            Results.underflow(c, i, 0, false);
            return;
        }
        if (c.flags.condition(condition(i))) f.setSt(0, f.st(j));
        Results.finish(c, i, 0);
    }

    /**
     * The EFLAGS condition of an FCMOVcc: DA C0/C8/D0/D8 are B, E, BE, U (parity) and DB the same
     * negated, in the Jcc numbering.
     */
    private static int condition(Insn i) {
        int base = switch (i.row.ext()) {
            case 0 -> 2;    // B
            case 1 -> 4;    // E
            case 2 -> 6;    // BE
            default -> 10;  // U = P
        };
        return base + (i.row.opcode() == 0xdb ? 1 : 0);
    }

    /** FFREE ST(i): tags it empty; TOP does not move. */
    public static void ffree(Cpu c, Insn i) {
        X87 f = c.x87;
        f.setTag(f.physical(i.loc0), X87.TAG_EMPTY);
        f.setStatusBits(X87.STATUS_C1, false);
        Results.finish(c, i, 0);
    }

    /** FFREEP ST(i) (DF C0+i, undocumented but implemented by every Intel CPU since the 387): FFREE, then a pop. */
    public static void ffreep(Cpu c, Insn i) {
        X87 f = c.x87;
        f.setTag(f.physical(i.loc0), X87.TAG_EMPTY);
        f.pop();
        f.setStatusBits(X87.STATUS_C1, false);
        Results.finish(c, i, 0);
    }

    /** FINCSTP: TOP + 1, tags untouched (not a pop). */
    public static void fincstp(Cpu c, Insn i) {
        moveTop(c, i, 1);
    }

    public static void fdecstp(Cpu c, Insn i) {
        moveTop(c, i, -1);
    }

    private static void moveTop(Cpu c, Insn i, int by) {
        X87 f = c.x87;
        f.setTop(f.top() + by);
        f.setStatusBits(X87.STATUS_C1, false);
        Results.finish(c, i, 0);
    }

    public static void fchs(Cpu c, Insn i) {
        sign(c, i, true);
    }

    public static void fabs(Cpu c, Insn i) {
        sign(c, i, false);
    }

    /** FCHS flips the sign bit, FABS clears it, of any encoding, NaNs included. */
    private static void sign(Cpu c, Insn i, boolean flip) {
        X87 f = c.x87;
        if (f.isEmpty(0)) {
            Results.underflow(c, i, 0, false);
            return;
        }
        Float80 v = f.st(0);
        f.setSt(0, new Float80(flip ? v.signExponent() ^ 0x8000 : v.signExponent() & 0x7fff, v.significand()));
        f.setStatusBits(X87.STATUS_C1, false);
        Results.finish(c, i, 0);
    }

    /** FNOP: a waiting non-control instruction that does nothing but count as the last one. */
    public static void fnop(Cpu c, Insn i) {
        Results.finish(c, i, 0);
    }
}

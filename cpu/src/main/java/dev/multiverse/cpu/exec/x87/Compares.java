package dev.multiverse.cpu.exec.x87;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.fpu.Comparison;
import dev.multiverse.cpu.fpu.Conversions;
import dev.multiverse.cpu.fpu.Float80;
import dev.multiverse.cpu.fpu.FpFlags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.X87;

/**
 * The compares and examinations of ST(0). FCOM, FICOM and FTST are signalling (IE for any NaN), FUCOM only
 * for an SNaN; an empty operand is a stack underflow that compares unordered. The result goes to C3, C2
 * and C0 (with C1 cleared), or for FCOMI and FUCOMI to ZF, PF and CF (OF, SF and AF cleared; C1 kept, but
 * cleared by a stack fault), and is set even when an unmasked exception is raised. The pops happen only
 * when no unmasked IE or DE stopped the instruction. FXAM classifies ST(0) without any exception.
 */
public final class Compares {
    private static final Float80 ZERO = new Float80(0, 0);

    private Compares() {
    }

    /** FCOM m32fp / m64fp / ST(i) (and the undocumented alias DC D0+i). */
    public static void fcom(Cpu c, Insn i) {
        real(c, i, true, 0);
    }

    public static void fcomp(Cpu c, Insn i) {
        real(c, i, true, 1);
    }

    /** FCOMPP: ST(0) with ST(1), popping both. */
    public static void fcompp(Cpu c, Insn i) {
        registers(c, i, 1, true, 2);
    }

    public static void fucom(Cpu c, Insn i) {
        real(c, i, false, 0);
    }

    public static void fucomp(Cpu c, Insn i) {
        real(c, i, false, 1);
    }

    public static void fucompp(Cpu c, Insn i) {
        registers(c, i, 1, false, 2);
    }

    /** FICOM m16int / m32int. */
    public static void ficom(Cpu c, Insn i) {
        integer(c, i, 0);
    }

    public static void ficomp(Cpu c, Insn i) {
        integer(c, i, 1);
    }

    /** FTST: ST(0) against +0.0. */
    public static void ftst(Cpu c, Insn i) {
        X87 f = c.x87;
        if (f.isEmpty(0)) conditionCodes(c, i, Comparison.UNORDERED, Results.STACK_FAULT, 0);
        else conditionCodes(c, i, Comparison.compare80(f.st(0), ZERO, true, f.env), f.env.flags(), 0);
    }

    public static void fcomi(Cpu c, Insn i) {
        eflags(c, i, true, false);
    }

    public static void fcomip(Cpu c, Insn i) {
        eflags(c, i, true, true);
    }

    public static void fucomi(Cpu c, Insn i) {
        eflags(c, i, false, false);
    }

    public static void fucomip(Cpu c, Insn i) {
        eflags(c, i, false, true);
    }

    /**
     * FXAM: C3, C2, C0 name the class of ST(0) (000 unsupported, 001 NaN, 010 normal, 011 infinity,
     * 100 zero, 101 empty, 110 denormal, pseudo-denormals included) and C1 its sign bit, even when empty.
     */
    public static void fxam(Cpu c, Insn i) {
        X87 f = c.x87;
        Float80 v = f.st(0);
        int exponent = v.exponent();
        long sig = v.significand();
        int cls;
        if (f.isEmpty(0)) cls = X87.STATUS_C3 | X87.STATUS_C0;
        else if (exponent == 0) cls = sig == 0 ? X87.STATUS_C3 : X87.STATUS_C3 | X87.STATUS_C2;
        else if (sig >= 0) cls = 0;                                     // integer bit clear: unsupported
        else if (exponent != 0x7fff) cls = X87.STATUS_C2;
        else cls = (sig << 1) == 0 ? X87.STATUS_C2 | X87.STATUS_C0 : X87.STATUS_C0;
        f.setStatusBits(X87.STATUS_C3 | X87.STATUS_C2 | X87.STATUS_C0, false);
        f.setStatusBits(cls, true);
        f.setStatusBits(X87.STATUS_C1, v.negative());
        Results.finish(c, i, 0);
    }

    /** ST(0) against a memory real (m32fp, m64fp) or ST(i). */
    private static void real(Cpu c, Insn i, boolean signaling, int pops) {
        X87 f = c.x87;
        if (i.loc0 != Insn.MEM) {
            registers(c, i, i.loc0, signaling, pops);
            return;
        }
        long m = c.readMem(i.seg, c.ea(i), i.size0);
        if (f.isEmpty(0)) {
            conditionCodes(c, i, Comparison.UNORDERED, Results.STACK_FAULT, pops);
            return;
        }
        int result = i.size0 == 4 ? Comparison.compare80m32(f.st(0), (int) m, signaling, f.env)
                : Comparison.compare80m64(f.st(0), m, signaling, f.env);
        conditionCodes(c, i, result, f.env.flags(), pops);
    }

    private static void registers(Cpu c, Insn i, int j, boolean signaling, int pops) {
        X87 f = c.x87;
        if (f.isEmpty(0) || f.isEmpty(j)) conditionCodes(c, i, Comparison.UNORDERED, Results.STACK_FAULT, pops);
        else conditionCodes(c, i, Comparison.compare80(f.st(0), f.st(j), signaling, f.env), f.env.flags(), pops);
    }

    private static void integer(Cpu c, Insn i, int pops) {
        X87 f = c.x87;
        long m = Cpu.signExtend(c.readMem(i.seg, c.ea(i), i.size0), i.size0);
        if (f.isEmpty(0)) conditionCodes(c, i, Comparison.UNORDERED, Results.STACK_FAULT, pops);
        else conditionCodes(c, i, Comparison.compare80(f.st(0), Conversions.intTo80(m), true, f.env), f.env.flags(), pops);
    }

    /** C3 C2 C0 = 000 greater, 001 less, 100 equal, 111 unordered; C1 = 0. */
    private static void conditionCodes(Cpu c, Insn i, int result, int flags, int pops) {
        X87 f = c.x87;
        int codes = switch (result) {
            case Comparison.LESS -> X87.STATUS_C0;
            case Comparison.EQUAL -> X87.STATUS_C3;
            case Comparison.GREATER -> 0;
            default -> X87.STATUS_C3 | X87.STATUS_C2 | X87.STATUS_C0;
        };
        f.setStatusBits(X87.STATUS_C3 | X87.STATUS_C2 | X87.STATUS_C1 | X87.STATUS_C0, false);
        f.setStatusBits(codes, true);
        pop(f, flags, pops);
        Results.finish(c, i, flags);
    }

    /** FCOMI and friends: ST(0) against ST(i) into ZF, PF, CF. */
    private static void eflags(Cpu c, Insn i, boolean signaling, boolean pop) {
        X87 f = c.x87;
        int j = i.loc1;
        boolean empty = f.isEmpty(0) || f.isEmpty(j);
        int result = empty ? Comparison.UNORDERED : Comparison.compare80(f.st(0), f.st(j), signaling, f.env);
        int flags = empty ? Results.STACK_FAULT : f.env.flags();
        c.flags.setStatus(switch (result) {
            case Comparison.LESS -> Flags.CF;
            case Comparison.EQUAL -> Flags.ZF;
            case Comparison.GREATER -> 0;
            default -> Flags.ZF | Flags.PF | Flags.CF;
        });
        if (empty) f.setStatusBits(X87.STATUS_C1, false);
        pop(f, flags, pop ? 1 : 0);
        Results.finish(c, i, flags);
    }

    private static void pop(X87 f, int flags, int pops) {
        if (Results.unmasked(f, flags, FpFlags.PRE_COMPUTATION)) return;
        for (int n = 0; n < pops; n++) f.pop();
    }
}

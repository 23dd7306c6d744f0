package dev.multiverse.cpu.exec.x87;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fpu.Arithmetic;
import dev.multiverse.cpu.fpu.Conversions;
import dev.multiverse.cpu.fpu.Float80;
import dev.multiverse.cpu.fpu.FpEnv;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.X87;

/**
 * FADD, FSUB, FSUBR, FMUL, FDIV, FDIVR in all their forms, FSQRT and FRNDINT. A register form names its
 * destination first (Intel order) and computes destination op source; a memory form computes ST(0) op
 * memory into ST(0). The reversed operations compute source op destination. Single and double memory
 * operands go to the soft-float core as they are in memory (their denormal counts after NaN checks);
 * integer operands convert exactly first. Results are rounded to the precision control's format.
 */
public final class BasicArithmetic {
    private static final int ADD = 0, SUB = 1, SUBR = 2, MUL = 3, DIV = 4, DIVR = 5;

    private BasicArithmetic() {
    }

    public static void fadd(Cpu c, Insn i) {
        real(c, i, ADD, false);
    }

    public static void faddp(Cpu c, Insn i) {
        real(c, i, ADD, true);
    }

    public static void fiadd(Cpu c, Insn i) {
        integer(c, i, ADD);
    }

    public static void fsub(Cpu c, Insn i) {
        real(c, i, SUB, false);
    }

    public static void fsubp(Cpu c, Insn i) {
        real(c, i, SUB, true);
    }

    public static void fisub(Cpu c, Insn i) {
        integer(c, i, SUB);
    }

    public static void fsubr(Cpu c, Insn i) {
        real(c, i, SUBR, false);
    }

    public static void fsubrp(Cpu c, Insn i) {
        real(c, i, SUBR, true);
    }

    public static void fisubr(Cpu c, Insn i) {
        integer(c, i, SUBR);
    }

    public static void fmul(Cpu c, Insn i) {
        real(c, i, MUL, false);
    }

    public static void fmulp(Cpu c, Insn i) {
        real(c, i, MUL, true);
    }

    public static void fimul(Cpu c, Insn i) {
        integer(c, i, MUL);
    }

    public static void fdiv(Cpu c, Insn i) {
        real(c, i, DIV, false);
    }

    public static void fdivp(Cpu c, Insn i) {
        real(c, i, DIV, true);
    }

    public static void fidiv(Cpu c, Insn i) {
        integer(c, i, DIV);
    }

    public static void fdivr(Cpu c, Insn i) {
        real(c, i, DIVR, false);
    }

    public static void fdivrp(Cpu c, Insn i) {
        real(c, i, DIVR, true);
    }

    public static void fidivr(Cpu c, Insn i) {
        integer(c, i, DIVR);
    }

    public static void fsqrt(Cpu c, Insn i) {
        X87 f = c.x87;
        if (f.isEmpty(0)) Results.underflow(c, i, 0, false);
        else Results.deliver(c, i, 0, Arithmetic.sqrt80(f.st(0), f.env), false);
    }

    /** FRNDINT: to an integer under the rounding control (precision control does not apply). */
    public static void frndint(Cpu c, Insn i) {
        X87 f = c.x87;
        if (f.isEmpty(0)) Results.underflow(c, i, 0, false);
        else Results.deliver(c, i, 0, Arithmetic.roundToIntegral80(f.st(0), f.env), false);
    }

    /** A register form (ST(0),ST(i) or ST(i),ST(0), popping or not) or an m32fp/m64fp form. */
    private static void real(Cpu c, Insn i, int op, boolean pop) {
        X87 f = c.x87;
        if (i.loc0 == Insn.MEM) {
            long m = c.readMem(i.seg, c.ea(i), i.size0);
            if (f.isEmpty(0)) Results.underflow(c, i, 0, false);
            else Results.deliver(c, i, 0, memory(op, f.st(0), m, i.size0 == 4, f.env), false);
            return;
        }
        int dest = i.loc0, src = i.loc1;
        if (f.isEmpty(dest) || f.isEmpty(src)) Results.underflow(c, i, dest, pop);
        else Results.deliver(c, i, dest, registers(op, f.st(dest), f.st(src), f.env), pop);
    }

    /** The m16int/m32int forms: ST(0) op integer into ST(0). */
    private static void integer(Cpu c, Insn i, int op) {
        X87 f = c.x87;
        long m = Cpu.signExtend(c.readMem(i.seg, c.ea(i), i.size0), i.size0);
        if (f.isEmpty(0)) Results.underflow(c, i, 0, false);
        else Results.deliver(c, i, 0, registers(op, f.st(0), Conversions.intTo80(m), f.env), false);
    }

    private static Float80 registers(int op, Float80 dest, Float80 src, FpEnv env) {
        return switch (op) {
            case ADD -> Arithmetic.add80(dest, src, env);
            case SUB -> Arithmetic.sub80(dest, src, env);
            case SUBR -> Arithmetic.sub80(src, dest, env);
            case MUL -> Arithmetic.mul80(dest, src, env);
            case DIV -> Arithmetic.div80(dest, src, env);
            default -> Arithmetic.div80(src, dest, env);
        };
    }

    private static Float80 memory(int op, Float80 st, long m, boolean single, FpEnv env) {
        return switch (op) {
            case ADD -> single ? Arithmetic.add80m32(st, (int) m, env) : Arithmetic.add80m64(st, m, env);
            case SUB, SUBR -> single ? Arithmetic.sub80m32(st, (int) m, op == SUBR, env)
                    : Arithmetic.sub80m64(st, m, op == SUBR, env);
            case MUL -> single ? Arithmetic.mul80m32(st, (int) m, env) : Arithmetic.mul80m64(st, m, env);
            default -> single ? Arithmetic.div80m32(st, (int) m, op == DIVR, env)
                    : Arithmetic.div80m64(st, m, op == DIVR, env);
        };
    }
}

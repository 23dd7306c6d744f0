package dev.multiverse.cpu.exec.x87;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fpu.ConditionCodes;
import dev.multiverse.cpu.fpu.Float80;
import dev.multiverse.cpu.fpu.FpFlags;
import dev.multiverse.cpu.fpu.PartialRemainder;
import dev.multiverse.cpu.fpu.Remainder;
import dev.multiverse.cpu.fpu.Scaling;
import dev.multiverse.cpu.fpu.Transcendental;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.X87;

/**
 * The transcendental, scaling and remainder instructions around the soft-float functions: FSIN, FCOS,
 * FSINCOS, FPTAN (C2 set and nothing else done for |x| >= 2^63), FPATAN, F2XM1, FYL2X, FYL2XP1, FSCALE,
 * FXTRACT, FPREM and FPREM1. Precision control does not apply to them. An unmasked IE, DE or ZE stores
 * and pushes nothing; an empty operand is a stack underflow, and an instruction that pushes onto a full
 * ST(7) a stack overflow (masked: the indefinite in ST(0) and pushed, C1 = 1).
 */
public final class Transcendentals {
    private static final int TRIG_CODES = X87.STATUS_C2;

    private Transcendentals() {
    }

    public static void fsin(Cpu c, Insn i) {
        X87 f = c.x87;
        if (f.isEmpty(0)) underflowClearingC2(c, i);
        else if (reduced(c, i)) Results.deliver(c, i, 0, Transcendental.sin(f.st(0), f.env), false);
    }

    public static void fcos(Cpu c, Insn i) {
        X87 f = c.x87;
        if (f.isEmpty(0)) underflowClearingC2(c, i);
        else if (reduced(c, i)) Results.deliver(c, i, 0, Transcendental.cos(f.st(0), f.env), false);
    }

    /** ST(0) = sine, then the cosine pushed. */
    public static void fsincos(Cpu c, Insn i) {
        X87 f = c.x87;
        if (f.isEmpty(0)) {
            f.setStatusBits(X87.STATUS_C2, false);
            underflowOfTwo(c, i);
        } else if (!f.isEmpty(7)) {
            overflow(c, i);
        } else if (reduced(c, i)) {
            var r = Transcendental.sinCos(f.st(0), f.env);
            deliverTwo(c, i, r.sine(), r.cosine());
        }
    }

    /** ST(0) = tan(ST(0)), then 1.0 (or the NaN result again) pushed. */
    public static void fptan(Cpu c, Insn i) {
        X87 f = c.x87;
        if (f.isEmpty(0)) {
            f.setStatusBits(X87.STATUS_C2, false);
            underflowOfTwo(c, i);
        } else if (!f.isEmpty(7)) {
            overflow(c, i);
        } else if (reduced(c, i)) {
            var r = Transcendental.partialTangent(f.st(0), f.env);
            deliverTwo(c, i, r.tangent(), r.pushed());
        }
    }

    /** ST(1) = atan2(ST(1), ST(0)), then pop. */
    public static void fpatan(Cpu c, Insn i) {
        X87 f = c.x87;
        if (f.isEmpty(0) || f.isEmpty(1)) Results.underflow(c, i, 1, true);
        else Results.deliver(c, i, 1, Transcendental.partialArctangent(f.st(0), f.st(1), f.env), true);
    }

    public static void f2xm1(Cpu c, Insn i) {
        X87 f = c.x87;
        if (f.isEmpty(0)) Results.underflow(c, i, 0, false);
        else Results.deliver(c, i, 0, Transcendental.twoToXMinusOne(f.st(0), f.env), false);
    }

    /** ST(1) = ST(1) * log2(ST(0)), then pop. */
    public static void fyl2x(Cpu c, Insn i) {
        X87 f = c.x87;
        if (f.isEmpty(0) || f.isEmpty(1)) Results.underflow(c, i, 1, true);
        else Results.deliver(c, i, 1, Transcendental.yLog2X(f.st(0), f.st(1), f.env), true);
    }

    /** ST(1) = ST(1) * log2(ST(0) + 1), then pop. */
    public static void fyl2xp1(Cpu c, Insn i) {
        X87 f = c.x87;
        if (f.isEmpty(0) || f.isEmpty(1)) Results.underflow(c, i, 1, true);
        else Results.deliver(c, i, 1, Transcendental.yLog2XPlusOne(f.st(0), f.st(1), f.env), true);
    }

    /** ST(0) = ST(0) * 2^trunc(ST(1)). */
    public static void fscale(Cpu c, Insn i) {
        X87 f = c.x87;
        if (f.isEmpty(0) || f.isEmpty(1)) Results.underflow(c, i, 0, false);
        else Results.deliver(c, i, 0, Scaling.scale(f.st(0), f.st(1), f.env), false);
    }

    /** ST(0) = the exponent, then the significand pushed. */
    public static void fxtract(Cpu c, Insn i) {
        X87 f = c.x87;
        if (f.isEmpty(0)) {
            underflowOfTwo(c, i);
        } else if (!f.isEmpty(7)) {
            overflow(c, i);
        } else {
            var r = Scaling.extract(f.st(0), f.env);
            deliverTwo(c, i, r.exponent(), r.significand());
        }
    }

    public static void fprem(Cpu c, Insn i) {
        remainder(c, i, false);
    }

    public static void fprem1(Cpu c, Insn i) {
        remainder(c, i, true);
    }

    /** ST(0) = the partial remainder of ST(0) / ST(1); C0, C3, C1 = quotient bits 2, 1, 0, C2 = incomplete. */
    private static void remainder(Cpu c, Insn i, boolean nearest) {
        X87 f = c.x87;
        if (f.isEmpty(0) || f.isEmpty(1)) {
            underflowClearingC2(c, i);
            return;
        }
        PartialRemainder r = nearest ? Remainder.nearest(f.st(0), f.st(1), f.env)
                : Remainder.truncating(f.st(0), f.st(1), f.env);
        int flags = f.env.flags();
        boolean stopped = Results.unmasked(f, flags, FpFlags.PRE_COMPUTATION);
        if (!stopped) f.setSt(0, r.remainder());
        if (stopped || isNan(r.remainder())) {
            // No quotient (a NaN result, or stopped): C1 and C2 clear, C0 and C3 keep their values, as on the host.
            f.setStatusBits(X87.STATUS_C1 | X87.STATUS_C2, false);
        } else {
            setCodes(f, r.conditionCodes());
        }
        Results.finish(c, i, flags);
    }

    /**
     * FSIN, FCOS, FSINCOS and FPTAN leave an operand of magnitude 2^63 or more alone and set C2 (nothing is
     * raised); else C2 is cleared and the instruction computes. Returns whether it should.
     */
    private static boolean reduced(Cpu c, Insn i) {
        X87 f = c.x87;
        boolean out = Transcendental.outOfRange(f.st(0));
        f.setStatusBits(TRIG_CODES, out);
        if (out) {
            f.setStatusBits(X87.STATUS_C1, false);
            Results.finish(c, i, 0);
        }
        return !out;
    }

    /** ST(0) = {@code first}, then {@code pushed} pushed, unless an unmasked IE, DE or ZE stops both. */
    private static void deliverTwo(Cpu c, Insn i, Float80 first, Float80 pushed) {
        X87 f = c.x87;
        int flags = f.env.flags();
        if (!Results.unmasked(f, flags, FpFlags.PRE_COMPUTATION)) {
            f.setSt(0, first);
            f.push(pushed);
        }
        f.setStatusBits(X87.STATUS_C1, f.env.roundedUp());
        Results.finish(c, i, flags);
    }

    /** A push onto a full ST(7): masked, the indefinite replaces ST(0) and is pushed; C1 = 1. */
    private static void overflow(Cpu c, Insn i) {
        X87 f = c.x87;
        if (!Results.unmasked(f, Results.STACK_FAULT, FpFlags.IE)) {
            f.setSt(0, Float80.INDEFINITE);
            f.push(Float80.INDEFINITE);
        }
        f.setStatusBits(X87.STATUS_C1, true);
        Results.finish(c, i, Results.STACK_FAULT);
    }

    /** An empty ST(0) for FXTRACT, FSINCOS and FPTAN: masked, two indefinites (ST(0) and the push), as on the host; C1 = 0. */
    private static void underflowOfTwo(Cpu c, Insn i) {
        X87 f = c.x87;
        if (!Results.unmasked(f, Results.STACK_FAULT, FpFlags.IE)) {
            f.setSt(0, Float80.INDEFINITE);
            f.push(Float80.INDEFINITE);
        }
        f.setStatusBits(X87.STATUS_C1, false);
        Results.finish(c, i, Results.STACK_FAULT);
    }

    /** A stack underflow of FSIN, FCOS, FPREM and FPREM1, which also clears C2 on the host. */
    private static void underflowClearingC2(Cpu c, Insn i) {
        c.x87.setStatusBits(X87.STATUS_C2, false);
        Results.underflow(c, i, 0, false);
    }

    /** A NaN result (quiet, as results are): exponent all ones and a fraction beyond the integer bit. */
    private static boolean isNan(Float80 v) {
        return v.exponent() == 0x7fff && (v.significand() << 1) != 0;
    }

    private static void setCodes(X87 f, int codes) {
        int all = ConditionCodes.C0 | ConditionCodes.C1 | ConditionCodes.C2 | ConditionCodes.C3;
        f.status = (f.status & ~all) | (codes & all);
    }
}

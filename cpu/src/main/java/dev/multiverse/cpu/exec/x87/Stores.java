package dev.multiverse.cpu.exec.x87;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fpu.Conversions;
import dev.multiverse.cpu.fpu.Float80;
import dev.multiverse.cpu.fpu.FpFlags;
import dev.multiverse.cpu.fpu.PackedBcd;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.X87;

/**
 * FST/FSTP, FIST/FISTP, FISTTP and FBSTP: ST(0) to memory or to a register, then the pop. An empty ST(0)
 * is a stack underflow whose masked response stores the indefinite of the destination format. A store
 * that raises an unmasked IE writes nothing and does not pop; so does a single or double real store
 * with an unmasked overflow or underflow (the host writes no wrapped exponent there). C1 says whether
 * the stored value was rounded up.
 */
public final class Stores {
    private static final long SINGLE_INDEFINITE = 0xffc0_0000L;
    private static final long DOUBLE_INDEFINITE = 0xfff8_0000_0000_0000L;

    private Stores() {
    }

    /** FST m32fp / m64fp / ST(i). */
    public static void fst(Cpu c, Insn i) {
        real(c, i, false);
    }

    /** FSTP m32fp / m64fp / m80fp / ST(i). */
    public static void fstp(Cpu c, Insn i) {
        real(c, i, true);
    }

    /**
     * The undocumented FSTP1 (D9 D8+i): FSTP ST(i), except that an empty ST(0) is no underflow there, on
     * the host CPU: ST(i) keeps its value and the pop happens.
     */
    public static void fstp1(Cpu c, Insn i) {
        X87 f = c.x87;
        if (!f.isEmpty(0)) {
            toRegister(c, i, i.loc0, true);
            return;
        }
        f.pop();
        f.setStatusBits(X87.STATUS_C1, false);
        Results.finish(c, i, 0);
    }

    /** FIST m16int / m32int: rounded under the rounding control. */
    public static void fist(Cpu c, Insn i) {
        integer(c, i, false, false);
    }

    /** FISTP m16int / m32int / m64int. */
    public static void fistp(Cpu c, Insn i) {
        integer(c, i, false, true);
    }

    /** FISTTP m16int / m32int / m64int (SSE3): truncated whatever the rounding control says. */
    public static void fisttp(Cpu c, Insn i) {
        integer(c, i, true, true);
    }

    /** FBSTP m80bcd. */
    public static void fbstp(Cpu c, Insn i) {
        X87 f = c.x87;
        boolean empty = f.isEmpty(0);
        PackedBcd v = empty ? PackedBcd.INDEFINITE : PackedBcd.fromFloat80(f.st(0), f.env);
        int flags = empty ? Results.STACK_FAULT : f.env.flags();
        boolean stored = !Results.unmasked(f, flags, FpFlags.IE);
        if (stored) Memory.write10(c, i, v.low(), v.high());
        finish(c, i, flags, stored, !empty && f.env.roundedUp(), true);
    }

    private static void real(Cpu c, Insn i, boolean pop) {
        X87 f = c.x87;
        if (i.loc0 != Insn.MEM) {
            toRegister(c, i, i.loc0, pop);
            return;
        }
        if (i.size0 == 10) {
            extended(c, i);
            return;
        }
        boolean empty = f.isEmpty(0), single = i.size0 == 4;
        long bits;
        if (empty) bits = single ? SINGLE_INDEFINITE : DOUBLE_INDEFINITE;
        else bits = single ? Conversions.float80To32(f.st(0), f.env) & 0xffff_ffffL : Conversions.float80To64(f.st(0), f.env);
        int flags = empty ? Results.STACK_FAULT : f.env.flags();
        boolean stored = !Results.unmasked(f, flags, FpFlags.IE | FpFlags.OE | FpFlags.UE);
        if (stored) c.writeMem(i.seg, c.ea(i), i.size0, bits);
        finish(c, i, flags, stored, !empty && f.env.roundedUp(), pop);
    }

    /** FSTP m80fp: ST(0) exactly as it is. */
    private static void extended(Cpu c, Insn i) {
        X87 f = c.x87;
        boolean empty = f.isEmpty(0);
        int flags = empty ? Results.STACK_FAULT : 0;
        boolean stored = !Results.unmasked(f, flags, FpFlags.IE);
        Float80 v = empty ? Float80.INDEFINITE : f.st(0);
        if (stored) Memory.write10(c, i, v.significand(), v.signExponent());
        finish(c, i, flags, stored, false, true);
    }

    /** FST/FSTP ST(i): a copy, SNaNs included, with no exception but the underflow of an empty ST(0). */
    private static void toRegister(Cpu c, Insn i, int j, boolean pop) {
        X87 f = c.x87;
        if (f.isEmpty(0)) {
            Results.underflow(c, i, j, pop);
            return;
        }
        f.setSt(j, f.st(0));
        if (pop) f.pop();
        f.setStatusBits(X87.STATUS_C1, false);
        Results.finish(c, i, 0);
    }

    private static void integer(Cpu c, Insn i, boolean truncate, boolean pop) {
        X87 f = c.x87;
        int bits = 8 * i.size0;
        boolean empty = f.isEmpty(0);
        long v = empty ? Long.MIN_VALUE >> (64 - bits) : Conversions.float80ToInt(f.st(0), bits, truncate, f.env);
        int flags = empty ? Results.STACK_FAULT : f.env.flags();
        boolean stored = !Results.unmasked(f, flags, FpFlags.IE);
        if (stored) c.writeMem(i.seg, c.ea(i), i.size0, v);
        finish(c, i, flags, stored, !empty && f.env.roundedUp(), pop);
    }

    /** After the memory write succeeded: C1, the pop (only if something was stored), the status word. */
    private static void finish(Cpu c, Insn i, int flags, boolean stored, boolean roundedUp, boolean pop) {
        X87 f = c.x87;
        f.setStatusBits(X87.STATUS_C1, stored && roundedUp);
        if (stored && pop) f.pop();
        Results.finish(c, i, flags);
    }
}

package dev.multiverse.cpu.exec.x87;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fpu.Float80;
import dev.multiverse.cpu.fpu.FpFlags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.X87;

/**
 * How x87 computational instructions end (SDM vol. 1, 8.5): the exception flags go into the status word
 * and the last-instruction record is updated; a result reaches its register unless an unmasked exception
 * stops it; and the stack faults have their masked response, the real indefinite. Condition code C1 says
 * whether a result was rounded up, or that a stack fault was an overflow (1) rather than an underflow (0).
 * The other condition codes, which the SDM calls undefined after most instructions, keep their values,
 * as on the host CPU.
 */
final class Results {
    /** A stack overflow or underflow: IE with SF. */
    static final int STACK_FAULT = FpFlags.IE | X87.STATUS_SF;

    private Results() {
    }

    /** Records the instruction's exceptions and the instruction itself. */
    static void finish(Cpu c, Insn i, int flags) {
        ErrorReporting.raise(c, flags);
        LastInstruction.record(c, i);
    }

    /** Whether one of the exceptions in {@code which} was raised ({@code flags}) while unmasked. */
    static boolean unmasked(X87 f, int flags, int which) {
        return (flags & which & ~f.control) != 0;
    }

    /**
     * Writes an arithmetic result to ST(dest), then pops if asked, unless an unmasked IE, DE or ZE stops
     * the instruction (an unmasked OE or UE delivers the exponent-wrapped result the operation returned).
     */
    static void deliver(Cpu c, Insn i, int dest, Float80 result, boolean pop) {
        X87 f = c.x87;
        int flags = f.env.flags();
        if (!unmasked(f, flags, FpFlags.PRE_COMPUTATION)) {
            f.setSt(dest, result);
            if (pop) f.pop();
        }
        f.setStatusBits(X87.STATUS_C1, f.env.roundedUp());
        finish(c, i, flags);
    }

    /** An empty operand register: masked, ST(dest) gets the real indefinite (then the pop); C1 = 0. */
    static void underflow(Cpu c, Insn i, int dest, boolean pop) {
        X87 f = c.x87;
        if (!unmasked(f, STACK_FAULT, FpFlags.IE)) {
            f.setSt(dest, Float80.INDEFINITE);
            if (pop) f.pop();
        }
        f.setStatusBits(X87.STATUS_C1, false);
        finish(c, i, STACK_FAULT);
    }

    /**
     * Pushes a loaded value; {@code flags} are the load's exceptions (a stack fault if its source register
     * was empty, in which case the value is the indefinite). Pushing onto a full ST(7) is an overflow:
     * masked, the indefinite is pushed, and C1 = 1. An unmasked IE pushes nothing. An empty source
     * register takes precedence over a full ST(7): its indefinite is pushed over it, with C1 = 0.
     */
    static void push(Cpu c, Insn i, Float80 value, int flags) {
        X87 f = c.x87;
        boolean overflow = (flags & X87.STATUS_SF) == 0 && !f.isEmpty(7);
        if (overflow) {
            flags = STACK_FAULT;     // the source is not converted: a denormal or SNaN raises nothing then
            value = Float80.INDEFINITE;
        }
        if (!unmasked(f, flags, FpFlags.IE)) f.push(value);
        f.setStatusBits(X87.STATUS_C1, overflow);
        finish(c, i, flags);
    }
}

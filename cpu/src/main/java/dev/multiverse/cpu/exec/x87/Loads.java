package dev.multiverse.cpu.exec.x87;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fpu.Conversions;
import dev.multiverse.cpu.fpu.Float80;
import dev.multiverse.cpu.fpu.PackedBcd;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.X87;

/**
 * FLD, FILD and FBLD: push a value converted exactly to 80 bits. Single and double reals raise IE for an
 * SNaN (loaded quiet) and DE for a denormal (loaded even with DE unmasked); an 80-bit real or register is
 * copied as it is, SNaNs and unsupported encodings included, with no exception.
 */
public final class Loads {
    private Loads() {
    }

    /** FLD m32fp / m64fp / m80fp / ST(i). */
    public static void fld(Cpu c, Insn i) {
        X87 f = c.x87;
        if (i.loc0 == Insn.MEM) {
            Float80 v = switch (i.size0) {
                case 4 -> Conversions.float32To80((int) c.readMem(i.seg, c.ea(i), 4), f.env);
                case 8 -> Conversions.float64To80(c.readMem(i.seg, c.ea(i), 8), f.env);
                default -> new Float80(Memory.readHigh(c, i), Memory.readLow(c, i));
            };
            Results.push(c, i, v, f.env.flags());
        } else if (f.isEmpty(i.loc0)) {
            Results.push(c, i, Float80.INDEFINITE, Results.STACK_FAULT);
        } else {
            Results.push(c, i, f.st(i.loc0), 0);
        }
    }

    /** FILD m16int / m32int / m64int: every integer is exact. */
    public static void fild(Cpu c, Insn i) {
        long v = Cpu.signExtend(c.readMem(i.seg, c.ea(i), i.size0), i.size0);
        Results.push(c, i, Conversions.intTo80(v), 0);
    }

    /** FBLD m80bcd. */
    public static void fbld(Cpu c, Insn i) {
        long low = Memory.readLow(c, i);
        int high = Memory.readHigh(c, i);
        Results.push(c, i, new PackedBcd(low, high).toFloat80(), 0);
    }
}

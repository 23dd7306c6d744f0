package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;

/**
 * Integer multiply and divide: MUL, IMUL (one, two and three operands), DIV, IDIV.
 *
 * <p>Flags the manuals leave undefined follow the Intel CPUs this was checked on (Sapphire Rapids): after
 * a multiply SF is the sign of the low half of the product, PF its low byte's parity, ZF and AF are clear;
 * DIV and IDIV leave every flag unchanged.
 */
public final class MulDiv {
    private MulDiv() {
    }

    /** MUL r/m: AX = AL * r/m8, or rDX:rAX = rAX * r/m. */
    public static void mul(Cpu c, Insn i) {
        int size = i.size0;
        long src = c.read(i, 0);
        long a = c.reg(Cpu.RAX, size);
        long lo, hi;
        if (size == 8) {
            lo = a * src;
            hi = Math.unsignedMultiplyHigh(a, src);
        } else {
            long p = a * src;   // at most 64 bits for 8-, 16- and 32-bit operands
            lo = p & Cpu.mask(size);
            hi = p >>> (size * 8);
        }
        writeProduct(c, size, lo, hi);
        setMulFlags(c, size, lo, hi != 0);
    }

    /** One-operand IMUL: the signed form of {@link #mul}. */
    public static void imul1(Cpu c, Insn i) {
        int size = i.size0;
        long src = Cpu.signExtend(c.read(i, 0), size);
        long a = Cpu.signExtend(c.reg(Cpu.RAX, size), size);
        long lo, hi;
        if (size == 8) {
            lo = a * src;
            hi = Math.multiplyHigh(a, src);
        } else {
            long p = a * src;
            lo = p & Cpu.mask(size);
            hi = (p >> (size * 8)) & Cpu.mask(size);
        }
        writeProduct(c, size, lo, hi);
        setMulFlags(c, size, lo, overflowsSigned(lo, hi, size));
    }

    /** Two- and three-operand IMUL: dest = src1 * src2 truncated to the operand size. */
    public static void imul(Cpu c, Insn i) {
        int size = i.size0;
        int last = i.operandCount - 1;
        long a = Cpu.signExtend(c.read(i, last - 1), size);
        long b = Cpu.signExtend(c.read(i, last), size);
        long lo = a * b;
        boolean overflow = size == 8
                ? Math.multiplyHigh(a, b) != (lo >> 63)
                : Cpu.signExtend(lo, size) != lo;
        c.write(i, 0, lo);
        setMulFlags(c, size, lo, overflow);
    }

    /** True when the signed product hi:lo does not fit in {@code size} bytes. */
    private static boolean overflowsSigned(long lo, long hi, int size) {
        long signFill = (lo >>> (size * 8 - 1)) != 0 ? Cpu.mask(size) : 0;
        return (hi & Cpu.mask(size)) != signFill;
    }

    private static void writeProduct(Cpu c, int size, long lo, long hi) {
        if (size == 1) {
            c.setReg(Cpu.RAX, 2, (hi << 8) | (lo & 0xff));
        } else {
            c.setReg(Cpu.RAX, size, lo);
            c.setReg(Cpu.RDX, size, hi);
        }
    }

    private static void setMulFlags(Cpu c, int size, long lo, boolean overflow) {
        long bits = ResultFlags.szp(lo, size) & ~Flags.ZF;
        if (overflow) bits |= Flags.CF | Flags.OF;
        c.flags.setStatus(bits);
    }

    /** DIV r/m: unsigned rDX:rAX (AX for bytes) by r/m; #DE on a zero divisor or a quotient that does not fit. */
    public static void div(Cpu c, Insn i) {
        int size = i.size0;
        long divisor = c.read(i, 0);
        if (divisor == 0) throw CpuException.of(CpuException.DE);
        if (size == 8) {
            long hi = c.gpr[Cpu.RDX], lo = c.gpr[Cpu.RAX];
            if (Long.compareUnsigned(hi, divisor) >= 0) throw CpuException.of(CpuException.DE);
            long q = Divide128.quotient(hi, lo, divisor);
            c.gpr[Cpu.RAX] = q;
            c.gpr[Cpu.RDX] = lo - q * divisor;
            return;
        }
        long dividend = size == 1 ? c.reg(Cpu.RAX, 2) : (c.reg(Cpu.RDX, size) << (size * 8)) | c.reg(Cpu.RAX, size);
        long q = Long.divideUnsigned(dividend, divisor);
        long r = Long.remainderUnsigned(dividend, divisor);
        if (Long.compareUnsigned(q, Cpu.mask(size)) > 0) throw CpuException.of(CpuException.DE);
        writeQuotient(c, size, q, r);
    }

    /** IDIV r/m: signed, quotient rounded toward zero; #DE on zero or an out-of-range quotient (MIN / -1). */
    public static void idiv(Cpu c, Insn i) {
        int size = i.size0;
        long divisor = Cpu.signExtend(c.read(i, 0), size);
        if (divisor == 0) throw CpuException.of(CpuException.DE);
        if (size == 8) {
            idiv64(c, divisor);
            return;
        }
        long dividend = size == 1
                ? Cpu.signExtend(c.reg(Cpu.RAX, 2), 2)
                : (Cpu.signExtend(c.reg(Cpu.RDX, size), size) << (size * 8)) | c.reg(Cpu.RAX, size);
        // Java's MIN_VALUE / -1 wraps to MIN_VALUE, which is out of range for these sizes and so still raises #DE.
        long q = dividend / divisor;
        long r = dividend % divisor;
        if (q != Cpu.signExtend(q, size)) throw CpuException.of(CpuException.DE);
        writeQuotient(c, size, q, r);
    }

    /** IDIV r/m64: divides the magnitudes, then applies the signs and checks the quotient's range. */
    private static void idiv64(Cpu c, long divisor) {
        long hi = c.gpr[Cpu.RDX], lo = c.gpr[Cpu.RAX];
        boolean negative = hi < 0;
        long magHi = negative ? ~hi + (lo == 0 ? 1 : 0) : hi;
        long magLo = negative ? -lo : lo;
        long magDivisor = Math.abs(divisor);   // MIN_VALUE stays 2^63, correct as an unsigned magnitude
        if (Long.compareUnsigned(magHi, magDivisor) >= 0) throw CpuException.of(CpuException.DE);
        long q = Divide128.quotient(magHi, magLo, magDivisor);
        boolean negateQuotient = negative != (divisor < 0);
        if (negateQuotient ? Long.compareUnsigned(q, Long.MIN_VALUE) > 0 : q < 0) {
            throw CpuException.of(CpuException.DE);
        }
        if (negateQuotient) q = -q;
        c.gpr[Cpu.RAX] = q;
        c.gpr[Cpu.RDX] = lo - q * divisor;
    }

    private static void writeQuotient(Cpu c, int size, long q, long r) {
        if (size == 1) {
            c.setReg(Cpu.RAX, 2, ((r & 0xff) << 8) | (q & 0xff));
        } else {
            c.setReg(Cpu.RAX, size, q);
            c.setReg(Cpu.RDX, size, r);
        }
    }
}

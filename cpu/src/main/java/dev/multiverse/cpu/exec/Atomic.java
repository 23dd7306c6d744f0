package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;

/**
 * The read-modify-write instructions meant for LOCK: CMPXCHG, XADD, CMPXCHG8B and CMPXCHG16B. One core
 * runs at a time, so each is atomic as executed; the memory destination is written before any register.
 */
public final class Atomic {
    private Atomic() {
    }

    /**
     * CMPXCHG r/m, r: compares rAX with the destination. Equal: destination = source. Unequal: rAX =
     * destination, and a memory destination is written back with its own value (a locked cycle always
     * writes). A register destination is left alone when unequal, so with a 32-bit operand in 64-bit mode
     * exactly one of the destination or RAX is zero-extended.
     */
    public static void cmpxchg(Cpu c, Insn i) {
        int size = i.size0;
        long acc = c.reg(Cpu.RAX, size);
        long dest = c.read(i, 0);
        boolean equal = acc == dest;
        if (equal) {
            c.write(i, 0, c.read(i, 1));
        } else if (i.loc0 == Insn.MEM) {
            c.write(i, 0, dest);
        }
        c.flags.set(Flags.SUB, size, acc, dest, acc - dest);
        if (!equal) {
            c.setReg(Cpu.RAX, size, dest);
        }
    }

    /** XADD r/m, r: source = old destination, destination = sum (XADD r, r with one register keeps the sum). */
    public static void xadd(Cpu c, Insn i) {
        int size = i.size0;
        long dest = c.read(i, 0), src = c.read(i, 1), sum = dest + src;
        if (i.loc0 == Insn.MEM) {
            c.write(i, 0, sum);
            c.write(i, 1, dest);
        } else {
            c.write(i, 1, dest);
            c.write(i, 0, sum);
        }
        c.flags.set(Flags.ADD, size, dest, src, sum);
    }

    /**
     * CMPXCHG8B m64 compares EDX:EAX with the operand; CMPXCHG16B m128 (REX.W, 16-byte aligned, else
     * #GP(0)) compares RDX:RAX. Equal: operand = ECX:EBX / RCX:RBX. Unequal: the operand is written back
     * unchanged and loaded into EDX:EAX / RDX:RAX. Only ZF changes.
     */
    public static void cmpxchg8b16b(Cpu c, Insn i) {
        if (i.has(Insn.REXW)) {
            cmpxchg16b(c, i);
            return;
        }
        long offset = c.ea(i);
        long old = c.readMemForWrite(i.seg, offset, 8);
        long expected = (c.gpr[Cpu.RAX] & 0xffff_ffffL) | c.gpr[Cpu.RDX] << 32;
        boolean equal = old == expected;
        c.writeMem(i.seg, offset, 8, equal ? (c.gpr[Cpu.RBX] & 0xffff_ffffL) | c.gpr[Cpu.RCX] << 32 : old);
        setZf(c, equal);
        if (!equal) {
            c.setReg(Cpu.RAX, 4, old);
            c.setReg(Cpu.RDX, 4, old >>> 32);
        }
    }

    /** The aligned 16 bytes lie in one page, so once the first half is written the second cannot fault. */
    private static void cmpxchg16b(Cpu c, Insn i) {
        long offset = c.ea(i);
        if ((c.linear(i.seg, offset) & 0xf) != 0) throw CpuException.gp(0);
        long lo = c.readMemForWrite(i.seg, offset, 8);
        long hi = c.readMemForWrite(i.seg, offset + 8, 8);
        boolean equal = lo == c.gpr[Cpu.RAX] && hi == c.gpr[Cpu.RDX];
        c.writeMem(i.seg, offset, 8, equal ? c.gpr[Cpu.RBX] : lo);
        c.writeMem(i.seg, offset + 8, 8, equal ? c.gpr[Cpu.RCX] : hi);
        setZf(c, equal);
        if (!equal) {
            c.gpr[Cpu.RAX] = lo;
            c.gpr[Cpu.RDX] = hi;
        }
    }

    private static void setZf(Cpu c, boolean zf) {
        c.flags.setStatus((c.flags.get() & ~(long) Flags.ZF) | (zf ? Flags.ZF : 0));
    }
}

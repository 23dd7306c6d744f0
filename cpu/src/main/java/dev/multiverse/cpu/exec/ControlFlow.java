package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Insn;

/** Near control transfers: JMP, Jcc, CALL, RET, LOOP/LOOPE/LOOPNE, JrCXZ. */
public final class ControlFlow {
    private ControlFlow() {
    }

    /** Sets RIP to {@code target} truncated to the operand size; #GP(0) for a non-canonical 64-bit target. */
    static void branch(Cpu c, long target, int size) {
        if (size == 8) {
            if ((target << 16 >> 16) != target) throw CpuException.gp(0);
            c.rip = target;
        } else {
            c.rip = target & Cpu.mask(size);
        }
    }

    public static void jmpRel(Cpu c, Insn i) {
        branch(c, c.rip + i.imm, i.opSize);
    }

    public static void jcc(Cpu c, Insn i) {
        if (c.flags.condition(i.row.opcode() & 0xf)) {
            branch(c, c.rip + i.imm, i.opSize);
        }
    }

    public static void jmpIndirect(Cpu c, Insn i) {
        branch(c, c.read(i, 0), i.opSize);
    }

    public static void callRel(Cpu c, Insn i) {
        long target = c.rip + i.imm;
        c.push(c.rip, i.opSize);
        branch(c, target, i.opSize);
    }

    public static void callIndirect(Cpu c, Insn i) {
        long target = c.read(i, 0);
        c.push(c.rip, i.opSize);
        branch(c, target, i.opSize);
    }

    public static void ret(Cpu c, Insn i) {
        long target = c.peek(0, i.opSize);
        branch(c, target, i.opSize);
        c.pop(i.opSize);
    }

    public static void retImm(Cpu c, Insn i) {
        long target = c.peek(0, i.opSize);
        branch(c, target, i.opSize);
        c.pop(i.opSize);
        int spSize = c.stackAddrSize();
        c.setReg(Cpu.RSP, spSize, c.reg(Cpu.RSP, spSize) + (i.imm & 0xffff));
    }

    /** The count register of LOOP/JrCXZ is rCX at the address size. */
    private static long decrementCount(Cpu c, Insn i) {
        long count = (c.reg(Cpu.RCX, i.addrSize) - 1) & Cpu.mask(i.addrSize);
        c.setReg(Cpu.RCX, i.addrSize, count);
        return count;
    }

    public static void loop(Cpu c, Insn i) {
        if (decrementCount(c, i) != 0) branch(c, c.rip + i.imm, i.opSize);
    }

    public static void loope(Cpu c, Insn i) {
        if (decrementCount(c, i) != 0 && c.flags.zf()) branch(c, c.rip + i.imm, i.opSize);
    }

    public static void loopne(Cpu c, Insn i) {
        if (decrementCount(c, i) != 0 && !c.flags.zf()) branch(c, c.rip + i.imm, i.opSize);
    }

    public static void jrcxz(Cpu c, Insn i) {
        if (c.reg(Cpu.RCX, i.addrSize) == 0) branch(c, c.rip + i.imm, i.opSize);
    }
}

package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Insn;

/** Near control transfers: JMP, Jcc, CALL, RET, LOOP/LOOPE/LOOPNE, JrCXZ. */
public final class ControlFlow {
    private ControlFlow() {
    }

    /** {@code target} truncated to the operand size; #GP(0) for a non-canonical 64-bit target. */
    static long checkedTarget(long target, int size) {
        if (size == 8) {
            if (!Cpu.canonical(target)) throw CpuException.gp(0);
            return target;
        }
        return target & Cpu.mask(size);
    }

    static void branch(Cpu c, long target, int size) {
        c.rip = checkedTarget(target, size);
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
        call(c, c.rip + i.imm, i.opSize);
    }

    public static void callIndirect(Cpu c, Insn i) {
        call(c, c.read(i, 0), i.opSize);
    }

    /** Pushes the return address, then checks the target: a #GP leaves RSP unchanged (the stored address stays, as on the host CPU). */
    private static void call(Cpu c, long target, int size) {
        long oldRsp = c.gpr[Cpu.RSP];
        c.push(c.rip, size);
        try {
            c.rip = checkedTarget(target, size);
        } catch (CpuException badTarget) {
            c.gpr[Cpu.RSP] = oldRsp;
            throw badTarget;
        }
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

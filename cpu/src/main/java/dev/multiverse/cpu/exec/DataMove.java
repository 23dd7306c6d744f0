package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.insn.Insn;

/** Data movement: MOV, MOVZX, MOVSX/MOVSXD, LEA, XCHG, XLAT and the NOP family. */
public final class DataMove {
    private DataMove() {
    }

    public static void mov(Cpu c, Insn i) {
        c.write(i, 0, c.read(i, 1));
    }

    public static void movzx(Cpu c, Insn i) {
        c.write(i, 0, c.read(i, 1));
    }

    public static void movsx(Cpu c, Insn i) {
        c.write(i, 0, Cpu.signExtend(c.read(i, 1), i.size1));
    }

    public static void lea(Cpu c, Insn i) {
        c.write(i, 0, c.ea(i));
    }

    /** XCHG; with a memory operand it is always locked, which a single-threaded interpreter gives for free. */
    public static void xchg(Cpu c, Insn i) {
        long a = c.read(i, 0), b = c.read(i, 1);
        c.write(i, 0, b);
        c.write(i, 1, a);
    }

    /** 90+r: XCHG rAX with a register; plain 90 (no REX.B) is NOP and leaves RAX alone even in 64-bit mode. */
    public static void xchgAccumulator(Cpu c, Insn i) {
        if (i.rm != 0) {
            xchg(c, i);
        }
    }

    /** XLAT: AL = [seg:rBX + AL], with rBX at the address size. */
    public static void xlat(Cpu c, Insn i) {
        long offset = (c.gpr[Cpu.RBX] + (c.gpr[Cpu.RAX] & 0xff)) & Cpu.mask(i.addrSize);
        c.setReg(Cpu.RAX, 1, c.readMem(i.seg, offset, 1));
    }

    public static void nop(Cpu c, Insn i) {
    }
}

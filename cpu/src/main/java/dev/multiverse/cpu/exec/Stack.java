package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;

/**
 * Stack instructions: PUSH/POP of registers, immediates, memory and segment registers, PUSHA/POPA,
 * PUSHF/POPF, ENTER and LEAVE. The stack pointer moves by the operand size and wraps at the stack
 * address size (SS.B, or 64 bits in 64-bit mode). Each semantic reads and writes memory before it
 * changes a register, so a fault leaves the registers as they were.
 */
public final class Stack {
    private Stack() {
    }

    private static long sp(Cpu c) {
        return c.reg(Cpu.RSP, c.stackAddrSize());
    }

    private static void setSp(Cpu c, long v) {
        c.setReg(Cpu.RSP, c.stackAddrSize(), v);
    }

    /** The stack offset {@code delta} bytes from {@code sp}, wrapped to the stack address size. */
    private static long offset(Cpu c, long sp, long delta) {
        return (sp + delta) & Cpu.mask(c.stackAddrSize());
    }

    // ---- PUSH / POP ----

    /** PUSH r, imm or r/m: the value is read first, so PUSH rSP pushes the value from before the push. */
    public static void push(Cpu c, Insn i) {
        c.push(c.read(i, 0), i.opSize);
    }

    /**
     * POP r or r/m. To memory, the address is computed with rSP already incremented (SDM), but rSP itself
     * changes only after the write succeeds. POP rSP leaves the popped value in rSP.
     */
    public static void pop(Cpu c, Insn i) {
        int size = i.opSize;
        long value = c.peek(0, size);
        if (i.loc0 == Insn.MEM) {
            long oldRsp = c.gpr[Cpu.RSP];
            setSp(c, sp(c) + size);
            long address = c.ea(i);
            c.gpr[Cpu.RSP] = oldRsp;
            c.writeMem(i.seg, address, size, value);
        }
        setSp(c, sp(c) + size);
        if (i.loc0 != Insn.MEM) {
            c.setReg(i.loc0, size, value);
        }
    }

    /**
     * PUSH Sreg: with a 32- or 64-bit operand the stack pointer moves by the operand size but only the
     * 16-bit selector is written, leaving the rest of the slot as it was (what recent Intel cores do;
     * the SDM allows this or zero extension).
     */
    private static void pushSegment(Cpu c, Insn i, int s) {
        long newSp = offset(c, sp(c), -i.opSize);
        c.writeMem(Insn.SS, newSp, 2, c.seg[s].selector);
        setSp(c, newSp);
    }

    /** POP Sreg: the segment loads (and may fault) before rSP moves. */
    private static void popSegment(Cpu c, Insn i, int s) {
        int selector = (int) c.peek(0, i.opSize) & 0xffff;
        SegmentLoad.loadData(c, s, selector);
        setSp(c, sp(c) + i.opSize);
    }

    public static void pushEs(Cpu c, Insn i) {
        pushSegment(c, i, Insn.ES);
    }

    public static void pushCs(Cpu c, Insn i) {
        pushSegment(c, i, Insn.CS);
    }

    public static void pushSs(Cpu c, Insn i) {
        pushSegment(c, i, Insn.SS);
    }

    public static void pushDs(Cpu c, Insn i) {
        pushSegment(c, i, Insn.DS);
    }

    public static void pushFs(Cpu c, Insn i) {
        pushSegment(c, i, Insn.FS);
    }

    public static void pushGs(Cpu c, Insn i) {
        pushSegment(c, i, Insn.GS);
    }

    public static void popEs(Cpu c, Insn i) {
        popSegment(c, i, Insn.ES);
    }

    public static void popSs(Cpu c, Insn i) {
        popSegment(c, i, Insn.SS);
        SystemOps.stackSwitchShadow(c);
    }

    public static void popDs(Cpu c, Insn i) {
        popSegment(c, i, Insn.DS);
    }

    public static void popFs(Cpu c, Insn i) {
        popSegment(c, i, Insn.FS);
    }

    public static void popGs(Cpu c, Insn i) {
        popSegment(c, i, Insn.GS);
    }

    // ---- PUSHA / POPA ----

    /** PUSHA/PUSHAD: rAX, rCX, rDX, rBX, the original rSP, rBP, rSI, rDI, in that order downwards. */
    public static void pusha(Cpu c, Insn i) {
        int size = i.opSize;
        long sp = sp(c);
        for (int r = Cpu.RAX; r <= Cpu.RDI; r++) {
            c.writeMem(Insn.SS, offset(c, sp, -(r + 1L) * size), size, c.reg(r, size));
        }
        setSp(c, offset(c, sp, -8L * size));
    }

    /** POPA/POPAD: the reverse; the saved rSP slot is skipped. */
    public static void popa(Cpu c, Insn i) {
        int size = i.opSize;
        long sp = sp(c);
        long[] values = new long[8];
        for (int r = Cpu.RDI; r >= Cpu.RAX; r--) {
            values[r] = c.readMem(Insn.SS, offset(c, sp, (long) (Cpu.RDI - r) * size), size);
        }
        for (int r = Cpu.RAX; r <= Cpu.RDI; r++) {
            if (r != Cpu.RSP) c.setReg(r, size, values[r]);
        }
        setSp(c, offset(c, sp, 8L * size));
    }

    // ---- PUSHF / POPF ----

    private static int iopl(long flags) {
        return (int) (flags >>> 12) & 3;
    }

    private static boolean vme(Cpu c) {
        return (c.cr4 & 1) != 0;
    }

    /**
     * PUSHF: the image has VM and RF clear. In virtual-8086 mode with IOPL &lt; 3 it is #GP(0), unless
     * CR4.VME is set and the operand is 16 bits: then IF is replaced by VIF and IOPL reads as 3.
     */
    public static void pushf(Cpu c, Insn i) {
        long flags = c.flags.get();
        if ((flags & Flags.VM) != 0 && iopl(flags) < 3) {
            if (i.opSize != 2 || !vme(c)) throw CpuException.gp(0);
            long image = (flags & 0xffff & ~Flags.IF) | Flags.IOPL | ((flags & Flags.VIF) != 0 ? Flags.IF : 0);
            c.push(image, 2);
            return;
        }
        c.push(flags & ~(long) (Flags.VM | Flags.RF), i.opSize);
    }

    /**
     * POPF with the SDM's writable-bit rules: VM, VIP and VIF never change; RF is cleared by a 32- or
     * 64-bit POPF and untouched by a 16-bit one; IOPL changes only at CPL 0; IF only when CPL &le; IOPL.
     * In virtual-8086 mode IOPL must be 3 (else #GP(0), or with CR4.VME and a 16-bit operand the popped IF
     * goes to VIF).
     */
    public static void popf(Cpu c, Insn i) {
        int size = i.opSize;
        long popped = c.peek(0, size);
        long old = c.flags.get();
        long writable = Flags.STATUS | Flags.TF | Flags.IF | Flags.DF | Flags.IOPL | Flags.NT | Flags.AC | Flags.ID;
        long result;
        if ((old & Flags.VM) == 0) {
            boolean realOrRing0 = (c.cr0 & Cpu.CR0_PE) == 0 || c.cpl == 0;
            if (!realOrRing0) {
                writable &= ~Flags.IOPL;
                if (c.cpl > iopl(old)) writable &= ~Flags.IF;
            }
        } else if (iopl(old) == 3) {
            writable &= ~Flags.IOPL;
        } else {
            if (size != 2 || !vme(c)) throw CpuException.gp(0);
            if ((popped & Flags.TF) != 0 || ((popped & Flags.IF) != 0 && (old & Flags.VIP) != 0)) {
                throw CpuException.gp(0);
            }
            writable &= ~(Flags.IOPL | Flags.IF);
            long vif = (popped & Flags.IF) != 0 ? Flags.VIF : 0;
            old = (old & ~(long) Flags.VIF) | vif;
        }
        if (size == 2) {
            writable &= 0xffff;
            result = (old & ~writable) | (popped & writable);
        } else {
            result = ((old & ~writable) | (popped & writable)) & ~(long) Flags.RF;
        }
        c.flags.put(result);
        setSp(c, sp(c) + size);
    }

    // ---- ENTER / LEAVE ----

    /**
     * ENTER alloc, level: pushes rBP, copies level-1 frame pointers from the enclosing frame (read through
     * rBP), pushes the new frame pointer, then sets rBP to it and reserves {@code alloc} bytes. All memory
     * accesses come first, including the SDM's check that the final stack pointer is writable.
     */
    public static void enter(Cpu c, Insn i) {
        int size = i.opSize;
        long alloc = i.imm & 0xffff;
        int level = (int) i.imm2 & 0x1f;
        long sp = sp(c);
        long bp = c.reg(Cpu.RBP, c.stackAddrSize());
        sp = offset(c, sp, -size);
        c.writeMem(Insn.SS, sp, size, c.reg(Cpu.RBP, size));
        long frame = sp;
        if (level > 0) {
            for (int n = 1; n < level; n++) {
                bp = offset(c, bp, -size);
                long link = c.readMem(Insn.SS, bp, size);
                sp = offset(c, sp, -size);
                c.writeMem(Insn.SS, sp, size, link);
            }
            sp = offset(c, sp, -size);
            c.writeMem(Insn.SS, sp, size, frame);
        }
        long finalSp = offset(c, sp, -alloc);
        c.mmu.probeWrite(c.dataLinear(Insn.SS, finalSp, size, true), size, c.dataPrivilege());
        c.setReg(Cpu.RBP, size, frame);
        setSp(c, finalSp);
    }

    /** LEAVE: rSP = rBP, then rBP = pop; the saved rBP is read before any register changes. */
    public static void leave(Cpu c, Insn i) {
        int size = i.opSize;
        long bp = c.reg(Cpu.RBP, c.stackAddrSize());
        long saved = c.readMem(Insn.SS, bp, size);
        setSp(c, bp + size);
        c.setReg(Cpu.RBP, size, saved);
    }
}

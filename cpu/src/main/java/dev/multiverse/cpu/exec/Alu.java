package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;

/**
 * Two-operand arithmetic and logic (ADD, OR, ADC, SBB, AND, SUB, XOR, CMP, TEST) and the one-operand
 * INC, DEC, NEG, NOT. The destination is written before the flags, so a faulting write changes nothing.
 */
public final class Alu {
    private Alu() {
    }

    public static void add(Cpu c, Insn i) {
        long a = c.read(i, 0), b = c.read(i, 1), r = a + b;
        c.write(i, 0, r);
        c.flags.set(Flags.ADD, i.size0, a, b, r);
    }

    public static void adc(Cpu c, Insn i) {
        long a = c.read(i, 0), b = c.read(i, 1);
        boolean cf = c.flags.cf();
        long r = a + b + (cf ? 1 : 0);
        c.write(i, 0, r);
        c.flags.set(Flags.ADC, i.size0, a, b, r, cf);
    }

    public static void sub(Cpu c, Insn i) {
        long a = c.read(i, 0), b = c.read(i, 1), r = a - b;
        c.write(i, 0, r);
        c.flags.set(Flags.SUB, i.size0, a, b, r);
    }

    public static void sbb(Cpu c, Insn i) {
        long a = c.read(i, 0), b = c.read(i, 1);
        boolean cf = c.flags.cf();
        long r = a - b - (cf ? 1 : 0);
        c.write(i, 0, r);
        c.flags.set(Flags.SBB, i.size0, a, b, r, cf);
    }

    public static void cmp(Cpu c, Insn i) {
        long a = c.read(i, 0), b = c.read(i, 1);
        c.flags.set(Flags.SUB, i.size0, a, b, a - b);
    }

    public static void and(Cpu c, Insn i) {
        long r = c.read(i, 0) & c.read(i, 1);
        c.write(i, 0, r);
        c.flags.set(Flags.LOGIC, i.size0, 0, 0, r);
    }

    public static void or(Cpu c, Insn i) {
        long r = c.read(i, 0) | c.read(i, 1);
        c.write(i, 0, r);
        c.flags.set(Flags.LOGIC, i.size0, 0, 0, r);
    }

    public static void xor(Cpu c, Insn i) {
        long r = c.read(i, 0) ^ c.read(i, 1);
        c.write(i, 0, r);
        c.flags.set(Flags.LOGIC, i.size0, 0, 0, r);
    }

    public static void test(Cpu c, Insn i) {
        c.flags.set(Flags.LOGIC, i.size0, 0, 0, c.read(i, 0) & c.read(i, 1));
    }

    public static void inc(Cpu c, Insn i) {
        long a = c.read(i, 0), r = a + 1;
        c.write(i, 0, r);
        c.flags.setIncDec(Flags.INC, i.size0, a, r);
    }

    public static void dec(Cpu c, Insn i) {
        long a = c.read(i, 0), r = a - 1;
        c.write(i, 0, r);
        c.flags.setIncDec(Flags.DEC, i.size0, a, r);
    }

    public static void neg(Cpu c, Insn i) {
        long b = c.read(i, 0), r = -b;
        c.write(i, 0, r);
        c.flags.set(Flags.SUB, i.size0, 0, b, r);
    }

    public static void not(Cpu c, Insn i) {
        c.write(i, 0, ~c.read(i, 0));
    }
}

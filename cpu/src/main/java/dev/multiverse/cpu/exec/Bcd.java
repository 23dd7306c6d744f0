package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;

/**
 * The BCD adjustments of AL/AX (DAA, DAS, AAA, AAS, AAM, AAD), valid outside 64-bit mode only. The
 * flags the SDM leaves undefined are set as an Intel CPU sets them, checked against the host CPU for
 * every input by BcdHostTest: OF is cleared by DAA, DAS, AAA, AAS and AAM; AAA and AAS set SF, ZF and PF
 * from the final AL; AAD sets all six as the 8-bit addition of AL and AH * imm8 does.
 */
public final class Bcd {
    private Bcd() {
    }

    private static int al(Cpu c) {
        return (int) c.gpr[Cpu.RAX] & 0xff;
    }

    private static void setAl(Cpu c, int al) {
        c.gpr[Cpu.RAX] = (c.gpr[Cpu.RAX] & ~0xffL) | (al & 0xff);
    }

    private static void setAx(Cpu c, int ax) {
        c.gpr[Cpu.RAX] = (c.gpr[Cpu.RAX] & ~0xffffL) | (ax & 0xffff);
    }

    /** DAA: decimal adjust AL after an addition. */
    public static void daa(Cpu c, Insn i) {
        int old = al(c), al = old;
        boolean oldCf = c.flags.cf();
        long bits = 0;
        if ((al & 0xf) > 9 || c.flags.af()) {
            al += 6;
            bits |= Flags.AF;
        }
        if (old > 0x99 || oldCf) {
            al += 0x60;
            bits |= Flags.CF;
        }
        setAl(c, al);
        c.flags.setStatus(bits | ResultFlags.szp(al, 1));
    }

    /** DAS: decimal adjust AL after a subtraction. A borrow out of the low-digit step also sets CF. */
    public static void das(Cpu c, Insn i) {
        int old = al(c), al = old;
        boolean oldCf = c.flags.cf();
        long bits = 0;
        if ((al & 0xf) > 9 || c.flags.af()) {
            if (al < 6) bits |= Flags.CF;
            al -= 6;
            bits |= Flags.AF;
        }
        if (old > 0x99 || oldCf) {
            al -= 0x60;
            bits |= Flags.CF;
        }
        setAl(c, al);
        c.flags.setStatus(bits | ResultFlags.szp(al, 1));
    }

    /** AAA: ASCII adjust after an addition; AL+6 carries into AH before AH is incremented. */
    public static void aaa(Cpu c, Insn i) {
        int ax = (int) c.gpr[Cpu.RAX] & 0xffff;
        long bits = 0;
        if ((ax & 0xf) > 9 || c.flags.af()) {
            ax += 0x106;
            bits = Flags.AF | Flags.CF;
        }
        ax &= 0xff0f;
        setAx(c, ax);
        c.flags.setStatus(bits | ResultFlags.szp(ax, 1));
    }

    /** AAS: ASCII adjust after a subtraction; AL-6 borrows from AH before AH is decremented. */
    public static void aas(Cpu c, Insn i) {
        int ax = (int) c.gpr[Cpu.RAX] & 0xffff;
        long bits = 0;
        if ((ax & 0xf) > 9 || c.flags.af()) {
            ax -= 6;
            ax -= 0x100;
            bits = Flags.AF | Flags.CF;
        }
        ax &= 0xff0f;
        setAx(c, ax);
        c.flags.setStatus(bits | ResultFlags.szp(ax, 1));
    }

    /** AAM imm8: AH = AL / imm8, AL = AL mod imm8; #DE when imm8 is 0. */
    public static void aam(Cpu c, Insn i) {
        int base = (int) i.imm & 0xff;
        if (base == 0) throw CpuException.of(CpuException.DE);
        int al = al(c);
        int remainder = al % base;
        setAx(c, (al / base) << 8 | remainder);
        c.flags.setStatus(ResultFlags.szp(remainder, 1));
    }

    /** AAD imm8: AL = AL + AH * imm8 (8 bits), AH = 0. */
    public static void aad(Cpu c, Insn i) {
        int ax = (int) c.gpr[Cpu.RAX] & 0xffff;
        int al = ax & 0xff, product = ((ax >> 8) * ((int) i.imm & 0xff)) & 0xff;
        int result = (al + product) & 0xff;
        setAx(c, result);
        c.flags.set(Flags.ADD, 1, al, product, result);
    }
}

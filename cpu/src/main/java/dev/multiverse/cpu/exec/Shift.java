package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;

/**
 * Shifts and rotates: ROL, ROR, RCL, RCR, SHL/SAL, SHR, SAR (count in operand 1) and SHLD, SHRD (count in
 * operand 2). The count is masked to 5 bits, 6 with 64-bit operands.
 *
 * <p>The destination is always written back, even for a zero count (a 32-bit register is then still
 * zero-extended, and a read-only page still faults, as on hardware). A masked count of zero, and an
 * RCL/RCR count that is a multiple of 9 or 17 for byte and word operands, leave every flag unchanged.
 *
 * <p>Flags the manuals leave undefined follow the Intel CPUs this was checked on (Sapphire Rapids): for
 * counts above one OF is what a one-bit step of the same operation on the original operand would give
 * (SHL, ROL, RCL: its top two bits differ; SHR: its top bit; SAR: clear; ROR: its top and bottom bits differ;
 * RCR: its top bit differs from the incoming CF; SHLD: as SHL; SHRD: its top bit differs from the source's
 * bottom bit). Shifts clear AF; a shift count at or above the operand width leaves CF clear (SHL, SHR).
 * A 16-bit SHLD/SHRD with a count above 16 shifts the 48-bit pattern dest:src:dest.
 */
public final class Shift {
    private Shift() {
    }

    private static int countMask(int size) {
        return size == 8 ? 63 : 31;
    }

    private static long bit(long v, int n) {
        return (v >>> n) & 1;
    }

    /** v >>> n for any n >= 0 (Java would take n mod 64). */
    private static long shr(long v, int n) {
        return n >= 64 ? 0 : v >>> n;
    }

    /** v << n for any n >= 0. */
    private static long shl(long v, int n) {
        return n >= 64 ? 0 : v << n;
    }

    private static long flag(long condition, int flag) {
        return condition != 0 ? flag : 0;
    }

    /** Writes the shifted result, then sets the status flags of a shift: SF/ZF/PF from it, AF clear. */
    private static void finishShift(Cpu c, Insn i, int size, long result, long cf, long of) {
        c.write(i, 0, result);
        c.flags.setStatus(ResultFlags.szp(result, size) | flag(cf, Flags.CF) | flag(of, Flags.OF));
    }

    /** Writes the rotated result, then replaces only CF and OF. */
    private static void finishRotate(Cpu c, Insn i, long result, long cf, long of) {
        c.write(i, 0, result);
        long bits = flag(cf, Flags.CF) | flag(of, Flags.OF);
        c.flags.setStatus(ResultFlags.merge(c.flags.get(), Flags.CF | Flags.OF, bits));
    }

    public static void shl(Cpu c, Insn i) {
        int size = i.size0, n = size * 8;
        long x = c.read(i, 0);
        int count = (int) c.read(i, 1) & countMask(size);
        if (count == 0) {
            c.write(i, 0, x);
            return;
        }
        long r = shl(x, count) & Cpu.mask(size);
        long cf = count <= n ? bit(x, n - count) : 0;
        finishShift(c, i, size, r, cf, bit(x, n - 1) ^ bit(x, n - 2));
    }

    public static void shr(Cpu c, Insn i) {
        int size = i.size0, n = size * 8;
        long x = c.read(i, 0);
        int count = (int) c.read(i, 1) & countMask(size);
        if (count == 0) {
            c.write(i, 0, x);
            return;
        }
        long cf = count <= n ? bit(x, count - 1) : 0;
        finishShift(c, i, size, x >>> count, cf, bit(x, n - 1));
    }

    public static void sar(Cpu c, Insn i) {
        int size = i.size0;
        long x = c.read(i, 0);
        int count = (int) c.read(i, 1) & countMask(size);
        if (count == 0) {
            c.write(i, 0, x);
            return;
        }
        long s = Cpu.signExtend(x, size);
        finishShift(c, i, size, (s >> count) & Cpu.mask(size), (s >> (count - 1)) & 1, 0);
    }

    public static void rol(Cpu c, Insn i) {
        int size = i.size0, n = size * 8;
        long x = c.read(i, 0);
        int count = (int) c.read(i, 1) & countMask(size);
        if (count == 0) {
            c.write(i, 0, x);
            return;
        }
        int k = count % n;
        long r = (shl(x, k) | shr(x, n - k)) & Cpu.mask(size);
        finishRotate(c, i, r, r & 1, bit(x, n - 1) ^ bit(x, n - 2));
    }

    public static void ror(Cpu c, Insn i) {
        int size = i.size0, n = size * 8;
        long x = c.read(i, 0);
        int count = (int) c.read(i, 1) & countMask(size);
        if (count == 0) {
            c.write(i, 0, x);
            return;
        }
        int k = count % n;
        long r = (shr(x, k) | shl(x, n - k)) & Cpu.mask(size);
        finishRotate(c, i, r, bit(r, n - 1), bit(x, n - 1) ^ (x & 1));
    }

    /** RCL rotates the (n+1)-bit value CF:dest left. */
    public static void rcl(Cpu c, Insn i) {
        int size = i.size0, n = size * 8;
        long x = c.read(i, 0);
        int k = ((int) c.read(i, 1) & countMask(size)) % (n + 1);
        if (k == 0) {
            c.write(i, 0, x);
            return;
        }
        long cf = c.flags.cf() ? 1 : 0;
        long r = (shl(x, k) | (cf << (k - 1)) | shr(x, n + 1 - k)) & Cpu.mask(size);
        finishRotate(c, i, r, bit(x, n - k), bit(x, n - 1) ^ bit(x, n - 2));
    }

    /** RCR rotates the (n+1)-bit value CF:dest right. */
    public static void rcr(Cpu c, Insn i) {
        int size = i.size0, n = size * 8;
        long x = c.read(i, 0);
        int k = ((int) c.read(i, 1) & countMask(size)) % (n + 1);
        if (k == 0) {
            c.write(i, 0, x);
            return;
        }
        long cf = c.flags.cf() ? 1 : 0;
        long r = (shr(x, k) | (cf << (n - k)) | shl(x, n + 1 - k)) & Cpu.mask(size);
        finishRotate(c, i, r, bit(x, k - 1), bit(x, n - 1) ^ cf);
    }

    /** SHLD dest, src, count: dest shifted left, filled from the top of src. */
    public static void shld(Cpu c, Insn i) {
        int size = i.size0, n = size * 8;
        long x = c.read(i, 0), y = c.read(i, 1);
        int count = (int) c.read(i, 2) & countMask(size);
        if (count == 0) {
            c.write(i, 0, x);
            return;
        }
        long r, cf;
        if (size == 2) {
            long pattern = (x << 32) | (y << 16) | x;
            r = (pattern >>> (32 - count)) & 0xffff;
            cf = bit(pattern, 48 - count);
        } else {
            r = ((x << count) | shr(y, n - count)) & Cpu.mask(size);
            cf = bit(x, n - count);
        }
        finishShift(c, i, size, r, cf, bit(x, n - 1) ^ bit(x, n - 2));
    }

    /** SHRD dest, src, count: dest shifted right, filled from the bottom of src. */
    public static void shrd(Cpu c, Insn i) {
        int size = i.size0, n = size * 8;
        long x = c.read(i, 0), y = c.read(i, 1);
        int count = (int) c.read(i, 2) & countMask(size);
        if (count == 0) {
            c.write(i, 0, x);
            return;
        }
        long r, cf;
        if (size == 2) {
            long pattern = (x << 32) | (y << 16) | x;
            r = (pattern >>> count) & 0xffff;
            cf = bit(pattern, count - 1);
        } else {
            r = ((x >>> count) | (y << (n - count))) & Cpu.mask(size);
            cf = bit(x, count - 1);
        }
        finishShift(c, i, size, r, cf, bit(x, n - 1) ^ (y & 1));
    }
}

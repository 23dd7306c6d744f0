package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.mmu.Access;
import dev.multiverse.mmu.PhysicalMemory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * String instructions MOVS, CMPS, STOS, LODS, SCAS, INS and OUTS, single or under REP/REPE/REPNE. The
 * source is seg:rSI (DS unless overridden), the destination always ES:rDI; rSI, rDI and the rCX counter
 * are used at the address size, and DF selects the direction.
 *
 * <p>Faults are precise: rCX, rSI and rDI describe the completed elements when an access faults, so the
 * restarted instruction carries on where it stopped. A long REP runs at most {@link #ELEMENTS_PER_STEP}
 * elements per execution and then restarts itself (RIP stays on it, as when hardware takes an interrupt
 * between iterations), so interrupts, stop requests and instruction budgets are still seen during it.
 *
 * <p>Forward MOVS and STOS copy or fill whole runs inside one source and one destination page straight
 * in guest RAM; runs touching MMIO, open bus or pages that hold decoded code take the element path.
 */
public final class StringOps {
    /** Elements one execution of a REP instruction handles before it restarts itself. */
    static final long ELEMENTS_PER_STEP = 1 << 16;
    /** Below this many bytes a run is cheaper element by element (the TLB hits) than through two page walks. */
    private static final long MIN_RUN_BYTES = 64;

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private StringOps() {
    }

    private static boolean repeated(Insn i) {
        return (i.prefixes & (Insn.REP | Insn.REPNE)) != 0;
    }

    private static long step(Cpu c, int size) {
        return c.flags.df() ? -size : size;
    }

    /** Elements this execution may do out of {@code count} (an unsigned rCX value). */
    private static long budget(long count) {
        return Long.compareUnsigned(count, ELEMENTS_PER_STEP) < 0 ? count : ELEMENTS_PER_STEP;
    }

    /**
     * Writes back rCX, rSI and rDI after {@code done} completed elements of a REP. With none done nothing
     * changes, except that a 32-bit address size in 64-bit mode still zero-extends rCX, and for MOVS and
     * STOS ({@code moves}) also the pointers: what the host Intel CPU does.
     */
    private static void finish(Cpu c, Insn i, long count, long done, long si, long di, boolean usesSi, boolean usesDi,
                               boolean moves) {
        int as = i.addrSize;
        if (done == 0) {
            if (as != 4 || !c.longMode()) return;
            c.setReg(Cpu.RCX, as, count);
            if (!moves) return;
        }
        c.setReg(Cpu.RCX, as, count - done);
        if (usesSi) c.setReg(Cpu.RSI, as, si);
        if (usesDi) c.setReg(Cpu.RDI, as, di);
    }

    private static void continueLater(Cpu c) {
        c.rip = c.insnStart;
    }

    // ---- MOVS ----

    public static void movs(Cpu c, Insn i) {
        int size = i.size0, as = i.addrSize;
        long step = step(c, size), m = Cpu.mask(as);
        long si = c.reg(Cpu.RSI, as), di = c.reg(Cpu.RDI, as);
        if (!repeated(i)) {
            c.writeMem(Insn.ES, di, size, c.readMem(i.seg, si, size));
            c.setReg(Cpu.RSI, as, si + step);
            c.setReg(Cpu.RDI, as, di + step);
            return;
        }
        long count = c.reg(Cpu.RCX, as), todo = budget(count), done = 0;
        try {
            while (done < todo) {
                long run = step > 0 ? copyRun(c, i.seg, si, di, size, todo - done, as) : -(todo - done);
                if (run > 0) {
                    si = (si + run * size) & m;
                    di = (di + run * size) & m;
                    done += run;
                    continue;
                }
                long end = done - run;
                for (; done < end; done++) {
                    c.writeMem(Insn.ES, di, size, c.readMem(i.seg, si, size));
                    si = (si + step) & m;
                    di = (di + step) & m;
                }
            }
        } finally {
            finish(c, i, count, done, si, di, true, true, true);
        }
        if (done != count) continueLater(c);
    }

    /**
     * Copies a forward run of up to {@code max} elements that stays inside one source page and one
     * destination page directly in RAM, and returns the elements copied. Returns minus the number of
     * elements the caller must copy one by one instead (at least one) when the run is short, crosses a page
     * or the address-size wrap, is not plain RAM, writes decoded code, or overlaps its own source ahead of
     * it (a forward element copy then replicates data, which a block copy would not).
     */
    private static long copyRun(Cpu c, int srcSeg, long si, long di, int size, long max, int as) {
        long srcLinear = c.linear(srcSeg, si), dstLinear = c.linear(Insn.ES, di);
        long bytes = Math.min(max * size, PhysicalMemory.PAGE_SIZE - (srcLinear & 0xfff));
        bytes = Math.min(bytes, PhysicalMemory.PAGE_SIZE - (dstLinear & 0xfff));
        if (as < 8) {
            long wrap = Cpu.mask(as) + 1;
            bytes = Math.min(bytes, Math.min(wrap - si, wrap - di));
        }
        long elements = bytes / size;
        bytes = elements * size;
        if (bytes < MIN_RUN_BYTES || !withinLimits(c, srcSeg, si, bytes, false) || !withinLimits(c, Insn.ES, di, bytes, true)) {
            return -Math.max(elements, 1);
        }
        int privilege = c.dataPrivilege();
        // Same fault order as the element loop: the source read first, then the destination write.
        long src = c.mmu.translate(srcLinear, Access.READ, privilege);
        long dst = c.mmu.translate(dstLinear, Access.WRITE, privilege);
        PhysicalMemory pm = c.mmu.physical();
        boolean overlapsAhead = dst > src && dst - src < bytes;
        if (overlapsAhead || !pm.isRamPage(src) || !pm.isRamPage(dst) || pm.isCode(dst)) {
            return -elements;
        }
        MemorySegment ram = pm.ram();
        MemorySegment.copy(ram, src, ram, dst, bytes);
        return elements;
    }

    // ---- STOS ----

    public static void stos(Cpu c, Insn i) {
        int size = i.size0, as = i.addrSize;
        long step = step(c, size), m = Cpu.mask(as);
        long value = c.reg(Cpu.RAX, size);
        long di = c.reg(Cpu.RDI, as);
        if (!repeated(i)) {
            c.writeMem(Insn.ES, di, size, value);
            c.setReg(Cpu.RDI, as, di + step);
            return;
        }
        long count = c.reg(Cpu.RCX, as), todo = budget(count), done = 0;
        try {
            while (done < todo) {
                long run = step > 0 ? fillRun(c, di, size, value, todo - done, as) : -(todo - done);
                if (run > 0) {
                    di = (di + run * size) & m;
                    done += run;
                    continue;
                }
                long end = done - run;
                for (; done < end; done++) {
                    c.writeMem(Insn.ES, di, size, value);
                    di = (di + step) & m;
                }
            }
        } finally {
            finish(c, i, count, done, 0, di, false, true, true);
        }
        if (done != count) continueLater(c);
    }

    /**
     * Whether a block access may take the fast path: inside the segment limits and with no data
     * watchpoint armed. Otherwise the element loop runs, faulting or trapping at the exact element.
     */
    private static boolean withinLimits(Cpu c, int seg, long offset, long bytes, boolean write) {
        if (c.watchpoints) return false;
        try {
            c.dataLinear(seg, offset, (int) bytes, write);
            return true;
        } catch (CpuException outside) {
            return false;
        }
    }

    /** Like {@link #copyRun}, for a forward fill of one destination page. */
    private static long fillRun(Cpu c, long di, int size, long value, long max, int as) {
        long dstLinear = c.linear(Insn.ES, di);
        long bytes = Math.min(max * size, PhysicalMemory.PAGE_SIZE - (dstLinear & 0xfff));
        if (as < 8) bytes = Math.min(bytes, Cpu.mask(as) + 1 - di);
        long elements = bytes / size;
        bytes = elements * size;
        if (bytes < MIN_RUN_BYTES || !withinLimits(c, Insn.ES, di, bytes, true)) return -Math.max(elements, 1);
        long dst = c.mmu.translate(dstLinear, Access.WRITE, c.dataPrivilege());
        PhysicalMemory pm = c.mmu.physical();
        if (!pm.isRamPage(dst) || pm.isCode(dst)) return -elements;
        MemorySegment ram = pm.ram();
        if (sameBytes(value, size)) {
            ram.asSlice(dst, bytes).fill((byte) value);
            return elements;
        }
        for (long at = dst, end = dst + bytes; at < end; at += size) {
            switch (size) {
                case 2 -> ram.set(SHORT, at, (short) value);
                case 4 -> ram.set(INT, at, (int) value);
                default -> ram.set(LONG, at, value);
            }
        }
        return elements;
    }

    /** True if every byte of the low {@code size} bytes of {@code v} is the same (zeroing, 0xff fills...). */
    private static boolean sameBytes(long v, int size) {
        long m = Cpu.mask(size);
        return ((v & 0xff) * 0x0101_0101_0101_0101L & m) == (v & m);
    }

    // ---- LODS ----

    public static void lods(Cpu c, Insn i) {
        int size = i.size0, as = i.addrSize;
        long step = step(c, size), m = Cpu.mask(as);
        long si = c.reg(Cpu.RSI, as);
        if (!repeated(i)) {
            long v = c.readMem(i.seg, si, size);
            c.setReg(Cpu.RAX, size, v);
            c.setReg(Cpu.RSI, as, si + step);
            return;
        }
        long count = c.reg(Cpu.RCX, as), todo = budget(count), done = 0;
        try {
            for (; done < todo; done++) {
                c.setReg(Cpu.RAX, size, c.readMem(i.seg, si, size));
                si = (si + step) & m;
            }
        } finally {
            finish(c, i, count, done, si, 0, true, false, false);
        }
        if (done != count) continueLater(c);
    }

    // ---- CMPS and SCAS: REPE stops on a difference, REPNE on a match ----

    public static void cmps(Cpu c, Insn i) {
        int size = i.size0, as = i.addrSize;
        long step = step(c, size), m = Cpu.mask(as);
        long si = c.reg(Cpu.RSI, as), di = c.reg(Cpu.RDI, as);
        if (!repeated(i)) {
            long a = c.readMem(i.seg, si, size), b = c.readMem(Insn.ES, di, size);
            c.flags.set(Flags.SUB, size, a, b, a - b);
            c.setReg(Cpu.RSI, as, si + step);
            c.setReg(Cpu.RDI, as, di + step);
            return;
        }
        boolean whileEqual = i.has(Insn.REP);
        long count = c.reg(Cpu.RCX, as), todo = budget(count), done = 0;
        boolean stopped = false;
        long flagsBefore = c.flags.get();
        try {
            while (done < todo) {
                long a = c.readMem(i.seg, si, size), b = c.readMem(Insn.ES, di, size);
                c.flags.set(Flags.SUB, size, a, b, a - b);
                si = (si + step) & m;
                di = (di + step) & m;
                done++;
                if ((a == b) != whileEqual) {
                    stopped = true;
                    break;
                }
            }
        } catch (RuntimeException fault) {
            c.flags.put(flagsBefore);   // a fault mid-way leaves the flags as they were before the instruction
            throw fault;
        } finally {
            finish(c, i, count, done, si, di, true, true, false);
        }
        if (!stopped && done != count) continueLater(c);
    }

    public static void scas(Cpu c, Insn i) {
        int size = i.size0, as = i.addrSize;
        long step = step(c, size), m = Cpu.mask(as);
        long a = c.reg(Cpu.RAX, size);
        long di = c.reg(Cpu.RDI, as);
        if (!repeated(i)) {
            long b = c.readMem(Insn.ES, di, size);
            c.flags.set(Flags.SUB, size, a, b, a - b);
            c.setReg(Cpu.RDI, as, di + step);
            return;
        }
        boolean whileEqual = i.has(Insn.REP);
        long count = c.reg(Cpu.RCX, as), todo = budget(count), done = 0;
        boolean stopped = false;
        long flagsBefore = c.flags.get();
        try {
            while (done < todo) {
                long b = c.readMem(Insn.ES, di, size);
                c.flags.set(Flags.SUB, size, a, b, a - b);
                di = (di + step) & m;
                done++;
                if ((a == b) != whileEqual) {
                    stopped = true;
                    break;
                }
            }
        } catch (RuntimeException fault) {
            c.flags.put(flagsBefore);   // a fault mid-way leaves the flags as they were before the instruction
            throw fault;
        } finally {
            finish(c, i, count, done, 0, di, false, true, false);
        }
        if (!stopped && done != count) continueLater(c);
    }

    // ---- INS and OUTS ----

    /** INS: the destination is probed before the port is read, so a faulting restart does not read the port twice. */
    public static void ins(Cpu c, Insn i) {
        int size = Math.min(i.size0, 4), as = i.addrSize;
        long step = step(c, size), m = Cpu.mask(as);
        int port = (int) c.gpr[Cpu.RDX] & 0xffff;
        long di = c.reg(Cpu.RDI, as);
        if (!repeated(i)) {
            IoPermission.check(c, port, size);
            c.mmu.probeWrite(c.dataLinear(Insn.ES, di, size, true), size, c.dataPrivilege());
            c.writeMem(Insn.ES, di, size, c.ports.in(port, size));
            c.setReg(Cpu.RDI, as, di + step);
            return;
        }
        long count = c.reg(Cpu.RCX, as), todo = budget(count), done = 0;
        if (todo != 0) IoPermission.check(c, port, size);
        try {
            for (; done < todo; done++) {
                c.mmu.probeWrite(c.dataLinear(Insn.ES, di, size, true), size, c.dataPrivilege());
                c.writeMem(Insn.ES, di, size, c.ports.in(port, size));
                di = (di + step) & m;
            }
        } finally {
            finish(c, i, count, done, 0, di, false, true, false);
        }
        if (done != count) continueLater(c);
    }

    public static void outs(Cpu c, Insn i) {
        int size = Math.min(i.size1, 4), as = i.addrSize;
        long step = step(c, size), m = Cpu.mask(as);
        int port = (int) c.gpr[Cpu.RDX] & 0xffff;
        long si = c.reg(Cpu.RSI, as);
        if (!repeated(i)) {
            IoPermission.check(c, port, size);
            c.ports.out(port, size, (int) c.readMem(i.seg, si, size));
            c.setReg(Cpu.RSI, as, si + step);
            return;
        }
        long count = c.reg(Cpu.RCX, as), todo = budget(count), done = 0;
        if (todo != 0) IoPermission.check(c, port, size);
        try {
            for (; done < todo; done++) {
                c.ports.out(port, size, (int) c.readMem(i.seg, si, size));
                si = (si + step) & m;
            }
        } finally {
            finish(c, i, count, done, si, 0, true, false, false);
        }
        if (done != count) continueLater(c);
    }
}

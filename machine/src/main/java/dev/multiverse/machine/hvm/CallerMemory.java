package dev.multiverse.machine.hvm;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.mmu.Access;
import dev.multiverse.mmu.PageFault;
import dev.multiverse.mmu.PhysicalMemory;
import dev.multiverse.mmu.Privilege;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A hypercall's memory arguments: virtual addresses in the calling core's address space, read and written
 * through its page tables with its privilege (a CPL 3 caller reaches only user pages). Anything it cannot
 * reach (a page not present or not allowed, an address outside RAM or not canonical) makes the whole access
 * fail with nothing written, never a fault in the guest: the hypercall then returns -1.
 */
final class CallerMemory {
    private CallerMemory() {
    }

    /** {@code length} bytes at {@code address}, or null when some of them cannot be read. */
    static byte[] read(Cpu cpu, long address, int length) {
        long[] pages = translate(cpu, address, length, Access.READ);
        if (pages == null) return null;
        byte[] out = new byte[length];
        PhysicalMemory memory = cpu.mmu.physical();
        int done = 0;
        for (long pa : pages) {
            int chunk = chunk(pa, length - done);
            byte[] part = memory.dump(pa, chunk);
            System.arraycopy(part, 0, out, done, chunk);
            done += chunk;
        }
        return out;
    }

    /** Little-endian 64-bit words at {@code address}, or null. */
    static long[] readWords(Cpu cpu, long address, int count) {
        byte[] bytes = read(cpu, address, count * 8);
        if (bytes == null) return null;
        long[] words = new long[count];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(words);
        return words;
    }

    /** Writes {@code words} little-endian at {@code address}; false, writing nothing, when some page cannot be written. */
    static boolean writeWords(Cpu cpu, long address, long... words) {
        ByteBuffer bytes = ByteBuffer.allocate(words.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long w : words) bytes.putLong(w);
        byte[] data = bytes.array();
        long[] pages = translate(cpu, address, data.length, Access.WRITE);
        if (pages == null) return false;
        PhysicalMemory memory = cpu.mmu.physical();
        int done = 0;
        for (long pa : pages) {
            int chunk = chunk(pa, data.length - done);
            memory.load(pa, data, done, chunk);
            done += chunk;
        }
        return true;
    }

    /** The physical address where each page's part of the range starts, or null if one is out of reach. */
    private static long[] translate(Cpu cpu, long address, int length, int access) {
        if (length <= 0) return new long[0];
        long linear = cpu.longMode() ? address : address & 0xffff_ffffL;
        long last = linear + length - 1;
        if (!Cpu.canonical(linear) || !Cpu.canonical(last) || Long.compareUnsigned(last, linear) < 0) return null;
        int privilege = cpu.cpl == 3 ? Privilege.USER : Privilege.SUPERVISOR;
        long pageCount = ((last >>> 12) - (linear >>> 12)) + 1;
        long[] pages = new long[(int) pageCount];
        PhysicalMemory memory = cpu.mmu.physical();
        long at = linear;
        for (int p = 0; p < pages.length; p++) {
            long pa;
            try {
                pa = cpu.mmu.translate(at, access, privilege);
            } catch (PageFault notPresent) {
                return null;
            }
            if (!memory.isRamPage(pa)) return null;
            pages[p] = pa;
            at = (at | 0xfff) + 1;
        }
        return pages;
    }

    /** How much of {@code remaining} bytes starting at {@code pa} lie in its page. */
    private static int chunk(long pa, int remaining) {
        return (int) Math.min(remaining, PhysicalMemory.PAGE_SIZE - (pa & 0xfff));
    }
}

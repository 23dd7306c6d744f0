package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.state.Segment;

/**
 * Port I/O permission (SDM Vol. 1 §19.5): in protected mode at CPL &gt; IOPL, and always in virtual-8086
 * mode, every port the access touches must have a clear bit in the TSS I/O permission bitmap, whose
 * offset is the 16-bit field at TSS+0x66. A bitmap outside the TSS limit, or a TR that is not a 32/64-bit
 * TSS, denies access with #GP(0).
 */
public final class IoPermission {
    private IoPermission() {
    }

    private static final int IO_MAP_BASE = 0x66;

    public static void check(Cpu c, int port, int size) {
        if ((c.cr0 & Cpu.CR0_PE) == 0) return;
        int iopl = (int) (c.flags.get() >>> 12) & 3;
        if (!c.flags.bit(Flags.VM) && c.cpl <= iopl) return;
        if (!allowedByBitmap(c, port, size)) throw CpuException.gp(0);
    }

    private static boolean allowedByBitmap(Cpu c, int port, int size) {
        Segment tr = c.tr;
        int type = tr.attributes & 0xf;
        boolean tss32 = (tr.attributes & Segment.P) != 0 && (type == 9 || type == 0xb);
        if (!tss32 || tr.limit < IO_MAP_BASE + 1) return false;
        int mapBase = c.mmu.read16(tr.base + IO_MAP_BASE, false) & 0xffff;
        long first = mapBase + (port >>> 3);
        // Two bytes are always read, so an access near the end of a byte still finds its upper bits.
        if (first + 1 > tr.limit) return false;
        int bits = c.mmu.read16(tr.base + first, false) & 0xffff;
        int wanted = ((1 << size) - 1) << (port & 7);
        return (bits & wanted) == 0;
    }
}

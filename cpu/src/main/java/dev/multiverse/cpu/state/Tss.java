package dev.multiverse.cpu.state;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;

/**
 * The task-state segment TR points to (Intel SDM vol. 3, 7.2.1 and 7.7): field offsets of the 32-bit and
 * 64-bit layouts, and the reads privilege changes and I/O permission checks make. All are implicit
 * supervisor accesses; a field beyond TR's limit raises #TS(TR selector).
 */
public final class Tss {
    // 32-bit TSS
    public static final int LINK = 0, ESP0 = 4, SS0 = 8, CR3 = 0x1c, EIP = 0x20, EFLAGS = 0x24, EAX = 0x28,
            ES = 0x48, LDT = 0x60, TRAP = 0x64, IO_MAP_BASE_32 = 0x66;
    /** Smallest limit of a 32-bit TSS (104 bytes). */
    public static final int MIN_LIMIT_32 = 0x67;
    // 64-bit TSS
    public static final int RSP0 = 4, IST1 = 0x24, IO_MAP_BASE_64 = 0x66;

    private Tss() {
    }

    private static long field(Cpu cpu, int offset, int size) {
        if (offset + size - 1 > cpu.tr.limit) {
            throw CpuException.of(CpuException.TS, cpu.tr.selector & 0xfffc);
        }
        return cpu.mmu.read(cpu.tr.base + offset, size, false);
    }

    /** 64-bit TSS: RSP0-2 for a privilege change to {@code level}. */
    public static long rsp(Cpu cpu, int level) {
        return field(cpu, RSP0 + 8 * level, 8);
    }

    /** 64-bit TSS: IST1-7 ({@code n} = 1..7). */
    public static long ist(Cpu cpu, int n) {
        return field(cpu, IST1 + 8 * (n - 1), 8);
    }

    /** 16-bit TSS: SP0, whose SS0 follows; each level's pair takes 4 bytes. */
    private static final int SP0_16 = 2;

    private static boolean sixteenBit(Cpu cpu) {
        return (cpu.tr.attributes & 8) == 0;
    }

    /** 32-bit TSS: ESPn for a privilege change to {@code level} (SPn of a 16-bit TSS). */
    public static long esp(Cpu cpu, int level) {
        return sixteenBit(cpu) ? field(cpu, SP0_16 + 4 * level, 2) : field(cpu, ESP0 + 8 * level, 4);
    }

    /** 32-bit TSS: SSn for a privilege change to {@code level} (or of a 16-bit TSS). */
    public static int ss(Cpu cpu, int level) {
        return (int) (sixteenBit(cpu) ? field(cpu, SP0_16 + 2 + 4 * level, 2) : field(cpu, SS0 + 8 * level, 2));
    }

    /**
     * Whether the I/O bitmap lets CPL &gt; IOPL code reach ports {@code port .. port+size-1} (SDM vol. 1,
     * 19.5.2): every bit must be clear, and bits beyond TR's limit count as set. Both TSS forms keep the
     * map base at offset 0x66.
     */
    public static boolean ioAllowed(Cpu cpu, int port, int size) {
        int type = cpu.tr.attributes & 0xf;
        if ((cpu.tr.selector & 0xfffc) == 0 || (type != Descriptors.TSS_AVAILABLE && type != Descriptors.TSS_BUSY)) {
            return false;
        }
        if (IO_MAP_BASE_32 + 1 > cpu.tr.limit) return false;
        long mapBase = cpu.mmu.read16(cpu.tr.base + IO_MAP_BASE_32, false) & 0xffff;
        long byteOffset = mapBase + (port >>> 3);
        if (byteOffset + 1 > cpu.tr.limit) return false;
        int bits = cpu.mmu.read16(cpu.tr.base + byteOffset, false) & 0xffff;
        int wanted = ((1 << size) - 1) << (port & 7);
        return (bits & wanted) == 0;
    }
}

package dev.multiverse.cpu.state;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;

/**
 * Segment and gate descriptors: reading them from the GDT or LDT (implicit supervisor accesses) and
 * decoding their fields (Intel SDM vol. 3, 3.4.5 and 6.11; 64-bit forms in 5.8.3.1 and 7.2.3).
 */
public final class Descriptors {
    /** System descriptor types (S = 0). */
    public static final int LDT = 2, TSS16_AVAILABLE = 1, TSS16_BUSY = 3, CALL_GATE16 = 4, TASK_GATE = 5,
            INTERRUPT_GATE16 = 6, TRAP_GATE16 = 7, TSS_AVAILABLE = 9, TSS_BUSY = 0xb, CALL_GATE = 0xc,
            INTERRUPT_GATE = 0xe, TRAP_GATE = 0xf;
    /** The busy bit distinguishing a busy TSS type from an available one. */
    public static final long BUSY = 1L << 41;
    public static final long ACCESSED = 1L << 40;

    private Descriptors() {
    }

    /** The 8-byte descriptor for {@code selector}; #GP(selector) if it lies beyond the table limit. */
    public static long read(Cpu cpu, int selector) {
        return cpu.mmu.read64(address(cpu, selector, 0), false);
    }

    /** The high 8 bytes of a 16-byte system descriptor (64-bit TSS, LDT, call gate). */
    public static long readHigh(Cpu cpu, int selector) {
        return cpu.mmu.read64(address(cpu, selector, 8), false);
    }

    /** Rewrites the low 8 bytes of a descriptor (accessed and busy bits). */
    public static void write(Cpu cpu, int selector, long descriptor) {
        cpu.mmu.write64(address(cpu, selector, 0), descriptor, false);
    }

    /** Linear address of byte {@code at} of the descriptor; #GP(selector) beyond the GDT/LDT limit. */
    private static long address(Cpu cpu, int selector, int at) {
        boolean ldt = (selector & 4) != 0;
        if (ldt && (cpu.ldtr.selector & 0xfffc) == 0) {
            throw CpuException.gp(selector & 0xfffc);
        }
        long base = ldt ? cpu.ldtr.base : cpu.gdtBase;
        long limit = ldt ? cpu.ldtr.limit : cpu.gdtLimit;
        int offset = (selector & 0xfff8) + at;
        if (offset + 7 > limit) {
            throw CpuException.gp(selector & 0xfffc);
        }
        return base + offset;
    }

    // ---- fields ----

    public static long base(long d) {
        return ((d >>> 16) & 0xff_ffffL) | ((d >>> 32) & 0xff00_0000L);
    }

    /** The limit in bytes, scaled by G. */
    public static long limit(long d) {
        long limit = (d & 0xffff) | ((d >>> 32) & 0xf_0000L);
        return (d & (1L << 55)) != 0 ? (limit << 12) | 0xfff : limit;
    }

    /** Access rights in the {@link Segment#attributes} layout. */
    public static int attributes(long d) {
        return (int) ((d >>> 40) & 0xf0ff);
    }

    public static int type(long d) {
        return (int) (d >>> 40) & 0xf;
    }

    public static int dpl(long d) {
        return (int) (d >>> 45) & 3;
    }

    public static boolean present(long d) {
        return (d & (1L << 47)) != 0;
    }

    /** A code or data segment (S = 1), as opposed to a system descriptor or gate. */
    public static boolean codeOrData(long d) {
        return (d & (1L << 44)) != 0;
    }

    public static boolean code(long d) {
        return codeOrData(d) && (d & (1L << 43)) != 0;
    }

    public static boolean conforming(long d) {
        return code(d) && (d & (1L << 42)) != 0;
    }

    /** Readable code or any data segment. */
    public static boolean readable(long d) {
        return codeOrData(d) && (!code(d) || (d & (1L << 41)) != 0);
    }

    public static boolean writableData(long d) {
        return codeOrData(d) && !code(d) && (d & (1L << 41)) != 0;
    }

    /** Gate fields: target selector, and offset (low 32 bits; a 64-bit gate adds the high half). */
    public static int gateSelector(long d) {
        return (int) (d >>> 16) & 0xffff;
    }

    public static long gateOffset(long d) {
        return (d & 0xffff) | ((d >>> 32) & 0xffff_0000L);
    }

    /** Parameter count of a 32-bit call gate (dwords or words copied to the new stack). */
    public static int gateParameters(long d) {
        return (int) (d >>> 32) & 0x1f;
    }
}

package dev.multiverse.cpu.state;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Insn;

/**
 * The model-specific registers this CPU implements; any other index raises #GP(0), as does a write that
 * sets a reserved bit or names an invalid memory type.
 */
public final class Msrs {
    public static final int EFER = 0xc000_0080, STAR = 0xc000_0081, LSTAR = 0xc000_0082, CSTAR = 0xc000_0083,
            SFMASK = 0xc000_0084, FS_BASE = 0xc000_0100, GS_BASE = 0xc000_0101, KERNEL_GS_BASE = 0xc000_0102,
            TSC_AUX = 0xc000_0103, TSC = 0x10, APIC_BASE = 0x1b, MTRRCAP = 0xfe, SYSENTER_CS = 0x174,
            SYSENTER_ESP = 0x175, SYSENTER_EIP = 0x176, MISC_ENABLE = 0x1a0, MTRR_PHYS_BASE0 = 0x200,
            MTRR_FIX64K = 0x250, MTRR_FIX16K_80000 = 0x258, MTRR_FIX16K_A0000 = 0x259, MTRR_FIX4K_C0000 = 0x268,
            MTRR_FIX4K_F8000 = 0x26f, PAT = 0x277, MTRR_DEF_TYPE = 0x2ff, BIOS_SIGN_ID = 0x8b,
            PLATFORM_ID = 0x17;

    /** EFER bits software may set: SCE, LME, NXE (LMA is set by the CPU). */
    private static final long EFER_WRITABLE = Cpu.EFER_SCE | Cpu.EFER_LME | Cpu.EFER_NXE;
    /** The boot processor's local APIC: base 0xFEE00000, global enable (bit 11), BSP (bit 8). */
    public static final long APIC_BASE_BSP = 0xfee0_0900L;
    private static final long APIC_BASE_WRITABLE = (((1L << dev.multiverse.mmu.Mmu.MAX_PHYS_BITS) - 1) & ~0xfffL) | (1 << 11);
    /** Eight variable ranges, fixed ranges, write-combining; no SMRR. */
    public static final int VARIABLE_MTRRS = 8;
    public static final long MTRRCAP_VALUE = VARIABLE_MTRRS | (1 << 8) | (1 << 10);
    /** MISC_ENABLE: fast strings (bit 0) and performance monitoring available (bit 7) read as set; nothing else is modelled. */
    private static final long MISC_ENABLE_VALUE = 1 | (1 << 7);
    /** Physical-address bits above the supported width are reserved in MTRR and APIC base values. */
    private static final long PHYS_MASK = (1L << dev.multiverse.mmu.Mmu.MAX_PHYS_BITS) - 1;

    private final Cpu cpu;
    public long star, lstar, cstar, sfmask, kernelGsBase, tscAux, sysenterCs, sysenterEsp, sysenterEip;
    public long pat, apicBase, mtrrDefType;
    /** Added to the cycle count to give the TSC, so a WRMSR to the TSC makes it continue from the written value. */
    public long tscOffset;
    /** Orders TSC reads across the machine's cores; a machine gives all its cores the same one. */
    public TimestampOrder tscOrder = new TimestampOrder();
    /** The registers a device in the core owns (its local APIC), asked before this model; null when none is connected. */
    public dev.multiverse.cpu.DeviceMsrs device;
    /** MTRRphysBase0/Mask0 .. 7, interleaved as in the MSR numbering. */
    public final long[] mtrrVariable = new long[2 * VARIABLE_MTRRS];
    /** FIX64K_00000, FIX16K_80000, FIX16K_A0000, FIX4K_C0000 .. FIX4K_F8000. */
    public final long[] mtrrFixed = new long[11];

    public Msrs(Cpu cpu) {
        this.cpu = cpu;
        reset();
    }

    /** Power-up values (SDM table 9-1): PAT default, APIC enabled at its default base, MTRRs disabled. */
    public void reset() {
        star = lstar = cstar = sfmask = kernelGsBase = tscAux = sysenterCs = sysenterEsp = sysenterEip = 0;
        pat = 0x0007_0406_0007_0406L;
        apicBase = cpu.id == 0 ? APIC_BASE_BSP : APIC_BASE_BSP & ~0x100L;
        mtrrDefType = 0;
        java.util.Arrays.fill(mtrrVariable, 0);
        java.util.Arrays.fill(mtrrFixed, 0);
        tscOffset = -cpu.cycles;
        tscOrder.restart();
    }

    /** The time-stamp counter as RDTSC, RDTSCP and RDMSR read it, in order with the other cores' reads. */
    public long tsc() {
        return tscOrder.read(cpu.cycles + tscOffset);
    }

    private static int fixedIndex(int index) {
        return switch (index) {
            case MTRR_FIX64K -> 0;
            case MTRR_FIX16K_80000 -> 1;
            case MTRR_FIX16K_A0000 -> 2;
            default -> index >= MTRR_FIX4K_C0000 && index <= MTRR_FIX4K_F8000 ? 3 + index - MTRR_FIX4K_C0000 : -1;
        };
    }

    private static boolean variableMtrr(int index) {
        return index >= MTRR_PHYS_BASE0 && index < MTRR_PHYS_BASE0 + 2 * VARIABLE_MTRRS;
    }

    public long read(int index) {
        if (device != null && device.owns(index)) return device.readMsr(index);
        if (variableMtrr(index)) return mtrrVariable[index - MTRR_PHYS_BASE0];
        int fixed = fixedIndex(index);
        if (fixed >= 0) return mtrrFixed[fixed];
        return switch (index) {
            case EFER -> cpu.efer;
            case STAR -> star;
            case LSTAR -> lstar;
            case CSTAR -> cstar;
            case SFMASK -> sfmask;
            case FS_BASE -> cpu.seg[Insn.FS].base;
            case GS_BASE -> cpu.seg[Insn.GS].base;
            case KERNEL_GS_BASE -> kernelGsBase;
            case TSC -> tsc();
            case TSC_AUX -> tscAux;
            case PAT -> pat;
            case APIC_BASE -> apicBase;
            case MTRRCAP -> MTRRCAP_VALUE;
            case MTRR_DEF_TYPE -> mtrrDefType;
            case MISC_ENABLE -> MISC_ENABLE_VALUE;
            case SYSENTER_CS -> sysenterCs;
            case SYSENTER_ESP -> sysenterEsp;
            case SYSENTER_EIP -> sysenterEip;
            // The microcode update signature (EDX after CPUID leaf 1): no update is loaded, revision 0.
            case BIOS_SIGN_ID -> 0;
            // Platform ID (bits 52:50), which microcode loaders match update files against: platform 0. Read-only.
            case PLATFORM_ID -> 0;
            default -> throw CpuException.gp(0);
        };
    }

    public void write(int index, long value) {
        if (device != null && device.owns(index)) {
            device.writeMsr(index, value);
            return;
        }
        if (variableMtrr(index)) {
            writeVariableMtrr(index - MTRR_PHYS_BASE0, value);
            return;
        }
        int fixed = fixedIndex(index);
        if (fixed >= 0) {
            for (int b = 0; b < 8; b++) requireMtrrType((int) (value >>> (8 * b)) & 0xff);
            mtrrFixed[fixed] = value;
            return;
        }
        switch (index) {
            case EFER -> {
                if ((value & ~(EFER_WRITABLE | Cpu.EFER_LMA)) != 0) throw CpuException.gp(0);
                // LME may not change while paging is on.
                if ((cpu.cr0 & Cpu.CR0_PG) != 0 && ((value ^ cpu.efer) & Cpu.EFER_LME) != 0) throw CpuException.gp(0);
                cpu.efer = (value & EFER_WRITABLE) | (cpu.efer & Cpu.EFER_LMA);
                cpu.updatePaging();
            }
            case STAR -> star = value;
            case LSTAR -> lstar = requireCanonical(value);
            case CSTAR -> cstar = requireCanonical(value);
            case SFMASK -> sfmask = value & 0xffff_ffffL;
            case FS_BASE -> cpu.seg[Insn.FS].base = requireCanonical(value);
            case GS_BASE -> cpu.seg[Insn.GS].base = requireCanonical(value);
            case KERNEL_GS_BASE -> kernelGsBase = requireCanonical(value);
            case TSC -> {
                tscOffset = value - cpu.cycles;
                tscOrder.restart();
            }
            case TSC_AUX -> {
                if ((value >>> 32) != 0) throw CpuException.gp(0);
                tscAux = value;
            }
            case PAT -> {
                for (int b = 0; b < 8; b++) {
                    int type = (int) (value >>> (8 * b)) & 0xff;
                    if (type == 2 || type == 3 || type > 7) throw CpuException.gp(0);
                }
                pat = value;
            }
            case APIC_BASE -> {
                // BSP (bit 8) is read-only; the x2APIC enable (bit 10) is not offered.
                if ((value & ~(APIC_BASE_WRITABLE | 0x100L)) != 0) throw CpuException.gp(0);
                apicBase = (value & APIC_BASE_WRITABLE) | (apicBase & 0x100L);
            }
            case MTRR_DEF_TYPE -> {
                if ((value & ~0xcffL) != 0) throw CpuException.gp(0);
                requireMtrrType((int) value & 0xff);
                mtrrDefType = value;
            }
            case SYSENTER_CS -> sysenterCs = value & 0xffff_ffffL;
            case SYSENTER_ESP -> sysenterEsp = requireCanonical(value);
            case SYSENTER_EIP -> sysenterEip = requireCanonical(value);
            // Software writes 0 here before CPUID to read the update signature after it; nothing is kept.
            case BIOS_SIGN_ID -> { }
            default -> throw CpuException.gp(0);
        }
    }

    /** MTRR memory types: UC 0, WC 1, WT 4, WP 5, WB 6; 2, 3 and 7+ are reserved. */
    private static void requireMtrrType(int type) {
        if (type == 2 || type == 3 || type > 6) throw CpuException.gp(0);
    }

    /** Even indexes are PHYSBASE (type in 7:0, base from bit 12), odd are PHYSMASK (valid bit 11, mask from bit 12). */
    private void writeVariableMtrr(int slot, long value) {
        long reserved = (slot & 1) == 0 ? ~(PHYS_MASK & ~0xfffL | 0xff) : ~(PHYS_MASK & ~0xfffL | 0x800);
        if ((value & reserved) != 0) throw CpuException.gp(0);
        if ((slot & 1) == 0) requireMtrrType((int) value & 0xff);
        mtrrVariable[slot] = value;
    }

    private static long requireCanonical(long v) {
        if (!Cpu.canonical(v)) throw CpuException.gp(0);
        return v;
    }
}

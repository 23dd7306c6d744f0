package dev.multiverse.cpu.state;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Insn;

/** The model-specific registers this CPU implements; any other index raises #GP(0), as on hardware. */
public final class Msrs {
    public static final int EFER = 0xc000_0080, STAR = 0xc000_0081, LSTAR = 0xc000_0082, CSTAR = 0xc000_0083,
            SFMASK = 0xc000_0084, FS_BASE = 0xc000_0100, GS_BASE = 0xc000_0101, KERNEL_GS_BASE = 0xc000_0102,
            TSC = 0x10, APIC_BASE = 0x1b, PAT = 0x277, MISC_ENABLE = 0x1a0, TSC_AUX = 0xc000_0103;

    /** EFER bits software may set: SCE, LME, NXE (LMA is set by the CPU). */
    private static final long EFER_WRITABLE = Cpu.EFER_SCE | Cpu.EFER_LME | Cpu.EFER_NXE;

    private final Cpu cpu;
    public long star, lstar, cstar, sfmask, kernelGsBase, tscAux;
    public long pat = 0x0007_0406_0007_0406L;

    public Msrs(Cpu cpu) {
        this.cpu = cpu;
    }

    private static boolean canonical(long v) {
        return (v << 16 >> 16) == v;
    }

    public long read(int index) {
        return switch (index) {
            case EFER -> cpu.efer;
            case STAR -> star;
            case LSTAR -> lstar;
            case CSTAR -> cstar;
            case SFMASK -> sfmask;
            case FS_BASE -> cpu.seg[Insn.FS].base;
            case GS_BASE -> cpu.seg[Insn.GS].base;
            case KERNEL_GS_BASE -> kernelGsBase;
            case TSC -> cpu.cycles;
            case TSC_AUX -> tscAux;
            case PAT -> pat;
            default -> throw CpuException.gp(0);
        };
    }

    public void write(int index, long value) {
        switch (index) {
            case EFER -> {
                if ((value & ~(EFER_WRITABLE | Cpu.EFER_LMA)) != 0) throw CpuException.gp(0);
                // LME may not change while paging is on.
                if ((cpu.cr0 & Cpu.CR0_PG) != 0 && ((value ^ cpu.efer) & Cpu.EFER_LME) != 0) throw CpuException.gp(0);
                cpu.efer = (value & EFER_WRITABLE) | (cpu.efer & Cpu.EFER_LMA);
                cpu.updatePaging();
            }
            case STAR -> star = value;
            case LSTAR -> { if (!canonical(value)) throw CpuException.gp(0); lstar = value; }
            case CSTAR -> { if (!canonical(value)) throw CpuException.gp(0); cstar = value; }
            case SFMASK -> sfmask = value & 0xffff_ffffL;
            case FS_BASE -> { if (!canonical(value)) throw CpuException.gp(0); cpu.seg[Insn.FS].base = value; }
            case GS_BASE -> { if (!canonical(value)) throw CpuException.gp(0); cpu.seg[Insn.GS].base = value; }
            case KERNEL_GS_BASE -> { if (!canonical(value)) throw CpuException.gp(0); kernelGsBase = value; }
            case TSC_AUX -> tscAux = value & 0xffff_ffffL;
            case PAT -> {
                for (int b = 0; b < 8; b++) {
                    int type = (int) (value >>> (8 * b)) & 0xff;
                    if (type == 2 || type == 3 || type > 7) throw CpuException.gp(0);
                }
                pat = value;
            }
            default -> throw CpuException.gp(0);
        }
    }
}

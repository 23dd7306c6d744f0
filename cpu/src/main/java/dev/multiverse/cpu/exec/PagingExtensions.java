package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.CpuidModel;

/**
 * The instructions of the paging extensions CPUID leaf 7 advertises: STAC/CLAC, which let supervisor
 * code reach user pages under SMAP, and INVPCID. Each raises #UD when the model does not advertise it.
 */
public final class PagingExtensions {
    private PagingExtensions() {
    }

    /** STAC: sets RFLAGS.AC; #UD at CPL &gt; 0 (virtual-8086 mode included, which runs at CPL 3). */
    public static void stac(Cpu c, Insn i) {
        requireSmapAtCpl0(c);
        c.flags.setBit(Flags.AC, true);
    }

    /** CLAC: clears RFLAGS.AC, under the same conditions as STAC. */
    public static void clac(Cpu c, Insn i) {
        requireSmapAtCpl0(c);
        c.flags.setBit(Flags.AC, false);
    }

    private static void requireSmapAtCpl0(Cpu c) {
        if (!CpuidModel.leaf7Ebx(CpuidModel.SMAP) || c.cpl != 0) throw CpuException.ud();
    }

    /**
     * INVPCID register, m128: the register is the type (64 bits in 64-bit mode, else 32), the 16-byte
     * descriptor holds the PCID in bits 11:0 (63:12 reserved) and a linear address in bits 127:64.
     * #UD in virtual-8086 mode, #GP(0) at CPL &gt; 0; the descriptor is read before its contents and the
     * type are checked, and an invalid combination is #GP(0) (the MMU judges it).
     */
    public static void invpcid(Cpu c, Insn i) {
        if (!CpuidModel.leaf7Ebx(CpuidModel.INVPCID) || c.flags.bit(Flags.VM)) throw CpuException.ud();
        if (c.cpl != 0) throw CpuException.gp(0);
        long type = c.read(i, 0);
        long offset = c.ea(i);
        long pcid = c.readMem(i.seg, offset, 8);
        long linear = c.readMem(i.seg, (offset + 8) & Cpu.mask(i.addrSize), 8);
        if (Long.compareUnsigned(type, 3) > 0 || !c.mmu.invpcid((int) type, pcid, linear)) throw CpuException.gp(0);
        c.exitBlock = true;
    }
}

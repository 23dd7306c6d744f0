package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Descriptors;
import dev.multiverse.cpu.state.Segment;

/**
 * Instructions on descriptor tables and system segments: SGDT/SIDT, SLDT/STR, LLDT/LTR (with the 16-byte
 * system descriptors of long mode), and the descriptor probes LAR, LSL, VERR, VERW and ARPL.
 */
public final class SystemSegments {
    private SystemSegments() {
    }

    private static final int LDT = 2, TSS16_AVAILABLE = 1, TSS_AVAILABLE = 9, BUSY = 2;

    /** #UD in real and virtual-8086 mode (the instructions that only exist in protected mode). */
    private static void requireProtected(Cpu c) {
        if ((c.cr0 & Cpu.CR0_PE) == 0 || c.flags.bit(Flags.VM)) throw CpuException.ud();
    }

    /** SGDT/SIDT store the 2-byte limit and a 4-byte base (8 in 64-bit mode), whatever the operand size. */
    private static void storeTable(Cpu c, Insn i, int limit, long base) {
        long offset = c.ea(i);
        int baseSize = c.longMode() ? 8 : 4;
        c.mmu.probeWrite(c.dataLinear(i.seg, offset, 2, true), 2, c.dataPrivilege());
        c.mmu.probeWrite(c.dataLinear(i.seg, offset + 2, baseSize, true), baseSize, c.dataPrivilege());
        c.writeMem(i.seg, offset, 2, limit);
        c.writeMem(i.seg, offset + 2, baseSize, base);
    }

    public static void sgdt(Cpu c, Insn i) {
        storeTable(c, i, c.gdtLimit, c.gdtBase);
    }

    public static void sidt(Cpu c, Insn i) {
        storeTable(c, i, c.idtLimit, c.idtBase);
    }

    /** SLDT/STR: to a register the selector is zero-extended to the operand size; to memory it is 16 bits. */
    private static void storeSelector(Cpu c, Insn i, int selector) {
        requireProtected(c);
        if (i.loc0 == Insn.MEM) c.writeMem(i.seg, c.ea(i), 2, selector);
        else c.setReg(i.loc0, i.opSize == 8 ? 8 : i.opSize, selector);
    }

    public static void sldt(Cpu c, Insn i) {
        storeSelector(c, i, c.ldtr.selector);
    }

    public static void str(Cpu c, Insn i) {
        storeSelector(c, i, c.tr.selector);
    }

    /** A system descriptor from the GDT: its low 8 bytes and, in long mode, the base bits 63:32 from the next 8. */
    private static void loadSystem(Cpu c, Segment target, int selector, long d) {
        target.loadDescriptor(selector, d);
        if ((c.efer & Cpu.EFER_LMA) != 0) {
            long high = Descriptors.readHigh(c, selector);
            if (((high >>> 40) & 0x1f) != 0) throw CpuException.gp(selector & 0xfffc);   // type of the upper half must be 0
            target.base |= high << 32;
        }
    }

    /** LLDT: a null selector leaves LDTR unusable; otherwise a present LDT descriptor from the GDT. */
    public static void lldt(Cpu c, Insn i) {
        requireProtected(c);
        SystemOps.requireCpl0(c);
        int selector = (int) c.read(i, 0) & 0xffff;
        if ((selector & 0xfffc) == 0) {
            c.ldtr.load(selector, 0, 0, 0);
            return;
        }
        if ((selector & 4) != 0) throw CpuException.gp(selector & 0xfffc);
        long d = Descriptors.read(c, selector);
        if (((d >>> 40) & 0x1f) != LDT) throw CpuException.gp(selector & 0xfffc);
        if (((d >>> 47) & 1) == 0) throw CpuException.of(CpuException.NP, selector & 0xfffc);
        loadSystem(c, c.ldtr, selector, d);
    }

    /** LTR: an available TSS from the GDT (only a 64-bit one in long mode), which becomes busy. */
    public static void ltr(Cpu c, Insn i) {
        requireProtected(c);
        SystemOps.requireCpl0(c);
        int selector = (int) c.read(i, 0) & 0xffff;
        if ((selector & 0xfffc) == 0) throw CpuException.gp(0);
        if ((selector & 4) != 0) throw CpuException.gp(selector & 0xfffc);
        long d = Descriptors.read(c, selector);
        int type = (int) (d >>> 40) & 0x1f;
        boolean longMode = (c.efer & Cpu.EFER_LMA) != 0;
        if (type != TSS_AVAILABLE && (longMode || type != TSS16_AVAILABLE)) throw CpuException.gp(selector & 0xfffc);
        if (((d >>> 47) & 1) == 0) throw CpuException.of(CpuException.NP, selector & 0xfffc);
        long busy = d | ((long) BUSY << 40);
        loadSystem(c, c.tr, selector, busy);
        c.mmu.write64(c.gdtBase + (selector & 0xfff8), busy, false);
    }

    /**
     * The descriptor for a LAR/LSL/VERR/VERW probe, or -1 when the selector is null or outside its table
     * (which clears ZF rather than faulting).
     */
    private static long probe(Cpu c, int selector) {
        if ((selector & 0xfffc) == 0) return -1;
        boolean ldt = (selector & 4) != 0;
        long limit = ldt ? c.ldtr.limit : c.gdtLimit;
        if ((selector & 0xfff8) + 7 > limit || (ldt && (c.ldtr.attributes & Segment.P) == 0)) return -1;
        return Descriptors.read(c, selector);
    }

    /** Non-conforming segments and system descriptors are visible only if DPL &ge; CPL and DPL &ge; RPL. */
    private static boolean privileged(Cpu c, long d, int selector) {
        int type = (int) (d >>> 40) & 0x1f;
        boolean conformingCode = (type & 0x1c) == 0x1c;
        int dpl = (int) (d >>> 45) & 3;
        return conformingCode || (dpl >= c.cpl && dpl >= (selector & 3));
    }

    /** System descriptor types LAR accepts (LSL the same without gates): legacy and long-mode tables differ. */
    private static boolean systemTypeVisible(Cpu c, int type, boolean gatesAllowed) {
        boolean longMode = (c.efer & Cpu.EFER_LMA) != 0;
        return switch (type) {
            case 2, 9, 0xb -> true;
            case 0xc -> gatesAllowed;
            case 1, 3 -> !longMode;
            case 4, 5 -> gatesAllowed && !longMode;
            default -> false;
        };
    }

    private static void setZf(Cpu c, boolean on) {
        c.flags.setStatus((c.flags.get() & ~(long) Flags.ZF) | (on ? Flags.ZF : 0));
    }

    private static boolean visible(Cpu c, long d, int selector, boolean gatesAllowed) {
        if (d == -1) return false;
        int type = (int) (d >>> 40) & 0x1f;
        boolean system = (type & 0x10) == 0;
        if (system && !systemTypeVisible(c, type & 0xf, gatesAllowed)) return false;
        return privileged(c, d, selector);
    }

    /** LAR: the access-rights bytes of the descriptor (bits 23:8 of its high dword, masked as the SDM says). */
    public static void lar(Cpu c, Insn i) {
        requireProtected(c);
        int selector = (int) c.read(i, 1) & 0xffff;
        long d = probe(c, selector);
        boolean ok = visible(c, d, selector, true);
        if (ok) c.write(i, 0, (d >>> 32) & 0x00f0_ff00L);
        setZf(c, ok);
    }

    /** LSL: the segment limit in bytes (scaled by G). */
    public static void lsl(Cpu c, Insn i) {
        requireProtected(c);
        int selector = (int) c.read(i, 1) & 0xffff;
        long d = probe(c, selector);
        boolean ok = visible(c, d, selector, false);
        if (ok) {
            Segment s = new Segment();
            s.loadDescriptor(selector, d);
            c.write(i, 0, s.limit);
        }
        setZf(c, ok);
    }

    private static void verify(Cpu c, Insn i, boolean write) {
        requireProtected(c);
        int selector = (int) c.read(i, 0) & 0xffff;
        long d = probe(c, selector);
        boolean ok = false;
        if (d != -1) {
            int type = (int) (d >>> 40) & 0x1f;
            boolean segment = (type & 0x10) != 0, code = (type & 8) != 0;
            boolean usable = write ? segment && !code && (type & 2) != 0 : segment && (!code || (type & 2) != 0);
            ok = usable && privileged(c, d, selector);
        }
        setZf(c, ok);
    }

    public static void verr(Cpu c, Insn i) {
        verify(c, i, false);
    }

    public static void verw(Cpu c, Insn i) {
        verify(c, i, true);
    }

    /** ARPL (outside 64-bit mode): raises the destination selector's RPL to the source's, ZF says whether it did. */
    public static void arpl(Cpu c, Insn i) {
        requireProtected(c);
        long dest = c.read(i, 0);
        int src = (int) c.read(i, 1);
        boolean adjust = (dest & 3) < (src & 3);
        if (adjust) c.write(i, 0, (dest & ~3L) | (src & 3));
        setZf(c, adjust);
    }
}

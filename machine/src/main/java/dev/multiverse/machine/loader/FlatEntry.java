package dev.multiverse.machine.loader;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Segment;

/**
 * The part every direct kernel entry shares, in protected or long mode: flat 4 GiB segments from a GDT the
 * loader wrote, an empty IDT (a fault before the kernel installs its own ends in a triple fault rather than
 * in random vectors), the mode's control registers, CPL 0, interrupts off, the core running at the entry.
 */
public final class FlatEntry {
    /** GDT descriptors: flat 4 GiB 32-bit code, 64-bit code and data, each execute/read or read/write and accessed. */
    public static final long CODE32_DESCRIPTOR = 0x00CF9B000000FFFFL, CODE64_DESCRIPTOR = 0x00AF9B000000FFFFL,
            DATA_DESCRIPTOR = 0x00CF93000000FFFFL;

    private FlatEntry() {
    }

    /**
     * Enters {@code cpu} at {@code entry}; CS = {@code codeSelector} (64-bit code when {@code efer} has LMA),
     * every data segment register = {@code dataSelector}. The general registers stay as the caller set them.
     */
    public static void enter(Cpu cpu, long entry, long gdtBase, int gdtLimit, int codeSelector, int dataSelector,
                             long cr0, long cr3, long cr4, long efer) {
        cpu.gdtBase = gdtBase;
        cpu.gdtLimit = gdtLimit;
        cpu.idtBase = 0;
        cpu.idtLimit = 0;
        int flat = Segment.P | Segment.S | Segment.G;
        for (int s = 0; s < cpu.seg.length; s++) {
            cpu.seg[s].load(dataSelector, 0, 0xFFFF_FFFFL, flat | Segment.DB | 0x3);
        }
        boolean longMode = (efer & Cpu.EFER_LMA) != 0;
        cpu.seg[Insn.CS].load(codeSelector, 0, 0xFFFF_FFFFL, flat | (longMode ? Segment.L : Segment.DB) | 0xB);
        cpu.cr0 = cr0;
        cpu.cr3 = cr3;
        cpu.cr4 = cr4;
        cpu.efer = efer;
        cpu.cpl = 0;
        cpu.flags.put(2);
        cpu.rip = entry;
        cpu.halted = false;
        cpu.updatePaging();
        cpu.updateCodeSize();
    }
}

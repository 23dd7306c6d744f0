package dev.multiverse.machine.loader;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Segment;
import dev.multiverse.mmu.PhysicalMemory;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The 32-bit entry state all boot protocols share: protected mode with flat 4 GiB code and data segments
 * from a GDT the loader writes in the boot page, paging and interrupts off, an empty IDT (a fault before
 * the kernel installs its own ends in a triple fault rather than in random vectors), two registers set
 * by the protocol and every other one zero.
 */
final class ProtectedModeEntry {
    static final long GDT_ADDRESS = 0x9600;
    static final int CODE_SELECTOR = 0x08, DATA_SELECTOR = 0x10, TSS_SELECTOR = 0x18;
    private static final int GDT_LIMIT = 31;

    private static final long CODE_DESCRIPTOR = 0x00CF9B000000FFFFL;   // flat 4 GiB, 32-bit, execute/read, accessed
    private static final long DATA_DESCRIPTOR = 0x00CF93000000FFFFL;   // flat 4 GiB, read/write, accessed
    /** Base 0, limit 0x67, busy 32-bit TSS: the task register PVH requires (the other protocols leave TR alone). */
    static final long TSS_DESCRIPTOR = 0x00008B0000000067L;

    private ProtectedModeEntry() {
    }

    static void writeGdt(PhysicalMemory memory) {
        ByteBuffer gdt = LeBytes.buffer(GDT_LIMIT + 1);
        gdt.putLong(8, CODE_DESCRIPTOR).putLong(16, DATA_DESCRIPTOR).putLong(24, TSS_DESCRIPTOR);
        memory.load(GDT_ADDRESS, gdt.array());
    }

    /** Enters {@code cpu} at {@code entry} with EAX = {@code eax} and EBX = {@code ebx}. */
    static void enter(Cpu cpu, long entry, long eax, long ebx) {
        Arrays.fill(cpu.gpr, 0);
        cpu.gpr[Cpu.RAX] = eax & 0xFFFF_FFFFL;
        cpu.gpr[Cpu.RBX] = ebx & 0xFFFF_FFFFL;
        cpu.gdtBase = GDT_ADDRESS;
        cpu.gdtLimit = GDT_LIMIT;
        cpu.idtBase = 0;
        cpu.idtLimit = 0;
        int flat = Segment.P | Segment.S | Segment.DB | Segment.G;
        for (int s = 0; s < cpu.seg.length; s++) {
            cpu.seg[s].load(DATA_SELECTOR, 0, 0xFFFF_FFFFL, flat | 0x3);
        }
        cpu.seg[Insn.CS].load(CODE_SELECTOR, 0, 0xFFFF_FFFFL, flat | 0xB);
        cpu.cr0 = Cpu.CR0_PE | Cpu.CR0_ET;
        cpu.cr3 = 0;
        cpu.cr4 = 0;
        cpu.efer = 0;
        cpu.cpl = 0;
        cpu.flags.put(2);
        cpu.rip = entry;
        cpu.halted = false;
        cpu.updatePaging();
        cpu.updateCodeSize();
    }

    /** Loads TR with the GDT's 32-bit TSS descriptor, as PVH's entry state asks. */
    static void loadTaskRegister(Cpu cpu) {
        cpu.tr.loadDescriptor(TSS_SELECTOR, TSS_DESCRIPTOR);
    }
}

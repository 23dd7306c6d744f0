package dev.multiverse.machine.loader;

import dev.multiverse.cpu.Cpu;
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

    /** Base 0, limit 0x67, busy 32-bit TSS: the task register PVH requires (the other protocols leave TR alone). */
    static final long TSS_DESCRIPTOR = 0x00008B0000000067L;

    private ProtectedModeEntry() {
    }

    static void writeGdt(PhysicalMemory memory) {
        ByteBuffer gdt = LeBytes.buffer(GDT_LIMIT + 1);
        gdt.putLong(8, FlatEntry.CODE32_DESCRIPTOR).putLong(16, FlatEntry.DATA_DESCRIPTOR).putLong(24, TSS_DESCRIPTOR);
        memory.load(GDT_ADDRESS, gdt.array());
    }

    /** Enters {@code cpu} at {@code entry} with EAX = {@code eax} and EBX = {@code ebx}. */
    static void enter(Cpu cpu, long entry, long eax, long ebx) {
        Arrays.fill(cpu.gpr, 0);
        cpu.gpr[Cpu.RAX] = eax & 0xFFFF_FFFFL;
        cpu.gpr[Cpu.RBX] = ebx & 0xFFFF_FFFFL;
        FlatEntry.enter(cpu, entry, GDT_ADDRESS, GDT_LIMIT, CODE_SELECTOR, DATA_SELECTOR, Cpu.CR0_PE | Cpu.CR0_ET, 0, 0, 0);
    }

    /** Loads TR with the GDT's 32-bit TSS descriptor, as PVH's entry state asks. */
    static void loadTaskRegister(Cpu cpu) {
        cpu.tr.loadDescriptor(TSS_SELECTOR, TSS_DESCRIPTOR);
    }
}

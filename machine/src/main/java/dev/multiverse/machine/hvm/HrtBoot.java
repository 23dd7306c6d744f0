package dev.multiverse.machine.hvm;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.machine.loader.ElfImage;
import dev.multiverse.machine.loader.FlatEntry;
import dev.multiverse.machine.loader.PageTables;
import dev.multiverse.mmu.PhysicalMemory;

import java.util.Arrays;

/**
 * HRT boot (docs/hvm-abi.md): writes an {@link HrtImage} and its boot state into guest RAM as an
 * {@link HrtLayout} plans them, and puts an HRT core in the entry state: 64-bit mode at CPL 0 with the
 * HVM's GDT and page tables, interrupts off, an empty IDT, and the registers the ABI gives.
 */
public final class HrtBoot {
    public static final long ENTRY_MAGIC = 0x36d76289L;
    public static final int CODE_SELECTOR = 0x08, DATA_SELECTOR = 0x10;
    private static final int GDT_LIMIT = 23;

    private HrtBoot() {
    }

    /**
     * Loads the image's segments (relative layout kept, bss zeroed) and writes the GDT, the Multiboot 2
     * information and the page tables; the stacks are left as they are (the kernel owns them).
     */
    static void write(PhysicalMemory memory, HrtLayout layout, HrtImage image, byte[] info) {
        for (ElfImage.ProgramHeader ph : image.elf().programHeaders()) {
            if (ph.type() != ElfImage.PT_LOAD || ph.memSize() == 0) continue;
            long at = ph.paddr() + layout.loadBias();
            long copied = Math.min(ph.fileSize(), ph.memSize());
            memory.load(at, image.file(), (int) ph.offset(), (int) copied);
            if (ph.memSize() > copied) memory.ram().asSlice(at + copied, ph.memSize() - copied).fill((byte) 0);
        }
        memory.ram().asSlice(layout.gdtGpa(), HrtLayout.PAGE).fill((byte) 0);
        memory.write(layout.gdtGpa() + CODE_SELECTOR, 8, FlatEntry.CODE64_DESCRIPTOR);
        memory.write(layout.gdtGpa() + DATA_SELECTOR, 8, FlatEntry.DATA_DESCRIPTOR);
        memory.load(layout.infoGpa(), info);
        PageTables.write(memory, layout.pml4Gpa(), layout.maxMemMapped(), layout.pageSize(), layout.gvaOffset());
    }

    /**
     * Puts {@code cpu} (after its reset) in the HRT entry state as HRT core {@code index} (0 for the
     * first) with APIC ID {@code apicId}.
     */
    static void enter(Cpu cpu, HrtLayout layout, int index, int apicId) {
        Arrays.fill(cpu.gpr, 0);
        cpu.gpr[Cpu.RAX] = ENTRY_MAGIC;
        cpu.gpr[Cpu.RBX] = layout.gva(layout.infoGpa());
        cpu.gpr[Cpu.RCX] = apicId;
        cpu.gpr[Cpu.RDX] = index;
        cpu.gpr[Cpu.RSI] = layout.loadBias();
        cpu.gpr[Cpu.RSP] = layout.gva(layout.stackTop(index));
        FlatEntry.enter(cpu, layout.entryGva(), layout.gva(layout.gdtGpa()), GDT_LIMIT, CODE_SELECTOR, DATA_SELECTOR,
                Cpu.CR0_PE | Cpu.CR0_ET | Cpu.CR0_WP | Cpu.CR0_PG, layout.pml4Gpa(),
                Cpu.CR4_PAE | Cpu.CR4_PGE | Cpu.CR4_OSFXSR | Cpu.CR4_OSXMMEXCPT,
                Cpu.EFER_LME | Cpu.EFER_LMA | Cpu.EFER_NXE | Cpu.EFER_SCE);
    }
}

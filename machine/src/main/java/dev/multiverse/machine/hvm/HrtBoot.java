package dev.multiverse.machine.hvm;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.machine.loader.ElfImage;
import dev.multiverse.machine.loader.FlatEntry;
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
    private static final long CODE64_DESCRIPTOR = 0x00AF9B000000FFFFL;   // flat, 64-bit (L), execute/read, accessed
    private static final long DATA_DESCRIPTOR = 0x00CF93000000FFFFL;     // flat, read/write, accessed
    private static final long PRESENT_WRITABLE = 0x3, LARGE_PAGE = 0x80;
    private static final int ENTRIES = 512;

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
        memory.write(layout.gdtGpa() + CODE_SELECTOR, 8, CODE64_DESCRIPTOR);
        memory.write(layout.gdtGpa() + DATA_SELECTOR, 8, DATA_DESCRIPTOR);
        memory.load(layout.infoGpa(), info);
        writePageTables(memory, layout);
    }

    /**
     * PML4 first, then the PDPTs, the page directories and the page tables, each level's pages in address
     * order, so entry n of a level maps the n-th unit of [0, maxMemMapped). The PML4 entries at gva_offset
     * map it; with a higher-half offset the same PDPTs are also entered from PML4 entry 0 (the identity
     * map of the lower half).
     */
    private static void writePageTables(PhysicalMemory memory, HrtLayout layout) {
        long mapped = layout.maxMemMapped(), pageSize = layout.pageSize();
        long pml4 = layout.pml4Gpa();
        memory.ram().asSlice(pml4, layout.tablePages() * HrtLayout.PAGE).fill((byte) 0);
        long pdpts = pml4 + HrtLayout.PAGE;
        long pdptCount = units(mapped, 1L << 39);
        long directories = pdpts + pdptCount * HrtLayout.PAGE;
        long directoryCount = pageSize <= HrtImage.PAGE_2M ? units(mapped, HrtImage.PAGE_1G) : 0;
        long tables = directories + directoryCount * HrtLayout.PAGE;
        int upper = (int) (layout.gvaOffset() >>> 39) & (ENTRIES - 1);
        for (long i = 0; i < pdptCount; i++) {
            long entry = pdpts + i * HrtLayout.PAGE | PRESENT_WRITABLE;
            memory.write(pml4 + 8 * (upper + i), 8, entry);
            if (upper != 0) memory.write(pml4 + 8 * i, 8, entry);
        }
        // One 8-byte entry per unit at each level: the entries of consecutive tables are consecutive in RAM.
        for (long gb = 0; gb < units(mapped, HrtImage.PAGE_1G); gb++) {
            long entry = pageSize == HrtImage.PAGE_1G ? gb * HrtImage.PAGE_1G | PRESENT_WRITABLE | LARGE_PAGE
                    : directories + gb * HrtLayout.PAGE | PRESENT_WRITABLE;
            memory.write(pdpts + 8 * gb, 8, entry);
        }
        if (pageSize == HrtImage.PAGE_1G) return;
        for (long mb2 = 0; mb2 < units(mapped, HrtImage.PAGE_2M); mb2++) {
            long entry = pageSize == HrtImage.PAGE_2M ? mb2 * HrtImage.PAGE_2M | PRESENT_WRITABLE | LARGE_PAGE
                    : tables + mb2 * HrtLayout.PAGE | PRESENT_WRITABLE;
            memory.write(directories + 8 * mb2, 8, entry);
        }
        if (pageSize == HrtImage.PAGE_2M) return;
        for (long page = 0; page < mapped / HrtImage.PAGE_4K; page++) {
            memory.write(tables + 8 * page, 8, page * HrtImage.PAGE_4K | PRESENT_WRITABLE);
        }
    }

    private static long units(long bytes, long unit) {
        return (bytes + unit - 1) / unit;
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

package dev.multiverse.machine.loader;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.mmu.PhysicalMemory;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The 64-bit entry state of the Linux boot protocol: long mode with 4-level paging that identity-maps the
 * first 4 GiB in 2 MiB pages, a GDT whose selector 0x10 (__BOOT_CS) is flat 64-bit code and 0x18
 * (__BOOT_DS) flat data, interrupts off, an empty IDT, RSI the boot parameters and every other register zero.
 *
 * <p>The GDT lies in the boot page and the page tables in the 24 KiB after it (0xA000-0x10000): low RAM
 * the decompressor does not touch before it loads page tables of its own (its 32-bit trampoline takes two
 * pages just below the EBDA, 0x9D000), and which Linux keeps reserved afterwards like all of the first MiB.
 */
final class LongModeEntry {
    static final long GDT_ADDRESS = LowMemory.BOOT_PAGE + 0x800;
    static final long PML4_ADDRESS = 0xA000;
    static final int CODE_SELECTOR = 0x10, DATA_SELECTOR = 0x18;
    private static final int GDT_LIMIT = 31;
    private static final long CODE64_DESCRIPTOR = 0x00AF9B000000FFFFL;   // flat, 64-bit (L), execute/read, accessed
    private static final long DATA_DESCRIPTOR = 0x00CF93000000FFFFL;     // flat 4 GiB, read/write, accessed
    private static final long PRESENT_WRITABLE = 0x3, LARGE_PAGE = 0x80;
    private static final int ENTRIES = 512, DIRECTORIES = 4;

    private LongModeEntry() {
    }

    /** Writes the GDT and the identity-mapping page tables (PML4, one PDPT, four page directories). */
    static void writeTables(PhysicalMemory memory) {
        ByteBuffer gdt = LeBytes.buffer(GDT_LIMIT + 1);
        gdt.putLong(CODE_SELECTOR, CODE64_DESCRIPTOR).putLong(DATA_SELECTOR, DATA_DESCRIPTOR);
        memory.load(GDT_ADDRESS, gdt.array());

        long pdpt = PML4_ADDRESS + PhysicalMemory.PAGE_SIZE, directories = pdpt + PhysicalMemory.PAGE_SIZE;
        ByteBuffer tables = LeBytes.buffer((int) ((2 + DIRECTORIES) * PhysicalMemory.PAGE_SIZE));
        tables.putLong(0, pdpt | PRESENT_WRITABLE);
        for (int d = 0; d < DIRECTORIES; d++) {
            tables.putLong((int) PhysicalMemory.PAGE_SIZE + 8 * d, directories + d * PhysicalMemory.PAGE_SIZE | PRESENT_WRITABLE);
        }
        for (int e = 0; e < DIRECTORIES * ENTRIES; e++) {
            tables.putLong((int) (2 * PhysicalMemory.PAGE_SIZE) + 8 * e, (long) e << 21 | PRESENT_WRITABLE | LARGE_PAGE);
        }
        memory.load(PML4_ADDRESS, tables.array());
    }

    /** Enters {@code cpu} at {@code entry} in 64-bit mode with RSI = {@code rsi}. */
    static void enter(Cpu cpu, long entry, long rsi) {
        Arrays.fill(cpu.gpr, 0);
        cpu.gpr[Cpu.RSI] = rsi;
        FlatEntry.enter(cpu, entry, GDT_ADDRESS, GDT_LIMIT, CODE_SELECTOR, DATA_SELECTOR,
                Cpu.CR0_PE | Cpu.CR0_ET | Cpu.CR0_PG, PML4_ADDRESS, Cpu.CR4_PAE, Cpu.EFER_LME | Cpu.EFER_LMA);
    }
}

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
    private static final long FOUR_GIB = 1L << 32;

    private LongModeEntry() {
    }

    /** Writes the GDT and the identity-mapping page tables (PML4, one PDPT, four page directories). */
    static void writeTables(PhysicalMemory memory) {
        ByteBuffer gdt = LeBytes.buffer(GDT_LIMIT + 1);
        gdt.putLong(CODE_SELECTOR, FlatEntry.CODE64_DESCRIPTOR).putLong(DATA_SELECTOR, FlatEntry.DATA_DESCRIPTOR);
        memory.load(GDT_ADDRESS, gdt.array());
        PageTables.write(memory, PML4_ADDRESS, FOUR_GIB, PageTables.PAGE_2M, 0);
    }

    /** Enters {@code cpu} at {@code entry} in 64-bit mode with RSI = {@code rsi}. */
    static void enter(Cpu cpu, long entry, long rsi) {
        Arrays.fill(cpu.gpr, 0);
        cpu.gpr[Cpu.RSI] = rsi;
        FlatEntry.enter(cpu, entry, GDT_ADDRESS, GDT_LIMIT, CODE_SELECTOR, DATA_SELECTOR,
                Cpu.CR0_PE | Cpu.CR0_ET | Cpu.CR0_PG, PML4_ADDRESS, Cpu.CR4_PAE, Cpu.EFER_LME | Cpu.EFER_LMA);
    }
}

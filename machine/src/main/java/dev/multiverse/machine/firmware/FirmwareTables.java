package dev.multiverse.machine.firmware;

import dev.multiverse.mmu.PhysicalMemory;

import java.util.List;

/**
 * Writes the MP and ACPI tables for a {@link Platform} into the BIOS area below 1 MiB, where an OS
 * looks for them and which the boot protocols' memory maps report as reserved (0x9FC00-0x100000):
 * the tables themselves from {@link #TABLES_BASE} (64 KiB, room for {@link Platform#MAX_CORES} cores
 * many times over), and the two structures an OS finds by scanning on 16-byte boundaries in the
 * F segment: the ACPI RSDP at {@link #RSDP_ADDRESS} (OSes scan 0xE0000-0xFFFFF) and the MP floating
 * pointer at {@link #MP_FLOATING_POINTER_ADDRESS} (scanned in 0xF0000-0xFFFFF).
 *
 * <p>The machine has no firmware code; like QEMU's -kernel boot, the tables are simply present in
 * memory when the kernel starts, after power-on and after every reset.
 */
public final class FirmwareTables {
    public static final long TABLES_BASE = 0xE0000;
    public static final long TABLES_END = 0xF0000;
    public static final long RSDP_ADDRESS = 0xF0000;
    public static final long MP_FLOATING_POINTER_ADDRESS = 0xF0030;
    static final String OEM_ID = "MVERSE";
    static final String OEM_TABLE_ID = "MULTIVRS";
    static final String PRODUCT_ID = "MULTIVERSE";
    private static final int ALIGN = 16;

    private FirmwareTables() {
    }

    /** Writes every table for {@code platform} into {@code memory}; returns the RSDP's address. */
    public static long install(PhysicalMemory memory, Platform platform) {
        Placer at = new Placer(memory);
        long facs = at.place(Facs.build(), Facs.ALIGNMENT);
        long dsdt = at.place(Dsdt.build());
        long fadt = at.place(Fadt.build(facs, dsdt));
        long madt = at.place(Madt.build(platform));
        List<Long> tables = List.of(fadt, madt);
        long rsdt = at.place(RootTables.rsdt(tables));
        long xsdt = at.place(RootTables.xsdt(tables));
        long mpConfig = at.place(MpTable.configTable(platform));
        memory.load(RSDP_ADDRESS, RootTables.rsdp(rsdt, xsdt));
        memory.load(MP_FLOATING_POINTER_ADDRESS, MpTable.floatingPointer(mpConfig));
        return RSDP_ADDRESS;
    }

    /** Lays tables one after another from {@link #TABLES_BASE}, each on a 16-byte boundary. */
    private static final class Placer {
        private final PhysicalMemory memory;
        private long next = TABLES_BASE;

        Placer(PhysicalMemory memory) {
            this.memory = memory;
        }

        long place(byte[] table) {
            return place(table, ALIGN);
        }

        long place(byte[] table, int alignment) {
            long address = (next + alignment - 1) & -alignment;
            if (address + table.length > TABLES_END) {
                throw new IllegalStateException("firmware tables overflow the 64 KiB at 0xE0000");
            }
            memory.load(address, table);
            next = (address + table.length + ALIGN - 1) & -ALIGN;
            return address;
        }
    }
}

package dev.multiverse.machine.loader;

import dev.multiverse.mmu.PhysicalMemory;

/**
 * 4-level page tables a loader writes for a kernel it enters in 64-bit mode: [0, mapped) in pages of one
 * size (4 KiB, 2 MiB or 1 GiB), writable, at a virtual offset and, when that offset is not 0, also identity
 * in the lower half. The tables lie in consecutive pages: the PML4, then the PDPTs, the page directories
 * and the page tables, each level's pages in address order, so entry n of a level maps the n-th unit.
 */
public final class PageTables {
    public static final long PAGE_4K = 1L << 12, PAGE_2M = 1L << 21, PAGE_1G = 1L << 30;
    private static final long PRESENT_WRITABLE = 0x3, LARGE_PAGE = 0x80;
    private static final long PML4_SPAN = 1L << 39;
    private static final int ENTRIES = 512;

    private PageTables() {
    }

    /** The 4 KiB pages the tables for {@code mapped} bytes in pages of {@code pageSize} take. */
    public static long pages(long mapped, long pageSize) {
        long pages = 1 + units(mapped, PML4_SPAN);
        if (pageSize <= PAGE_2M) pages += units(mapped, PAGE_1G);
        if (pageSize == PAGE_4K) pages += units(mapped, PAGE_2M);
        return pages;
    }

    /** Writes the tables at {@code pml4} (zeroing their {@link #pages} first). */
    public static void write(PhysicalMemory memory, long pml4, long mapped, long pageSize, long gvaOffset) {
        long page = PhysicalMemory.PAGE_SIZE;
        memory.ram().asSlice(pml4, pages(mapped, pageSize) * page).fill((byte) 0);
        long pdpts = pml4 + page;
        long pdptCount = units(mapped, PML4_SPAN);
        long directories = pdpts + pdptCount * page;
        long directoryCount = pageSize <= PAGE_2M ? units(mapped, PAGE_1G) : 0;
        long tables = directories + directoryCount * page;
        int upper = (int) (gvaOffset >>> 39) & (ENTRIES - 1);
        for (long i = 0; i < pdptCount; i++) {
            long entry = pdpts + i * page | PRESENT_WRITABLE;
            memory.write(pml4 + 8 * (upper + i), 8, entry);
            if (upper != 0) memory.write(pml4 + 8 * i, 8, entry);
        }
        // One 8-byte entry per unit at each level: the entries of consecutive tables are consecutive in RAM.
        for (long gb = 0; gb < units(mapped, PAGE_1G); gb++) {
            long entry = pageSize == PAGE_1G ? gb * PAGE_1G | PRESENT_WRITABLE | LARGE_PAGE : directories + gb * page | PRESENT_WRITABLE;
            memory.write(pdpts + 8 * gb, 8, entry);
        }
        if (pageSize == PAGE_1G) return;
        for (long mb2 = 0; mb2 < units(mapped, PAGE_2M); mb2++) {
            long entry = pageSize == PAGE_2M ? mb2 * PAGE_2M | PRESENT_WRITABLE | LARGE_PAGE : tables + mb2 * page | PRESENT_WRITABLE;
            memory.write(directories + 8 * mb2, 8, entry);
        }
        if (pageSize == PAGE_2M) return;
        for (long p = 0; p < mapped / PAGE_4K; p++) {
            memory.write(tables + 8 * p, 8, p * PAGE_4K | PRESENT_WRITABLE);
        }
    }

    private static long units(long bytes, long unit) {
        return (bytes + unit - 1) / unit;
    }
}

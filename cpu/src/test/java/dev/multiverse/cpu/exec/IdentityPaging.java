package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.TestCpu;

/**
 * Turns on 4-level paging in a 64-bit {@link TestCpu}: the first 2 MiB identity-mapped with 4 KiB
 * supervisor read/write pages (tables at 0x70000-0x73fff), CR0.WP set, so a test can unmap or
 * write-protect single pages to make accesses fault.
 */
final class IdentityPaging {
    static final long PML4 = 0x70000, PDPT = 0x71000, PD = 0x72000, PT = 0x73000;
    private static final long PRESENT = 1, WRITABLE = 2;

    private IdentityPaging() {
    }

    static void enable(TestCpu t) {
        t.memory.write(PML4, 8, PDPT | PRESENT | WRITABLE);
        t.memory.write(PDPT, 8, PD | PRESENT | WRITABLE);
        t.memory.write(PD, 8, PT | PRESENT | WRITABLE);
        for (long page = 0; page < 512; page++) {
            t.memory.write(PT + page * 8, 8, page << 12 | PRESENT | WRITABLE);
        }
        t.cpu.cr3 = PML4;
        t.cpu.cr4 |= Cpu.CR4_PAE;
        t.cpu.cr0 |= Cpu.CR0_PG | Cpu.CR0_WP;
        t.cpu.updatePaging();
        // No IDT: an exception ends the run as a triple fault with the faulting instruction's state intact.
        t.cpu.idtLimit = 0;
    }

    private static void setPte(TestCpu t, long page, long bits) {
        t.memory.write(PT + (page >>> 12) * 8, 8, page | bits);
        t.cpu.mmu.invlpg(page);
    }

    static void unmap(TestCpu t, long page) {
        setPte(t, page, 0);
    }

    static void map(TestCpu t, long page) {
        setPte(t, page, PRESENT | WRITABLE);
    }

    static void writeProtect(TestCpu t, long page) {
        setPte(t, page, PRESENT);
    }
}

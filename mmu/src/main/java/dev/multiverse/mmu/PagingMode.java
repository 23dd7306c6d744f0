package dev.multiverse.mmu;

/** How linear addresses become physical ones, derived from CR0.PG, CR4.PAE and EFER.LMA. */
public enum PagingMode {
    /** CR0.PG = 0: linear = physical. */
    NONE,
    /** 32-bit paging: two levels of 4-byte entries, 4 MiB pages with CR4.PSE. */
    LEGACY,
    /** PAE: four PDPTEs, then two levels of 8-byte entries, 2 MiB pages. */
    PAE,
    /** 4-level paging in long mode: 4 KiB, 2 MiB and 1 GiB pages. */
    LONG4
}

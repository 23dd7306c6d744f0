package dev.multiverse.mmu;

/**
 * Builds paging structures by hand in guest RAM, the way a kernel would: tables come from a bump
 * allocator, missing intermediate tables are created on demand with permissive rights (P, R/W, U/S) so
 * that each test decides access rights on the entry it is about.
 */
final class PageTables {
    // Paging-structure entry bits (SDM vol. 3, tables 4-14 to 4-20).
    static final long P = 1, RW = 2, US = 4, A = 0x20, D = 0x40, PS = 0x80, G = 0x100, NX = 1L << 63;

    private final PhysicalMemory pm;
    private final PagingMode mode;
    private final int entrySize;
    /** Bit position of the index for each level, root first. */
    private final int[] shifts;
    private final long root;
    private long nextFree;

    /** Tables are allocated upwards from {@code tableArea}, which must be free, zeroed RAM. */
    PageTables(PhysicalMemory pm, PagingMode mode, long tableArea) {
        this.pm = pm;
        this.mode = mode;
        this.nextFree = tableArea;
        switch (mode) {
            case LONG4 -> { entrySize = 8; shifts = new int[] {39, 30, 21, 12}; }
            case PAE -> { entrySize = 8; shifts = new int[] {30, 21, 12}; }
            case LEGACY -> { entrySize = 4; shifts = new int[] {22, 12}; }
            default -> throw new IllegalArgumentException("no tables for " + mode);
        }
        root = allocate();
    }

    // Control register bits that select and tune paging (SDM vol. 3, 2.5 and 4.1).
    static final long CR0_PE = 1, CR0_WP = 1 << 16, CR0_PG = 1L << 31;
    static final long CR4_PSE = 1 << 4, CR4_PAE = 1 << 5, CR4_PGE = 1 << 7;
    static final long EFER_LME = 1 << 8, EFER_LMA = 1 << 10, EFER_NXE = 1 << 11;

    /** Turns paging on in {@code mmu} with these tables, plus the given extra control bits. */
    void activate(Mmu mmu, long cr0Extra, long cr4Extra, long eferExtra) {
        long cr4 = mode == PagingMode.LEGACY ? cr4Extra : cr4Extra | CR4_PAE;
        long efer = mode == PagingMode.LONG4 ? eferExtra | EFER_LME | EFER_LMA : eferExtra;
        mmu.setControl(CR0_PE | CR0_PG | cr0Extra, root, cr4, efer);
    }

    /** The value for CR3. */
    long cr3() {
        return root;
    }

    long allocate() {
        long table = nextFree;
        nextFree += PhysicalMemory.PAGE_SIZE;
        return table;
    }

    /** Physical address of the entry that translates {@code linear} at {@code level} (0 = root). */
    long entryAddress(long linear, int level) {
        long table = root;
        for (int l = 0; l < level; l++) {
            long slot = slot(table, linear, l);
            long e = pm.read(slot, entrySize);
            if ((e & P) == 0) {
                // PAE PDPTEs have no R/W or U/S bits: those positions are reserved there.
                e = allocate() | (mode == PagingMode.PAE && l == 0 ? P : P | RW | US);
                pm.write(slot, entrySize, e);
            }
            table = e & 0xf_ffff_f000L;
        }
        return slot(table, linear, level);
    }

    private long slot(long table, long linear, int level) {
        int bits = mode == PagingMode.PAE && level == 0 ? 2 : mode == PagingMode.LEGACY ? 10 : 9;
        long index = (linear >>> shifts[level]) & ((1L << bits) - 1);
        return table + index * entrySize;
    }

    long entry(long linear, int level) {
        return pm.read(entryAddress(linear, level), entrySize);
    }

    void setEntry(long linear, int level, long value) {
        pm.write(entryAddress(linear, level), entrySize, value);
    }

    /** Level of the entry that maps a 4 KiB page. */
    int leafLevel() {
        return shifts.length - 1;
    }

    void map4k(long linear, long physical, long flags) {
        setEntry(linear, leafLevel(), physical | flags);
    }

    /** A 2 MiB page (PAE, 4-level) or 4 MiB page (32-bit paging with CR4.PSE): the PS bit one level up. */
    void mapLarge(long linear, long entryValue) {
        setEntry(linear, leafLevel() - 1, entryValue | PS);
    }

    /** A 1 GiB page (4-level only): PS in the PDPTE. */
    void map1g(long linear, long physical, long flags) {
        setEntry(linear, 1, physical | flags | PS);
    }
}

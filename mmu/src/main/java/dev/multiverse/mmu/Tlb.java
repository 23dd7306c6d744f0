package dev.multiverse.mmu;

import java.util.Arrays;

/**
 * A per-core, direct-mapped software TLB with one array pair per access kind. A tag is the virtual page
 * number shifted left once, with bit 0 set for user-mode accesses, so supervisor and user permissions
 * are cached separately; an entry caches only RAM pages (MMIO always takes the slow path) and a write
 * entry only pages whose dirty bit is already set and which hold no decoded code.
 */
public final class Tlb {
    static final int BITS = 10;
    static final int SIZE = 1 << BITS;
    static final long INVALID = -1L;

    final long[] readTag = new long[SIZE];
    final long[] readPage = new long[SIZE];
    final long[] writeTag = new long[SIZE];
    final long[] writePage = new long[SIZE];
    final long[] execTag = new long[SIZE];
    final long[] execPage = new long[SIZE];
    /** Tags of entries that came from global pages (kept across CR3 writes when CR4.PGE is set). */
    final boolean[] readGlobal = new boolean[SIZE];
    final boolean[] writeGlobal = new boolean[SIZE];
    final boolean[] execGlobal = new boolean[SIZE];
    /** Whether any entry came from a 2 MiB, 4 MiB or 1 GiB page since the last full flush. */
    private boolean holdsLargePages;

    Tlb() {
        flushAll();
    }

    static long tag(long linear, boolean user) {
        return (linear >>> PhysicalMemory.PAGE_SHIFT) << 1 | (user ? 1 : 0);
    }

    static int index(long linear) {
        return (int) (linear >>> PhysicalMemory.PAGE_SHIFT) & (SIZE - 1);
    }

    void insert(int access, long linear, boolean user, long physicalPage, boolean global, boolean large) {
        holdsLargePages |= large;
        int i = index(linear);
        long t = tag(linear, user);
        switch (access) {
            case Access.READ -> { readTag[i] = t; readPage[i] = physicalPage; readGlobal[i] = global; }
            case Access.WRITE -> { writeTag[i] = t; writePage[i] = physicalPage; writeGlobal[i] = global; }
            default -> { execTag[i] = t; execPage[i] = physicalPage; execGlobal[i] = global; }
        }
    }

    public void flushAll() {
        holdsLargePages = false;
        Arrays.fill(readTag, INVALID);
        Arrays.fill(writeTag, INVALID);
        Arrays.fill(execTag, INVALID);
    }

    /** Drops every entry but those of global pages (a CR3 write with CR4.PGE set). */
    public void flushNonGlobal() {
        for (int i = 0; i < SIZE; i++) {
            if (!readGlobal[i]) readTag[i] = INVALID;
            if (!writeGlobal[i]) writeTag[i] = INVALID;
            if (!execGlobal[i]) execTag[i] = INVALID;
        }
    }

    /**
     * Drops the entries of one virtual page, for both privilege levels (INVLPG). Entries are cached per
     * 4 KiB, so when large pages are cached every fragment of the large page must go: flush everything.
     */
    public void flushPage(long linear) {
        if (holdsLargePages) {
            flushAll();
            return;
        }
        int i = index(linear);
        long page = linear >>> PhysicalMemory.PAGE_SHIFT;
        if (readTag[i] >>> 1 == page) readTag[i] = INVALID;
        if (writeTag[i] >>> 1 == page) writeTag[i] = INVALID;
        if (execTag[i] >>> 1 == page) execTag[i] = INVALID;
    }

    void dropWritesTo(long physicalPage) {
        for (int i = 0; i < SIZE; i++) {
            if (writeTag[i] != INVALID && writePage[i] == physicalPage) {
                writeTag[i] = INVALID;
            }
        }
    }
}

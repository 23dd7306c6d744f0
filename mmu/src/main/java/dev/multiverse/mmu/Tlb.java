package dev.multiverse.mmu;

import java.util.Arrays;

/**
 * A per-core, direct-mapped software TLB with one array pair per access kind. A tag is the virtual page
 * number shifted left twice, with the {@link Privilege} of the access in the low bits, so user,
 * supervisor and SMAP-overridden supervisor permissions are cached separately; an entry caches only RAM
 * pages (MMIO always takes the slow path) and a write entry only pages whose dirty bit is already set
 * and which hold no decoded code. Entries are 4 KiB fragments; those cut from a larger page remember
 * its size so INVLPG anywhere in the large page drops them all.
 */
public final class Tlb {
    static final int BITS = 10;
    static final int SIZE = 1 << BITS;
    static final long INVALID = -1L;
    private static final int PRIVILEGE_BITS = 2;

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
    /** log2 of the size of the page each entry was cut from (12 for 4 KiB pages). */
    private final byte[] readShift = new byte[SIZE];
    private final byte[] writeShift = new byte[SIZE];
    private final byte[] execShift = new byte[SIZE];
    /** Whether any entry came from a 2 MiB, 4 MiB or 1 GiB page since the last full flush. */
    private boolean holdsLargePages;

    Tlb() {
        flushAll();
    }

    static long tag(long linear, int privilege) {
        return (linear >>> PhysicalMemory.PAGE_SHIFT) << PRIVILEGE_BITS | privilege;
    }

    private static long pageOf(long tag) {
        return tag >>> PRIVILEGE_BITS;
    }

    static int index(long linear) {
        return (int) (linear >>> PhysicalMemory.PAGE_SHIFT) & (SIZE - 1);
    }

    /** Caches one 4 KiB fragment of a page of {@code 1 << pageShift} bytes. */
    void insert(int access, long linear, int privilege, long physicalPage, boolean global, int pageShift) {
        holdsLargePages |= pageShift > PhysicalMemory.PAGE_SHIFT;
        int i = index(linear);
        long t = tag(linear, privilege);
        byte shift = (byte) pageShift;
        switch (access) {
            case Access.READ -> { readTag[i] = t; readPage[i] = physicalPage; readGlobal[i] = global; readShift[i] = shift; }
            case Access.WRITE -> { writeTag[i] = t; writePage[i] = physicalPage; writeGlobal[i] = global; writeShift[i] = shift; }
            default -> { execTag[i] = t; execPage[i] = physicalPage; execGlobal[i] = global; execShift[i] = shift; }
        }
    }

    /**
     * One valid entry, for a debugger's listing: the 4 KiB fragment at {@code linear} maps to
     * {@code physical}, cached for {@code access} ({@link Access}) by {@code privilege} ({@link Privilege}),
     * cut from a page of {@code 1 << pageShift} bytes.
     */
    public record Entry(int access, long linear, int privilege, long physical, boolean global, int pageShift) { }

    /** Every valid entry: the read entries, then the write entries, then the fetch entries, each in index order. */
    public java.util.List<Entry> entries() {
        java.util.List<Entry> out = new java.util.ArrayList<>();
        collect(out, Access.READ, readTag, readPage, readGlobal, readShift);
        collect(out, Access.WRITE, writeTag, writePage, writeGlobal, writeShift);
        collect(out, Access.EXECUTE, execTag, execPage, execGlobal, execShift);
        return out;
    }

    private static void collect(java.util.List<Entry> out, int access, long[] tags, long[] pages, boolean[] global,
                                byte[] shift) {
        for (int i = 0; i < SIZE; i++) {
            if (tags[i] == INVALID) continue;
            out.add(new Entry(access, pageOf(tags[i]) << PhysicalMemory.PAGE_SHIFT, (int) (tags[i] & ((1 << PRIVILEGE_BITS) - 1)),
                    pages[i], global[i], shift[i]));
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
     * Drops the entries of one virtual page, for every privilege (INVLPG). When large pages are cached,
     * the fragments of the large page containing {@code linear} sit at other indices: scan for them.
     */
    public void flushPage(long linear) {
        if (holdsLargePages) {
            for (int i = 0; i < SIZE; i++) {
                if (covers(readTag[i], readShift[i], linear)) readTag[i] = INVALID;
                if (covers(writeTag[i], writeShift[i], linear)) writeTag[i] = INVALID;
                if (covers(execTag[i], execShift[i], linear)) execTag[i] = INVALID;
            }
            return;
        }
        int i = index(linear);
        long page = linear >>> PhysicalMemory.PAGE_SHIFT;
        if (pageOf(readTag[i]) == page) readTag[i] = INVALID;
        if (pageOf(writeTag[i]) == page) writeTag[i] = INVALID;
        if (pageOf(execTag[i]) == page) execTag[i] = INVALID;
    }

    /** Whether a valid entry belongs to the page (of its own size) that contains {@code linear}. */
    private static boolean covers(long tag, int pageShift, long linear) {
        if (tag == INVALID) return false;
        int drop = pageShift - PhysicalMemory.PAGE_SHIFT;
        return pageOf(tag) >>> drop == linear >>> pageShift;
    }

    void dropWritesTo(long physicalPage) {
        for (int i = 0; i < SIZE; i++) {
            if (writeTag[i] != INVALID && writePage[i] == physicalPage) {
                writeTag[i] = INVALID;
            }
        }
    }
}

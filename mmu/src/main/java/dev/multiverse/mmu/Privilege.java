package dev.multiverse.mmu;

/**
 * Who makes a data access, as paging's protection checks (U/S, SMAP) need to know it. Fetches are
 * either {@link #USER} or {@link #SUPERVISOR}. The TLB caches each kind separately, so an entry filled by
 * an access SMAP allowed is never reused by one it forbids.
 */
public final class Privilege {
    /** CPL &lt; 3 with RFLAGS.AC clear, or an implicit supervisor access (GDT, LDT, IDT, TSS) at any CPL. */
    public static final int SUPERVISOR = 0;
    /** An access at CPL 3. */
    public static final int USER = 1;
    /** An explicit access at CPL &lt; 3 with RFLAGS.AC set: CR4.SMAP lets it reach user pages. */
    public static final int SUPERVISOR_AC = 2;

    private Privilege() {
    }

    static int of(boolean user) {
        return user ? USER : SUPERVISOR;
    }
}

package dev.multiverse.cpu.state;

/**
 * A segment register with its hidden descriptor cache. {@link #attributes} uses the VMX access-rights
 * layout: bits 0-3 type, 4 S, 5-6 DPL, 7 P, 12 AVL, 13 L, 14 D/B, 15 G.
 *
 * <p>Loading also derives what legacy-mode data accesses check, so the check is two compares: the range
 * of valid offsets ({@link #low}..{@link #high}: 0..limit when expanding up, limit+1..0xffff or
 * 0xffffffff when expanding down, empty when the segment is unusable) and whether reads and writes are
 * allowed at all (execute-only code, read-only data and code segments are not writable).
 */
public final class Segment {
    public static final int ACCESSED = 1, S = 1 << 4, P = 1 << 7, L = 1 << 13, DB = 1 << 14, G = 1 << 15;
    /** Type bits for code/data descriptors (S = 1). */
    public static final int TYPE_WRITABLE_OR_READABLE = 2, TYPE_EXPAND_DOWN_OR_CONFORMING = 4, TYPE_CODE = 8;

    public int selector;
    public long base;
    /** Limit in bytes (already scaled by G). */
    public long limit;
    public int attributes;
    /** Offsets a data access may touch, inclusive; {@code low > high} when the segment is unusable. */
    public long low, high;
    public boolean readable, writable;

    public void load(int selector, long base, long limit, int attributes) {
        this.selector = selector & 0xffff;
        this.base = base;
        this.limit = limit;
        this.attributes = attributes;
        deriveChecks();
    }

    /**
     * Real-mode and virtual-8086 load: base = selector * 16. The limit is kept (so "unreal mode" works as
     * on hardware), except that an unusable segment becomes a 64 KiB data segment; access rights are not
     * checked in these modes, so any segment may be read and written.
     */
    public void loadReal(int selector) {
        this.selector = selector & 0xffff;
        this.base = (long) (selector & 0xffff) << 4;
        if (low > high) {
            attributes = P | S | TYPE_WRITABLE_OR_READABLE | ACCESSED;
            limit = 0xffff;
            deriveChecks();
        }
        readable = writable = true;
    }

    private void deriveChecks() {
        boolean usable = (attributes & P) != 0 && (attributes & S) != 0;
        boolean code = (attributes & TYPE_CODE) != 0;
        boolean rw = (attributes & TYPE_WRITABLE_OR_READABLE) != 0;
        readable = usable && (!code || rw);
        writable = usable && !code && rw;
        if (!usable) {
            low = 1;
            high = 0;
        } else if (!code && (attributes & TYPE_EXPAND_DOWN_OR_CONFORMING) != 0) {
            low = limit + 1;
            high = (attributes & DB) != 0 ? 0xffff_ffffL : 0xffff;
        } else {
            low = 0;
            high = limit;
        }
    }

    /** Copies another register's selector and cache (to undo a transfer that faulted half-way). */
    public void copyFrom(Segment o) {
        selector = o.selector;
        base = o.base;
        limit = o.limit;
        attributes = o.attributes;
        low = o.low;
        high = o.high;
        readable = o.readable;
        writable = o.writable;
    }

    public int dpl() {
        return (attributes >> 5) & 3;
    }

    public boolean is(int bit) {
        return (attributes & bit) != 0;
    }

    public boolean conformingCode() {
        return (attributes & (S | TYPE_CODE | TYPE_EXPAND_DOWN_OR_CONFORMING)) == (S | TYPE_CODE | TYPE_EXPAND_DOWN_OR_CONFORMING);
    }

    /** Decodes an 8-byte GDT/LDT descriptor's base, scaled limit and attributes into this cache. */
    public void loadDescriptor(int selector, long descriptor) {
        load(selector, Descriptors.base(descriptor), Descriptors.limit(descriptor), Descriptors.attributes(descriptor));
    }
}

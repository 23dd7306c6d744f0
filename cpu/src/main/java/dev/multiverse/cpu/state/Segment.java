package dev.multiverse.cpu.state;

/**
 * A segment register with its hidden descriptor cache. {@link #attributes} uses the VMX access-rights
 * layout: bits 0-3 type, 4 S, 5-6 DPL, 7 P, 12 AVL, 13 L, 14 D/B, 15 G.
 */
public final class Segment {
    public static final int ACCESSED = 1, S = 1 << 4, P = 1 << 7, L = 1 << 13, DB = 1 << 14, G = 1 << 15;

    public int selector;
    public long base;
    /** Limit in bytes (already scaled by G). */
    public long limit;
    public int attributes;

    public void load(int selector, long base, long limit, int attributes) {
        this.selector = selector & 0xffff;
        this.base = base;
        this.limit = limit;
        this.attributes = attributes;
    }

    /** Real-mode and virtual-8086 load: base = selector * 16, limit and attributes kept. */
    public void loadReal(int selector) {
        this.selector = selector & 0xffff;
        this.base = (long) (selector & 0xffff) << 4;
    }

    public int dpl() {
        return (attributes >> 5) & 3;
    }

    public boolean is(int bit) {
        return (attributes & bit) != 0;
    }

    /** Decodes an 8-byte GDT/LDT descriptor's base, scaled limit and attributes into this cache. */
    public void loadDescriptor(int selector, long descriptor) {
        long base = ((descriptor >>> 16) & 0xff_ffffL) | ((descriptor >>> 32) & 0xff00_0000L);
        long limit = (descriptor & 0xffff) | ((descriptor >>> 32) & 0xf_0000L);
        int attributes = (int) ((descriptor >>> 40) & 0xf0ff);
        if ((attributes & G) != 0) {
            limit = (limit << 12) | 0xfff;
        }
        load(selector, base, limit, attributes);
    }
}

package dev.multiverse.mmu;

/** Kinds of memory access, as the page walker and TLB distinguish them. */
public final class Access {
    public static final int READ = 0, WRITE = 1, EXECUTE = 2;

    private Access() {
    }
}

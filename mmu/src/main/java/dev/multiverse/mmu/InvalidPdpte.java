package dev.multiverse.mmu;

/**
 * A PAE page-directory-pointer-table entry with reserved bits set, found while loading the PDPTE
 * registers (SDM vol. 3, 4.4.1). The MOV to CR0, CR3 or CR4 that loaded it raises #GP(0) and changes
 * nothing; the {@link Mmu} keeps its previous state. Stackless: it is control flow, never shown to users.
 */
public final class InvalidPdpte extends RuntimeException {
    static final InvalidPdpte INSTANCE = new InvalidPdpte();

    private InvalidPdpte() {
        super("reserved bits set in a PAE PDPTE", null, false, false);
    }
}

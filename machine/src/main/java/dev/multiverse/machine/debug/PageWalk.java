package dev.multiverse.machine.debug;

import java.util.List;

/**
 * A page walk of one linear address through a core's current page tables, as a debugger shows it: each
 * level's entry, then the physical address or the reason there is none.
 *
 * @param linear   the address walked
 * @param mode     the paging mode ("none", "32-bit", "PAE", "4-level")
 * @param levels   the entries read, from the top level down (empty without paging)
 * @param physical the physical address, or -1 when the walk stops at a non-present entry
 * @param pageSize the size of the page mapped (4 KiB, 2 MiB, 4 MiB, 1 GiB), or 0 when unmapped
 * @param writable whether every level allows writes (for supervisor accesses CR0.WP also decides)
 * @param user     whether every level allows user accesses
 * @param noExecute whether some level forbids instruction fetch (EFER.NXE)
 * @param fault    why there is no translation ("PDE not present"), or null
 */
public record PageWalk(long linear, String mode, List<Level> levels, long physical, long pageSize, boolean writable,
                       boolean user, boolean noExecute, String fault) {
    /**
     * One paging-structure entry.
     *
     * @param name    "PML4E", "PDPTE", "PDE" or "PTE"
     * @param index   its index in its table
     * @param address the entry's physical address
     * @param entry   its raw value
     */
    public record Level(String name, int index, long address, long entry) {
        /** Its flags: P RW US PWT PCD A D PS G XD, those set in capitals, clear in lower case. */
        public String flags() {
            StringBuilder b = new StringBuilder();
            flag(b, 0, "P");
            flag(b, 1, "RW");
            flag(b, 2, "US");
            flag(b, 3, "PWT");
            flag(b, 4, "PCD");
            flag(b, 5, "A");
            flag(b, 6, "D");
            flag(b, 7, "PS");
            flag(b, 8, "G");
            if (name.equals("PTE") || name.equals("PDE") || name.equals("PDPTE") || name.equals("PML4E")) {
                if ((entry >>> 63 & 1) != 0) b.append(" XD");
            }
            return b.toString().strip();
        }

        private void flag(StringBuilder b, int bit, String name) {
            b.append(' ').append((entry >>> bit & 1) != 0 ? name : name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    public boolean mapped() {
        return fault == null;
    }
}

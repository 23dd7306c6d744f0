package dev.multiverse.machine.hvm;

/**
 * The address space a CR3 names: its bits 12-51, the top-level table, without the PCID or flag bits. A
 * process's PCID may differ between cores (Linux assigns PCIDs per core) or on the same core after other
 * processes ran, so the HVM recognises a ROS process by this alone.
 */
final class AddressSpace {
    private static final long TABLE = 0x000f_ffff_ffff_f000L;

    private AddressSpace() {
    }

    static long of(long cr3) {
        return cr3 & TABLE;
    }
}

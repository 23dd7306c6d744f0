package dev.multiverse.machine.hvm;

import dev.multiverse.machine.BootException;

/**
 * What the hypercalls need from the HVM's partitioning and HRT boot (docs/hvm-abi.md, "Partitions" and
 * "HRT boot"): which cores are the HRT's, where the comm page is, how upcalls are delivered, and the two
 * actions the ROS may ask for (boot the HRT again, install another HRT image). The comm page and the
 * vector come from the HRT image booted last, so they are asked for each time.
 */
public interface HrtPartition {
    /** The first HRT core's APIC ID (= the number of ROS cores): the ROS's cores are those below it. */
    int firstHrtCore();

    boolean isHrtCore(int apicId);

    /** The guest physical address of the 4 KiB page shared by HVM, HRT and ROS. */
    long commPageGpa();

    /** The upcall vector (32-255), or 0 for #GP with error code {@link Upcalls#GP_ERROR_CODE}. */
    int upcallVector();

    /** HRT reset: every HRT core, reset, re-runs the HRT boot with the image installed last (else the configured one). */
    void bootHrt();

    /**
     * Checks {@code image} (ELF64 with a Multiboot 2 header and the HRT tag, fitting HRT RAM) and keeps it for
     * the next HRT boot; a bad image fails with why and changes nothing.
     */
    void installImage(byte[] image) throws BootException;
}

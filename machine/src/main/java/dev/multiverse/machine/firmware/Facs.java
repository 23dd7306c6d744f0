package dev.multiverse.machine.firmware;

/**
 * The Firmware ACPI Control Structure ("FACS", 64 bytes, 64-byte aligned, no checksum), which a full ACPI
 * platform must have: the hardware signature, the waking vectors and the global lock. Nothing here sleeps
 * or shares the global lock with firmware, so all of them are 0; version 2 (ACPI 4.0 and later).
 */
final class Facs {
    static final int SIZE = 64, ALIGNMENT = 64, VERSION = 2;

    private Facs() {
    }

    static byte[] build() {
        byte[] t = new byte[SIZE];
        t[0] = 'F';
        t[1] = 'A';
        t[2] = 'C';
        t[3] = 'S';
        TableBytes.putU32(t, 4, SIZE);
        t[32] = VERSION;
        return t;
    }
}

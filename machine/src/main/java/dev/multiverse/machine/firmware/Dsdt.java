package dev.multiverse.machine.firmware;

import dev.multiverse.devices.AcpiPm;

/**
 * The Differentiated System Description Table: the AML definition block, hand-encoded. It holds the system
 * bus scope, {@code Scope (\_SB) {}} (ScopeOp 0x10, PkgLength 5 for itself and the name, the name "_SB_",
 * relative, which at the root is {@code \_SB}: the shortest form, the one {@code iasl} emits), and the
 * S5 soft-off state, {@code Name (_S5, Package () {5, 5, 0, 0})} (NameOp 0x08, "_S5_", PackageOp 0x12,
 * PkgLength 8, four elements: two BytePrefix 5 and two ZeroOp), whose SLP_TYP an OS writes to PM1a_CNT to
 * power off. The other legacy devices need no AML: the FADT's boot flags declare them.
 * Revision 2 makes AML integers 64 bits wide.
 */
final class Dsdt {
    static final int REVISION = 2;
    static final byte[] AML = {0x10, 0x05, '_', 'S', 'B', '_',
            0x08, '_', 'S', '5', '_', 0x12, 0x08, 0x04, 0x0a, AcpiPm.SLP_TYP_S5, 0x0a, AcpiPm.SLP_TYP_S5, 0x00, 0x00};

    private Dsdt() {
    }

    static byte[] build() {
        return SystemDescriptionTable.of("DSDT", REVISION, AML);
    }
}

package dev.multiverse.machine.firmware;

/**
 * The Differentiated System Description Table: the AML definition block. The machine has no devices an
 * OS must learn about from AML yet, so it holds only the system bus scope, {@code Scope (\_SB) {}},
 * hand-encoded: ScopeOp (0x10), PkgLength 5 (itself and the name), the name "_SB_" (relative, which at the
 * root of the namespace is {@code \_SB}, and the shortest form, the one {@code iasl} emits).
 * Revision 2 makes AML integers 64 bits wide.
 */
final class Dsdt {
    static final int REVISION = 2;
    static final byte[] AML = {0x10, 0x05, '_', 'S', 'B', '_'};

    private Dsdt() {
    }

    static byte[] build() {
        return SystemDescriptionTable.of("DSDT", REVISION, AML);
    }
}

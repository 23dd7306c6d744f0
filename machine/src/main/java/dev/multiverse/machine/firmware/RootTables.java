package dev.multiverse.machine.firmware;

import java.util.List;

/**
 * The ACPI root: the Root System Description Pointer (revision 2: "RSD PTR ", the ACPI 1.0 checksum over
 * its first 20 bytes and the extended checksum over all 36, the RSDT's and the XSDT's addresses) and the
 * two root tables, which list the same tables with 32-bit (RSDT) and 64-bit (XSDT) addresses.
 */
final class RootTables {
    static final int RSDP_SIZE = 36, RSDP_V1_SIZE = 20, RSDP_REVISION = 2;
    static final int RSDT_REVISION = 1, XSDT_REVISION = 1;

    private RootTables() {
    }

    static byte[] rsdp(long rsdt, long xsdt) {
        byte[] b = new TableBytes().text("RSD PTR ", 8, ' ').u8(0).text(FirmwareTables.OEM_ID, 6, ' ')
                .u8(RSDP_REVISION).u32(rsdt).u32(RSDP_SIZE).u64(xsdt).u8(0).zeros(3).toArray();
        TableBytes.checksum(b, 0, RSDP_V1_SIZE, 8);
        TableBytes.checksum(b, 0, RSDP_SIZE, 32);
        return b;
    }

    static byte[] rsdt(List<Long> tables) {
        TableBytes body = new TableBytes();
        tables.forEach(body::u32);
        return SystemDescriptionTable.of("RSDT", RSDT_REVISION, body.toArray());
    }

    static byte[] xsdt(List<Long> tables) {
        TableBytes body = new TableBytes();
        tables.forEach(body::u64);
        return SystemDescriptionTable.of("XSDT", XSDT_REVISION, body.toArray());
    }
}

package dev.multiverse.machine.firmware;

/**
 * An ACPI system description table: the 36-byte header (signature, length, revision, checksum, OEM
 * and creator identification) followed by the table's own body, checksummed over the whole table.
 */
final class SystemDescriptionTable {
    static final int HEADER_SIZE = 36;
    static final int CHECKSUM_OFFSET = 9;
    static final String CREATOR_ID = "MVRS";
    static final int OEM_REVISION = 1, CREATOR_REVISION = 1;

    private SystemDescriptionTable() {
    }

    static byte[] of(String signature, int revision, byte[] body) {
        byte[] b = new TableBytes().text(signature, 4, ' ').u32(HEADER_SIZE + body.length).u8(revision).u8(0)
                .text(FirmwareTables.OEM_ID, 6, ' ').text(FirmwareTables.OEM_TABLE_ID, 8, ' ').u32(OEM_REVISION)
                .text(CREATOR_ID, 4, ' ').u32(CREATOR_REVISION).bytes(body).toArray();
        TableBytes.checksum(b, 0, b.length, CHECKSUM_OFFSET);
        return b;
    }
}

package dev.multiverse.machine.firmware;

import dev.multiverse.devices.AcpiPm;
import dev.multiverse.cpu.state.CpuidModel;
import dev.multiverse.mmu.PhysicalMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finds the tables in guest memory the way an OS does (scanning the BIOS area on 16-byte boundaries) and
 * walks them: RSDP → XSDT/RSDT → FADT → DSDT and MADT; MP floating pointer → configuration table.
 */
class FirmwareTablesTest {
    private static final long MIB = 1 << 20;
    private final PhysicalMemory memory = new PhysicalMemory(4 * MIB);

    private long u8(long a) {
        return memory.read(a, 1);
    }

    private long u16(long a) {
        return memory.read(a, 2);
    }

    private long u32(long a) {
        return memory.read(a, 4);
    }

    private String text(long a, int n) {
        return new String(memory.dump(a, n), StandardCharsets.US_ASCII);
    }

    private int sum(long a, int n) {
        int s = 0;
        for (byte b : memory.dump(a, n)) s += b;
        return s & 0xFF;
    }

    /** The first 16-byte boundary in [from, to) where {@code signature} starts, or -1. */
    private long scan(String signature, long from, long to) {
        for (long a = from; a < to; a += 16) {
            if (text(a, signature.length()).equals(signature)) return a;
        }
        return -1;
    }

    /** Checks an ACPI table's header at {@code a}: signature, checksum; returns its length. */
    private int sdt(long a, String signature) {
        assertEquals(signature, text(a, 4), "signature at 0x" + Long.toHexString(a));
        int length = (int) u32(a + 4);
        assertEquals(0, sum(a, length), signature + " checksum");
        assertEquals("MVERSE", text(a + 10, 6), signature + " OEM ID");
        return length;
    }

    private Map<String, Long> rootTables(long root, int entrySize) {
        int length = (int) u32(root + 4);
        assertEquals(0, (length - 36) % entrySize, "root table length");
        Map<String, Long> tables = new HashMap<>();
        for (long e = root + 36; e < root + length; e += entrySize) {
            long t = memory.read(e, entrySize);
            tables.put(text(t, 4), t);
        }
        return tables;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 64})
    void acpiTablesWalkFromTheRsdp(int cores) {
        long installed = FirmwareTables.install(memory, new Platform(cores));
        long rsdp = scan("RSD PTR ", 0xE0000, 0x100000);
        assertEquals(installed, rsdp, "the RSDP an OS finds is the one install() reports");
        assertEquals(0, sum(rsdp, 20), "RSDP ACPI 1.0 checksum");
        assertEquals(2, u8(rsdp + 15), "RSDP revision");
        assertEquals(36, u32(rsdp + 20), "RSDP length");
        assertEquals(0, sum(rsdp, 36), "RSDP extended checksum");

        long rsdt = u32(rsdp + 16), xsdt = memory.read(rsdp + 24, 8);
        sdt(rsdt, "RSDT");
        sdt(xsdt, "XSDT");
        Map<String, Long> tables = rootTables(xsdt, 8);
        assertEquals(tables, rootTables(rsdt, 4), "RSDT and XSDT list the same tables");
        assertEquals(List.of("APIC", "FACP"), tables.keySet().stream().sorted().toList(), "no HPET table: no HPET");

        long fadt = tables.get("FACP");
        assertEquals(276, sdt(fadt, "FACP"), "FADT length (revision 6)");
        assertEquals(6, u8(fadt + 8), "FADT revision");
        long dsdt = u32(fadt + 40);
        assertEquals(dsdt, memory.read(fadt + 140, 8), "DSDT and X_DSDT agree");
        assertEquals(0, u32(fadt + 112) & Fadt.HW_REDUCED_ACPI, "full ACPI: the legacy devices are in use");
        long facs = u32(fadt + 36);
        assertEquals(0, facs % 64, "FACS 64-byte aligned");
        assertEquals("FACS", text(facs, 4));
        assertEquals(64, u32(facs + 4), "FACS length");
        assertEquals(9, u16(fadt + 46), "SCI on ISA IRQ 9");
        assertEquals(0, u32(fadt + 48), "no SMI command port: in ACPI mode from power-on");
        assertEquals(AcpiPm.EVENT_BLOCK, u32(fadt + 56), "PM1a_EVT_BLK");
        assertEquals(AcpiPm.CONTROL_BLOCK, u32(fadt + 64), "PM1a_CNT_BLK");
        assertEquals(4, u8(fadt + 88), "PM1_EVT_LEN");
        assertEquals(2, u8(fadt + 89), "PM1_CNT_LEN");
        assertEquals(0, u8(fadt + 91), "no PM timer");
        assertEquals(0x32, u8(fadt + 108), "century in CMOS 0x32");
        assertEquals(Fadt.LEGACY_DEVICES | Fadt.I8042 | Fadt.VGA_NOT_PRESENT, u16(fadt + 109), "IAPC_BOOT_ARCH");
        int dsdtLength = sdt(dsdt, "DSDT");
        assertEquals(36 + Dsdt.AML.length, dsdtLength);
        assertEquals(0x10, u8(dsdt + 36), "the AML body opens a Scope");
        assertEquals("_S5_", text(dsdt + 36 + 7, 4), "then names the S5 soft-off state");
        assertEquals(AcpiPm.SLP_TYP_S5, u8(dsdt + 36 + 15), "whose SLP_TYP the PM device powers off on");

        long madt = tables.get("APIC");
        int length = sdt(madt, "APIC");
        assertEquals(Platform.LOCAL_APIC_ADDRESS, u32(madt + 36), "local APIC address");
        assertEquals(Madt.PCAT_COMPAT, u32(madt + 40), "PCAT_COMPAT");
        List<Long> apicIds = new ArrayList<>();
        List<String> overrides = new ArrayList<>();
        int ioapics = 0, nmis = 0;
        for (long e = madt + 44; e < madt + length; e += u8(e + 1)) {
            switch ((int) u8(e)) {
                case 0 -> {
                    assertEquals(8, u8(e + 1));
                    assertEquals(u8(e + 2), u8(e + 3), "processor UID = APIC ID");
                    assertEquals(1, u32(e + 4), "enabled");
                    apicIds.add(u8(e + 3));
                }
                case 1 -> {
                    assertEquals(12, u8(e + 1));
                    assertEquals(cores, u8(e + 2), "IOAPIC ID follows the local APIC IDs");
                    assertEquals(Platform.IOAPIC_ADDRESS, u32(e + 4));
                    assertEquals(0, u32(e + 8), "GSI base");
                    ioapics++;
                }
                case 2 -> {
                    assertEquals(10, u8(e + 1));
                    overrides.add(String.format("IRQ%d->GSI%d flags=%x", u8(e + 3), u32(e + 4), u16(e + 8)));
                }
                case 4 -> {
                    assertEquals(6, u8(e + 1));
                    assertEquals(0xFF, u8(e + 2), "every processor");
                    assertEquals(1, u8(e + 5), "LINT1");
                    nmis++;
                }
                default -> throw new AssertionError("unexpected MADT entry type " + u8(e));
            }
        }
        assertEquals(java.util.stream.LongStream.range(0, cores).boxed().toList(), apicIds, "one enabled local APIC per core");
        assertEquals(1, ioapics);
        assertEquals(1, nmis);
        assertEquals(List.of("IRQ0->GSI2 flags=0", "IRQ9->GSI9 flags=d"), overrides);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 64})
    void mpTableWalksFromTheFloatingPointer(int cores) {
        FirmwareTables.install(memory, new Platform(cores));
        long fp = scan("_MP_", 0xF0000, 0x100000);
        assertTrue(fp > 0, "floating pointer in 0xF0000-0xFFFFF");
        assertEquals(1, u8(fp + 8), "length in paragraphs");
        assertEquals(4, u8(fp + 9), "spec revision 1.4");
        assertEquals(0, sum(fp, 16), "floating pointer checksum");
        assertEquals(0, u8(fp + 11), "a configuration table, not a default configuration");

        long config = u32(fp + 4);
        assertEquals("PCMP", text(config, 4));
        int length = (int) u16(config + 4);
        assertEquals(0, sum(config, length), "configuration table checksum");
        assertEquals(4, u8(config + 6));
        assertEquals(Platform.LOCAL_APIC_ADDRESS, u32(config + 36));
        int count = (int) u16(config + 34);

        int[] cpuid = CpuidModel.query(1, 0, 0);
        int processors = 0, lastType = 0;
        List<String> buses = new ArrayList<>(), irqs = new ArrayList<>(), lints = new ArrayList<>();
        long e = config + 44;
        for (int i = 0; i < count; i++) {
            int type = (int) u8(e);
            assertTrue(type >= lastType, "entries ordered by type");
            lastType = type;
            switch (type) {
                case 0 -> {
                    assertEquals(processors, u8(e + 1), "local APIC ID");
                    assertEquals(processors == 0 ? 3 : 1, u8(e + 3), "enabled; BSP flag on core 0 only");
                    assertEquals(Integer.toUnsignedLong(cpuid[0]), u32(e + 4), "CPU signature");
                    assertEquals(Integer.toUnsignedLong(cpuid[3]), u32(e + 8), "feature flags (CPUID.1:EDX)");
                    processors++;
                    e += 20;
                }
                case 1 -> {
                    buses.add(u8(e + 1) + ":" + text(e + 2, 6));
                    e += 8;
                }
                case 2 -> {
                    assertEquals(cores, u8(e + 1), "IOAPIC ID");
                    assertEquals(1, u8(e + 3), "IOAPIC enabled");
                    assertEquals(Platform.IOAPIC_ADDRESS, u32(e + 4));
                    e += 8;
                }
                case 3 -> {
                    assertEquals(MpTable.ISA_BUS, u8(e + 4), "ISA source bus");
                    assertEquals(cores, u8(e + 6), "to the IOAPIC");
                    irqs.add(u8(e + 5) + "->" + u8(e + 7) + (u16(e + 2) == 0 ? "" : " flags=" + Long.toHexString(u16(e + 2))));
                    e += 8;
                }
                case 4 -> {
                    lints.add("type" + u8(e + 1) + "->apic" + u8(e + 6) + ":LINT" + u8(e + 7));
                    e += 8;
                }
                default -> throw new AssertionError("unexpected MP entry type " + type);
            }
        }
        assertEquals(config + length, e, "entry count and base table length agree");
        assertEquals(cores, processors);
        assertEquals(List.of("0:PCI   ", "1:ISA   "), buses);
        assertEquals(List.of("0->2", "1->1", "3->3", "4->4", "5->5", "6->6", "7->7", "8->8", "9->9 flags=d",
                "10->10", "11->11", "12->12", "13->13", "14->14", "15->15"), irqs);
        assertEquals(List.of("type3->apic255:LINT0", "type1->apic255:LINT1"), lints, "ExtINT on LINT0, NMI on LINT1");
    }

    @Test
    void tablesStayInsideTheBiosArea() {
        FirmwareTables.install(memory, new Platform(Platform.MAX_CORES));
        long config = u32(scan("_MP_", 0xF0000, 0x100000) + 4);
        assertTrue(config + u16(config + 4) <= FirmwareTables.TABLES_END, "the largest MP table fits below the pointers");
        assertThrows(IllegalArgumentException.class, () -> new Platform(Platform.MAX_CORES + 1));
        assertThrows(IllegalArgumentException.class, () -> new Platform(0));
    }
}

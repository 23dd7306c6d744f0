package dev.multiverse.machine.firmware;

import dev.multiverse.cpu.state.CpuidModel;

/**
 * The Intel MultiProcessor Specification 1.4 tables: the 16-byte floating pointer structure ("_MP_")
 * and the configuration table ("PCMP") it points to, with a processor entry per core, PCI bus 0 and
 * the ISA bus, the IOAPIC, an I/O interrupt assignment per ISA interrupt and the local interrupts
 * (the 8259's ExtINT on LINT0 and NMI on LINT1 of every local APIC). Entries are in the order the
 * specification requires (by type).
 */
final class MpTable {
    static final int FLOATING_POINTER_SIZE = 16;
    static final int HEADER_SIZE = 44;
    static final int SPEC_REVISION = 4;
    static final int PROCESSOR = 0, BUS = 1, IOAPIC = 2, IO_INTERRUPT = 3, LOCAL_INTERRUPT = 4;
    static final int PCI_BUS = 0, ISA_BUS = 1;
    static final int INT = 0, NMI = 1, EXTINT = 3;
    static final int CPU_ENABLED = 1, CPU_BOOTSTRAP = 2;
    /** Destination local APIC ID of an entry that applies to every local APIC. */
    static final int ALL_LOCAL_APICS = 0xFF;

    private MpTable() {
    }

    /** The floating pointer for a configuration table at {@code configAddress}; feature bytes 0: no default configuration, no IMCR. */
    static byte[] floatingPointer(long configAddress) {
        byte[] b = new TableBytes().text("_MP_", 4, ' ').u32(configAddress).u8(FLOATING_POINTER_SIZE / 16)
                .u8(SPEC_REVISION).u8(0).zeros(5).toArray();
        TableBytes.checksum(b, 0, b.length, 10);
        return b;
    }

    /** The configuration table for {@code platform}. */
    static byte[] configTable(Platform platform) {
        TableBytes entries = new TableBytes();
        int count = 0;
        int[] cpuid = CpuidModel.query(1, 0, 0);
        for (int core = 0; core < platform.cores(); core++) {
            entries.u8(PROCESSOR).u8(core).u8(Platform.LOCAL_APIC_VERSION)
                    .u8(CPU_ENABLED | (core == 0 ? CPU_BOOTSTRAP : 0)).u32(cpuid[0]).u32(cpuid[3]).zeros(8);
            count++;
        }
        entries.u8(BUS).u8(PCI_BUS).text("PCI", 6, ' ');
        entries.u8(BUS).u8(ISA_BUS).text("ISA", 6, ' ');
        count += 2;
        entries.u8(IOAPIC).u8(platform.ioapicId()).u8(Platform.IOAPIC_VERSION).u8(1).u32(Platform.IOAPIC_ADDRESS);
        count++;
        for (int irq = 0; irq < Platform.ISA_IRQS; irq++) {
            if (irq == Platform.CASCADE_IRQ) continue;
            entries.u8(IO_INTERRUPT).u8(INT).u16(platform.isaFlags(irq)).u8(ISA_BUS).u8(irq)
                    .u8(platform.ioapicId()).u8(platform.isaGsi(irq) - Platform.IOAPIC_GSI_BASE);
            count++;
        }
        entries.u8(LOCAL_INTERRUPT).u8(EXTINT).u16(0).u8(ISA_BUS).u8(0).u8(ALL_LOCAL_APICS).u8(0);
        entries.u8(LOCAL_INTERRUPT).u8(NMI).u16(0).u8(ISA_BUS).u8(0).u8(ALL_LOCAL_APICS).u8(1);
        count += 2;

        byte[] b = new TableBytes().text("PCMP", 4, ' ').u16(HEADER_SIZE + entries.size()).u8(SPEC_REVISION).u8(0)
                .text(FirmwareTables.OEM_ID, 8, ' ').text(FirmwareTables.PRODUCT_ID, 12, ' ').u32(0).u16(0).u16(count)
                .u32(Platform.LOCAL_APIC_ADDRESS).u16(0).u8(0).u8(0).bytes(entries.toArray()).toArray();
        TableBytes.checksum(b, 0, b.length, 7);
        return b;
    }
}

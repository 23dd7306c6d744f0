package dev.multiverse.machine.firmware;

/**
 * The ACPI Multiple APIC Description Table ("APIC"): the local APIC address, PCAT_COMPAT (the 8259 pair
 * is present and must be masked before the APICs take over), an enabled Processor Local APIC entry per
 * core (ACPI processor UID = APIC ID), the IOAPIC, the ISA interrupt source overrides, and NMI on LINT1
 * of every processor.
 */
final class Madt {
    static final int REVISION = 4;
    static final int PCAT_COMPAT = 1;
    static final int LOCAL_APIC = 0, IOAPIC = 1, INTERRUPT_SOURCE_OVERRIDE = 2, LOCAL_APIC_NMI = 4;
    static final int LOCAL_APIC_ENABLED = 1;
    static final int ISA_BUS = 0;
    /** The ACPI processor UID that means every processor. */
    static final int ALL_PROCESSORS = 0xFF;

    private Madt() {
    }

    static byte[] build(Platform platform) {
        TableBytes body = new TableBytes().u32(Platform.LOCAL_APIC_ADDRESS).u32(PCAT_COMPAT);
        for (int core = 0; core < platform.cores(); core++) {
            body.u8(LOCAL_APIC).u8(8).u8(core).u8(core).u32(LOCAL_APIC_ENABLED);
        }
        body.u8(IOAPIC).u8(12).u8(platform.ioapicId()).u8(0).u32(Platform.IOAPIC_ADDRESS).u32(Platform.IOAPIC_GSI_BASE);
        for (Platform.IsaOverride o : platform.isaOverrides()) {
            body.u8(INTERRUPT_SOURCE_OVERRIDE).u8(10).u8(ISA_BUS).u8(o.irq()).u32(o.gsi()).u16(o.flags());
        }
        body.u8(LOCAL_APIC_NMI).u8(6).u8(ALL_PROCESSORS).u16(0).u8(1);
        return SystemDescriptionTable.of("APIC", REVISION, body.toArray());
    }
}

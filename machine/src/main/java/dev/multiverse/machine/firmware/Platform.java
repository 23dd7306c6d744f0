package dev.multiverse.machine.firmware;

import java.util.List;

/**
 * The interrupt and processor topology the firmware tables describe: {@code cores} processors whose local
 * APICs have IDs 0..cores-1 at the architectural base address (core 0 the bootstrap processor), one IOAPIC
 * with ID {@code cores}, 24 pins and GSI base 0, and the ISA interrupts a PC wires to it: ISA IRQ n on pin n,
 * except IRQ 0 (the PIT), which PC chipsets route to pin 2 while pin 0 carries the 8259's ExtINT output.
 * Both the MP table and the MADT are written from this one description, so they cannot disagree.
 * (RAM is not part of it: neither table describes memory; the boot protocols' memory maps do.)
 *
 * @param cores    processors, 1 to {@link #MAX_CORES}
 * @param ioapicId the IOAPIC's ID: the one after the last core's, or after every core's on a machine whose
 *                 tables list only some of its cores (an HVM's ROS), so it is no unlisted core's APIC ID
 */
public record Platform(int cores, int ioapicId) {
    /** xAPIC IDs are 8 bits and the IOAPIC takes the ID after the last core. */
    public static final int MAX_CORES = 64;
    public static final long LOCAL_APIC_ADDRESS = 0xFEE0_0000L;
    public static final long IOAPIC_ADDRESS = 0xFEC0_0000L;
    public static final int IOAPIC_PINS = 24;
    public static final int IOAPIC_GSI_BASE = 0;
    /** The version the local APICs' version registers report (integrated xAPIC). */
    public static final int LOCAL_APIC_VERSION = 0x14;
    /** The version the IOAPIC's version register reports. */
    public static final int IOAPIC_VERSION = 0x20;
    /** The ISA interrupt the ACPI SCI would use on a PC; declared so every OS sets up IRQ 9 the PC way. */
    public static final int SCI_IRQ = 9;
    /** ISA interrupts 0-15. */
    public static final int ISA_IRQS = 16;
    /** The 8259 cascade input: never raised, so it has no IOAPIC assignment. */
    public static final int CASCADE_IRQ = 2;

    /** Interrupt polarity and trigger mode, encoded as both the MP table and the MADT encode them ("MPS INTI flags"). */
    public static final int POLARITY_HIGH = 0b01, POLARITY_LOW = 0b11, TRIGGER_EDGE = 0b01 << 2, TRIGGER_LEVEL = 0b11 << 2;

    /**
     * An ISA interrupt that does not reach the IOAPIC pin of its own number, or not with the ISA bus's
     * default (edge, active high): {@code flags} are MPS INTI flags, 0 for "conforms to the bus".
     */
    public record IsaOverride(int irq, int gsi, int flags) {
    }

    public Platform {
        if (cores < 1 || cores > MAX_CORES) {
            throw new IllegalArgumentException("cores must be 1 to " + MAX_CORES + ": " + cores);
        }
        if (ioapicId < cores || ioapicId > MAX_CORES) {
            throw new IllegalArgumentException("the IOAPIC's ID must follow the cores' APIC IDs: " + ioapicId);
        }
    }

    /** {@code cores} processors, all listed, and the IOAPIC with the first ID after the local APICs', so no two APICs share an ID. */
    public Platform(int cores) {
        this(cores, cores);
    }

    /** The overrides every PC chipset has: the PIT on pin 2 (edge), and the SCI's IRQ 9 level-triggered, active high. */
    public List<IsaOverride> isaOverrides() {
        return List.of(new IsaOverride(0, 2, 0), new IsaOverride(SCI_IRQ, SCI_IRQ, POLARITY_HIGH | TRIGGER_LEVEL));
    }

    /** The IOAPIC pin (GSI) ISA interrupt {@code irq} arrives on. */
    public int isaGsi(int irq) {
        return isaOverrides().stream().filter(o -> o.irq() == irq).mapToInt(IsaOverride::gsi).findFirst().orElse(irq);
    }

    /** The MPS INTI flags of ISA interrupt {@code irq} (0: the ISA bus's default). */
    public int isaFlags(int irq) {
        return isaOverrides().stream().filter(o -> o.irq() == irq).mapToInt(IsaOverride::flags).findFirst().orElse(0);
    }
}

package dev.multiverse.machine.firmware;

/**
 * The Fixed ACPI Description Table ("FACP"), revision 6.0 (276 bytes).
 *
 * <p>It declares a <em>hardware-reduced</em> ACPI platform (flag HW_REDUCED_ACPI), because that is what
 * the machine is: it has none of the ACPI fixed hardware (PM1 event and control blocks, the PM timer,
 * GPE blocks, an SMI command port), so every one of those fields is 0 and there is no FACS, which
 * hardware-reduced platforms may omit. A full-hardware FADT would send an OS to read and write PM1
 * registers no device answers. What this means for Linux: it skips the ACPI PM timer, the SCI and GPEs,
 * and in this mode it also leaves the 8259 PIC and the PIT clockevent aside (it uses the IOAPIC and
 * local APIC timers, calibrating the TSC with PIT channel 2 and the APIC timer against the TSC), exactly
 * as on other hardware-reduced x86 machines (Firecracker, Cloud Hypervisor, QEMU's microvm). ACPI
 * poweroff needs the SLEEP_CONTROL_REG / SLEEP_STATUS_REG fields and an {@code \_S5} object, both
 * absent until the machine has a device behind them.
 *
 * <p>The SCI interrupt is still given as ISA IRQ 9 (with its MADT override), so that an OS which sets
 * up the SCI whatever the mode configures IRQ 9 as on every PC instead of IRQ 0.
 * Boot architecture flags: ISA devices present (COM1), no VGA; no 8042 is claimed.
 */
final class Fadt {
    static final int REVISION = 6, MINOR_REVISION = 0;
    static final int SIZE = 276;
    static final int FIRMWARE_CTRL = 36, DSDT = 40, SCI_INT = 46, IAPC_BOOT_ARCH = 109, FLAGS = 112,
            MINOR_VERSION = 131, X_DSDT = 140;
    static final int LEGACY_DEVICES = 1, VGA_NOT_PRESENT = 1 << 2;
    static final int WBINVD = 1, PWR_BUTTON = 1 << 4, SLP_BUTTON = 1 << 5, FIX_RTC = 1 << 6, HW_REDUCED_ACPI = 1 << 20;

    private Fadt() {
    }

    static byte[] build(long dsdtAddress) {
        byte[] body = new byte[SIZE - SystemDescriptionTable.HEADER_SIZE];
        int h = SystemDescriptionTable.HEADER_SIZE;
        TableBytes.putU32(body, DSDT - h, dsdtAddress);
        TableBytes.putU16(body, SCI_INT - h, Platform.SCI_IRQ);
        TableBytes.putU16(body, IAPC_BOOT_ARCH - h, LEGACY_DEVICES | VGA_NOT_PRESENT);
        // Power and sleep buttons and RTC wake are not fixed features: the machine has none of them.
        TableBytes.putU32(body, FLAGS - h, WBINVD | PWR_BUTTON | SLP_BUTTON | FIX_RTC | HW_REDUCED_ACPI);
        body[MINOR_VERSION - h] = MINOR_REVISION;
        TableBytes.putU32(body, X_DSDT - h, dsdtAddress);
        TableBytes.putU32(body, X_DSDT - h + 4, dsdtAddress >>> 32);
        return SystemDescriptionTable.of("FACP", REVISION, body);
    }
}

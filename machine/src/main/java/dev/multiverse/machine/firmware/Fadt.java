package dev.multiverse.machine.firmware;

import dev.multiverse.devices.AcpiPm;

/**
 * The Fixed ACPI Description Table ("FACP"), revision 6.0 (276 bytes), for a full (not hardware-reduced)
 * ACPI PC: the machine has the legacy devices a PC OS expects (8259 PIC pair, 8254 PIT, CMOS RTC, i8042,
 * COM1), and an OS in hardware-reduced mode would leave them aside (Linux then allocates no legacy IRQs,
 * so the serial port gets no interrupt and the RTC driver fails). The fixed hardware it declares is the
 * PM1a event and control blocks of {@link AcpiPm} (which power the machine off on S5), with no PM
 * timer, no GPE blocks and no SMI command port: the platform is in ACPI mode from power-on. The FACS is
 * required in this mode. The SCI is ISA IRQ 9 (with its MADT override), though nothing raises it.
 * Boot architecture flags: ISA devices present, an 8042, no VGA. The RTC's century is CMOS register 0x32.
 */
final class Fadt {
    static final int REVISION = 6, MINOR_REVISION = 0;
    static final int SIZE = 276;
    static final int FIRMWARE_CTRL = 36, DSDT = 40, SCI_INT = 46, PM1A_EVT_BLK = 56, PM1A_CNT_BLK = 64,
            PM1_EVT_LEN = 88, PM1_CNT_LEN = 89, CENTURY = 108, IAPC_BOOT_ARCH = 109, FLAGS = 112,
            MINOR_VERSION = 131, X_DSDT = 140;
    static final int LEGACY_DEVICES = 1, I8042 = 1 << 1, VGA_NOT_PRESENT = 1 << 2;
    /** The CMOS register holding the century, as on PCs. */
    static final int CENTURY_REGISTER = 0x32;
    static final int WBINVD = 1, PWR_BUTTON = 1 << 4, SLP_BUTTON = 1 << 5, FIX_RTC = 1 << 6, HW_REDUCED_ACPI = 1 << 20;

    private Fadt() {
    }

    static byte[] build(long facsAddress, long dsdtAddress) {
        byte[] body = new byte[SIZE - SystemDescriptionTable.HEADER_SIZE];
        int h = SystemDescriptionTable.HEADER_SIZE;
        TableBytes.putU32(body, FIRMWARE_CTRL - h, facsAddress);
        TableBytes.putU32(body, DSDT - h, dsdtAddress);
        TableBytes.putU16(body, SCI_INT - h, Platform.SCI_IRQ);
        TableBytes.putU32(body, PM1A_EVT_BLK - h, AcpiPm.EVENT_BLOCK);
        TableBytes.putU32(body, PM1A_CNT_BLK - h, AcpiPm.CONTROL_BLOCK);
        body[PM1_EVT_LEN - h] = AcpiPm.EVENT_LENGTH;
        body[PM1_CNT_LEN - h] = AcpiPm.CONTROL_LENGTH;
        body[CENTURY - h] = CENTURY_REGISTER;
        TableBytes.putU16(body, IAPC_BOOT_ARCH - h, LEGACY_DEVICES | I8042 | VGA_NOT_PRESENT);
        // Power and sleep buttons and RTC wake are not fixed features: the machine has none of them.
        TableBytes.putU32(body, FLAGS - h, WBINVD | PWR_BUTTON | SLP_BUTTON | FIX_RTC);
        body[MINOR_VERSION - h] = MINOR_REVISION;
        TableBytes.putU32(body, X_DSDT - h, dsdtAddress);
        TableBytes.putU32(body, X_DSDT - h + 4, dsdtAddress >>> 32);
        return SystemDescriptionTable.of("FACP", REVISION, body);
    }
}

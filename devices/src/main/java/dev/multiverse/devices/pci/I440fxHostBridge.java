package dev.multiverse.devices.pci;

/**
 * The host bridge at 00:00.0, identifying as Intel's 440FX PMC (8086:1237, revision 02, class 06 00 00), the
 * chipset QEMU's default machine models, so guests pick their usual drivers. Only the standard type 0 header
 * exists: the command register's I/O, memory and bus-master enables are writable, everything else is
 * read-only. The 440FX's chipset registers (PAM, SMRAM, DRAM rows) are not modelled and read as 0.
 */
public final class I440fxHostBridge extends PciDevice {
    public static final int VENDOR_INTEL = 0x8086;
    public static final int DEVICE_440FX = 0x1237;
    /** Base class 06 (bridge), subclass 00 (host bridge), programming interface 00. */
    public static final int CLASS_HOST_BRIDGE = 0x06_00_00;

    public I440fxHostBridge() {
        reset();
    }

    @Override
    public void reset() {
        clear();
        init(VENDOR_ID, 2, VENDOR_INTEL);
        init(DEVICE_ID, 2, DEVICE_440FX);
        init(COMMAND, 2, 0x0006);      // memory and bus-master enabled, as firmware leaves them
        init(STATUS, 2, 0x0280);       // medium DEVSEL timing, fast back-to-back capable
        init(REVISION, 1, 0x02);
        init(CLASS_CODE, 3, CLASS_HOST_BRIDGE);
        init(HEADER_TYPE, 1, 0x00);
        writable(COMMAND, 2, 0x0007);
    }
}

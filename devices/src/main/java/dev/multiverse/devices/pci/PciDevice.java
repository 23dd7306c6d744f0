package dev.multiverse.devices.pci;

import java.util.Arrays;

/**
 * One PCI function's 256-byte configuration space. Every byte has a write mask: bits outside it are read-only
 * (hardwired or set by the device), so a guest's write changes only what the device lets it change.
 * Subclasses fill in their header with {@link #init} and open registers with {@link #writable}.
 */
public abstract class PciDevice {
    public static final int VENDOR_ID = 0x00;
    public static final int DEVICE_ID = 0x02;
    public static final int COMMAND = 0x04;
    public static final int STATUS = 0x06;
    public static final int REVISION = 0x08;
    public static final int CLASS_CODE = 0x09;
    public static final int HEADER_TYPE = 0x0E;
    public static final int SUBSYSTEM_VENDOR_ID = 0x2C;
    public static final int SUBSYSTEM_ID = 0x2E;

    private final byte[] config = new byte[256];
    private final byte[] writeMask = new byte[256];

    /** Puts the function's registers in their power-on state. */
    public abstract void reset();

    /** Reads {@code size} (1, 2 or 4) bytes at {@code offset}, little-endian; bytes past the space read as all ones. */
    public final int read(int offset, int size) {
        int v = 0;
        for (int i = 0; i < size; i++) {
            int b = offset + i < config.length ? config[offset + i] & 0xFF : 0xFF;
            v |= b << (8 * i);
        }
        return v;
    }

    /** Writes {@code size} bytes at {@code offset}; only the writable bits change. */
    public final void write(int offset, int size, int value) {
        for (int i = 0; i < size && offset + i < config.length; i++) {
            int mask = writeMask[offset + i] & 0xFF;
            int b = (value >>> (8 * i)) & 0xFF;
            config[offset + i] = (byte) ((config[offset + i] & ~mask) | (b & mask));
        }
    }

    /** Sets {@code size} bytes at {@code offset} as the device (ignoring the write mask). */
    protected final void init(int offset, int size, int value) {
        for (int i = 0; i < size; i++) {
            config[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    /** Makes the bits of {@code mask} ({@code size} bytes at {@code offset}) writable by the guest. */
    protected final void writable(int offset, int size, int mask) {
        for (int i = 0; i < size; i++) {
            writeMask[offset + i] = (byte) (mask >>> (8 * i));
        }
    }

    /** Clears the whole space and its write masks, for {@link #reset}. */
    protected final void clear() {
        Arrays.fill(config, (byte) 0);
        Arrays.fill(writeMask, (byte) 0);
    }
}

package dev.multiverse.devices.pci;

import dev.multiverse.mmu.PortHandler;

/**
 * PCI configuration mechanism 1: the CONFIG_ADDRESS register at 0xCF8 (a 32-bit access only; bit 31 enables,
 * bits 23-16 bus, 15-11 device, 10-8 function, 7-2 register) and the CONFIG_DATA window at 0xCFC-0xCFF, where
 * a byte, word or dword access at 0xCFC+n reaches configuration register byte (register + n).
 *
 * <p>Only bus 0 exists. A function with no device behind it reads as all ones and ignores writes, which is how
 * a scan finds empty slots. With the enable bit clear, the data window reads all ones and ignores writes, and
 * narrower accesses to 0xCF8-0xCFB go nowhere (they float), as on the PCI bus the spec describes.
 */
public final class PciHostBridge implements PortHandler {
    public static final int ADDRESS_PORT = 0xCF8;
    public static final int DATA_PORT = 0xCFC;
    public static final int ENABLE = 1 << 31;
    /** Bits 30-24 (reserved) and 1-0 (register alignment) read as 0. */
    private static final int ADDRESS_MASK = 0x80FF_FFFC;

    private final PciDevice[] bus0 = new PciDevice[32 * 8];
    private int address;

    /** A bus with the host bridge at 00:00.0. */
    public PciHostBridge() {
        attach(0, 0, new I440fxHostBridge());
    }

    /** Places {@code device} at 00:{@code slot}.{@code function}. */
    public void attach(int slot, int function, PciDevice device) {
        int index = slot * 8 + function;
        if (slot < 0 || slot > 31 || function < 0 || function > 7 || bus0[index] != null) {
            throw new IllegalArgumentException(String.format("PCI function 00:%02x.%d is not free", slot, function));
        }
        bus0[index] = device;
    }

    /** CONFIG_ADDRESS to 0 and every function's registers to their power-on state. */
    public void reset() {
        address = 0;
        for (PciDevice d : bus0) {
            if (d != null) {
                d.reset();
            }
        }
    }

    public int address() {
        return address;
    }

    @Override
    public int in(int port, int size) {
        if (port == ADDRESS_PORT && size == 4) {
            return address;
        }
        PciDevice d = port >= DATA_PORT ? selected() : null;
        if (d == null) {
            return floating(size);
        }
        // Bytes past 0xCFF belong to the next port, which nothing claims.
        int inWindow = Math.min(size, DATA_PORT + 4 - port);
        int value = d.read((address & 0xFC) + (port - DATA_PORT), inWindow);
        return inWindow == size ? value : value | (floating(size) & ~((1 << (8 * inWindow)) - 1));
    }

    @Override
    public void out(int port, int size, int value) {
        if (port == ADDRESS_PORT && size == 4) {
            address = value & ADDRESS_MASK;
            return;
        }
        PciDevice d = port >= DATA_PORT ? selected() : null;
        if (d != null) {
            d.write((address & 0xFC) + (port - DATA_PORT), Math.min(size, DATA_PORT + 4 - port), value);
        }
    }

    /** The function CONFIG_ADDRESS selects, or null (disabled, another bus, or an empty slot). */
    private PciDevice selected() {
        if ((address & ENABLE) == 0 || (address >>> 16 & 0xFF) != 0) {
            return null;
        }
        return bus0[address >>> 8 & 0xFF];
    }

    private static int floating(int size) {
        return size == 4 ? -1 : (1 << (8 * size)) - 1;
    }
}

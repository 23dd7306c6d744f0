package dev.multiverse.devices.pci;

import dev.multiverse.mmu.PortBus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PciHostBridgeTest {
    private final PciHostBridge pci = new PciHostBridge();
    private final PortBus bus = new PortBus();

    PciHostBridgeTest() {
        bus.register(PciHostBridge.ADDRESS_PORT, 4, pci);
        bus.register(PciHostBridge.DATA_PORT, 4, pci);
    }

    private static int address(int bus, int dev, int fn, int reg) {
        return PciHostBridge.ENABLE | bus << 16 | dev << 11 | fn << 8 | reg;
    }

    private int readConfig(int dev, int fn, int reg) {
        bus.out(0xCF8, 4, address(0, dev, fn, reg));
        return bus.in(0xCFC, 4);
    }

    @Test
    void hostBridgeIdentifiesAs440fx() {
        assertEquals(0x1237_8086, readConfig(0, 0, 0x00));
        assertEquals(0x0600_0002, readConfig(0, 0, 0x08));
        assertEquals(0, readConfig(0, 0, 0x0C) >>> 16 & 0x7F, "header type 0");
        assertEquals(0x0280_0006, readConfig(0, 0, 0x04));
    }

    @Test
    void absentFunctionsAndOtherBusesReadAllOnes() {
        assertEquals(-1, readConfig(31, 0, 0));
        assertEquals(-1, readConfig(0, 1, 0));
        bus.out(0xCF8, 4, address(1, 0, 0, 0));
        assertEquals(-1, bus.in(0xCFC, 4));
    }

    @Test
    void byteAndWordAccessesAtDataPortOffsets() {
        bus.out(0xCF8, 4, address(0, 0, 0, 0x08));
        assertEquals(0x02, bus.in(0xCFC, 1));
        assertEquals(0x06, bus.in(0xCFF, 1));
        assertEquals(0x0600, bus.in(0xCFE, 2));
        assertEquals(0x0000, bus.in(0xCFD, 2));
        bus.out(0xCF8, 4, address(0, 0, 0, 0x00));
        assertEquals(0x1237, bus.in(0xCFE, 2));
        assertEquals(0xFFFF_1237, bus.in(0xCFE, 4), "bytes past 0xCFF float");
    }

    @Test
    void readOnlyRegistersIgnoreWritesAndTheCommandRegisterKeepsItsWritableBits() {
        bus.out(0xCF8, 4, address(0, 0, 0, 0x00));
        bus.out(0xCFC, 4, 0x1234_5678);
        assertEquals(0x1237_8086, bus.in(0xCFC, 4));
        bus.out(0xCF8, 4, address(0, 0, 0, 0x04));
        bus.out(0xCFC, 2, 0xFFFF);
        assertEquals(0x0007, bus.in(0xCFC, 2));
        assertEquals(0x0280, bus.in(0xCFE, 2), "status is read-only here");
        pci.reset();
        assertEquals(0, pci.address());
        assertEquals(0x0280_0006, readConfig(0, 0, 0x04));
    }

    @Test
    void addressRegisterNeedsADwordAccessAndKeepsOnlyDefinedBits() {
        bus.out(0xCF8, 4, 0xFFFF_FFFF);
        assertEquals(0x80FF_FFFC, bus.in(0xCF8, 4));
        bus.out(0xCF8, 1, 0);
        assertEquals(0x80FF_FFFC, pci.address(), "a byte write is not an address write");
        assertEquals(0xFF, bus.in(0xCF8, 1));
        assertEquals(0xFFFF, bus.in(0xCFA, 2));
    }

    @Test
    void disabledMechanismFloatsTheDataWindow() {
        bus.out(0xCF8, 4, 0x0000_0000);
        assertEquals(-1, bus.in(0xCFC, 4));
        bus.out(0xCFC, 4, 0);
        assertEquals(0x1237_8086, readConfig(0, 0, 0));
    }

    @Test
    void laterDevicesAttachToFreeSlotsOnly() {
        PciDevice device = new PciDevice() {
            @Override
            public void reset() {
                clear();
                init(VENDOR_ID, 4, 0x1001_1AF4);
            }
        };
        device.reset();
        pci.attach(3, 0, device);
        assertEquals(0x1001_1AF4, readConfig(3, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> pci.attach(0, 0, device));
        assertThrows(IllegalArgumentException.class, () -> pci.attach(32, 0, device));
    }
}

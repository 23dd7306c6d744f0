package dev.multiverse.devices;

import dev.multiverse.mmu.PortBus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** PM1a event and control registers through a port bus: ACPI mode from power-on, and power-off on S5 only. */
class AcpiPmTest {
    private int powerOffs;
    private final AcpiPm pm = new AcpiPm(() -> powerOffs++);
    private final PortBus ports = new PortBus();

    AcpiPmTest() {
        ports.register(AcpiPm.EVENT_BLOCK, AcpiPm.PORT_COUNT, pm);
    }

    @Test
    void sciEnIsSetFromPowerOnAndSlpEnReadsAsZero() {
        assertEquals(1, ports.in(AcpiPm.CONTROL_BLOCK, 2), "SCI_EN: already in ACPI mode");
        ports.out(AcpiPm.CONTROL_BLOCK, 2, 3 << 10 | 1 << 13);   // SLP_TYP 3 with SLP_EN: not S5
        assertEquals(0, powerOffs, "only S5 is modelled");
        assertEquals(3 << 10 | 1, ports.in(AcpiPm.CONTROL_BLOCK, 2), "SLP_TYP kept, SLP_EN not");
        ports.out(AcpiPm.CONTROL_BLOCK, 2, 0);
        assertEquals(1, ports.in(AcpiPm.CONTROL_BLOCK, 2), "SCI_EN cannot be cleared: no SMI port to leave ACPI mode");
    }

    @Test
    void slpEnWithTheS5TypePowersOff() {
        ports.out(AcpiPm.CONTROL_BLOCK, 2, AcpiPm.SLP_TYP_S5 << 10);
        assertEquals(0, powerOffs, "the type alone does nothing");
        ports.out(AcpiPm.CONTROL_BLOCK + 1, 1, (AcpiPm.SLP_TYP_S5 << 10 | 1 << 13) >> 8);   // a byte write of the high half
        assertEquals(1, powerOffs);
    }

    @Test
    void enableBitsThatExistReadBackAndStatusStaysClear() {
        ports.out(AcpiPm.EVENT_BLOCK + 2, 2, 0xffff);
        assertEquals(1 | 1 << 5 | 1 << 8 | 1 << 9 | 1 << 10, ports.in(AcpiPm.EVENT_BLOCK + 2, 2));
        ports.out(AcpiPm.EVENT_BLOCK, 2, 0xffff);    // write-1-to-clear on a status nothing sets
        assertEquals(0, ports.in(AcpiPm.EVENT_BLOCK, 2));
        pm.reset();
        assertEquals(0, ports.in(AcpiPm.EVENT_BLOCK + 2, 2), "reset clears the enables");
    }
}

package dev.multiverse.devices;

import dev.multiverse.mmu.PortBus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SystemControlPortATest {
    private final List<Boolean> line = new ArrayList<>();
    private int resetRequests;
    private final SystemControlPortA port = new SystemControlPortA(line::add, () -> resetRequests++);
    private final PortBus bus = new PortBus();

    SystemControlPortATest() {
        bus.register(SystemControlPortA.PORT, 1, port);
    }

    @Test
    void startsWithA20EnabledAndReadsItBack() {
        assertTrue(port.a20Enabled());
        assertEquals(0x02, bus.in(0x92, 1));
        assertEquals(List.of(), line, "power-on state needs no change on the line");
    }

    @Test
    void bitOneDrivesTheA20LineOnlyWhenItChanges() {
        bus.out(0x92, 1, 0x00);
        assertEquals(0x00, bus.in(0x92, 1));
        bus.out(0x92, 1, 0x00);
        bus.out(0x92, 1, 0x02);
        bus.out(0x92, 1, 0x02);
        assertEquals(0x02, bus.in(0x92, 1));
        assertEquals(List.of(false, true), line);
        assertEquals(0, resetRequests);
    }

    @Test
    void otherBitsReadZero() {
        bus.out(0x92, 1, 0xFC);
        assertEquals(0x00, bus.in(0x92, 1));
        bus.out(0x92, 1, 0xFE);
        assertEquals(0x02, bus.in(0x92, 1));
        assertEquals(0, resetRequests);
    }

    @Test
    void bitZeroRequestsAResetAfterSettingTheGate() {
        bus.out(0x92, 1, 0x01);
        assertEquals(1, resetRequests);
        assertEquals(List.of(false), line, "the same write cleared bit 1");
        bus.out(0x92, 1, 0x03);
        assertEquals(2, resetRequests);
    }

    @Test
    void resetEnablesA20AndDrivesTheLine() {
        bus.out(0x92, 1, 0x00);
        port.reset();
        assertTrue(port.a20Enabled());
        assertEquals(List.of(false, true), line);
    }

    @Test
    void widerReadsSeeTheUnclaimedPortsFloat() {
        assertEquals(0xFF02, bus.in(0x92, 2));
        bus.out(0x92, 2, 0xFF00);
        assertFalse(port.a20Enabled(), "only the low byte reaches port 0x92");
        assertEquals(0xFFFF_FF00, bus.in(0x92, 4));
    }
}

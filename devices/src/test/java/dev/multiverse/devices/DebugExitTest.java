package dev.multiverse.devices;

import dev.multiverse.mmu.PortBus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DebugExitTest {
    @Test
    void writeEndsTheRunWithQemusStatus() {
        List<Integer> statuses = new ArrayList<>();
        PortBus bus = new PortBus();
        bus.register(DebugExit.PORT, DebugExit.PORT_COUNT, new DebugExit(statuses::add));
        bus.out(0xF4, 4, 0);
        bus.out(0xF4, 1, 1);
        bus.out(0xF6, 2, 2);
        assertEquals(List.of(1, 3, 5), statuses);
    }

    @Test
    void statusKeepsTheLowEightBitsAsAProcessWould() {
        assertEquals(0xFF, DebugExit.exitStatus(0x7F));
        assertEquals(0x01, DebugExit.exitStatus(0x80));
        assertEquals(0x01, DebugExit.exitStatus(-128));
    }

    @Test
    void readsFloat() {
        DebugExit d = new DebugExit(s -> { });
        assertEquals(0xFF, d.in(DebugExit.PORT, 1));
        assertEquals(-1, d.in(DebugExit.PORT, 4));
    }

    @Test
    void postCodePortSwallowsWrites() {
        PortBus bus = new PortBus();
        bus.register(PostCodePort.PORT, 1, new PostCodePort());
        bus.out(0x80, 1, 0x42);
        assertEquals(0xFF, bus.in(0x80, 1));
    }
}

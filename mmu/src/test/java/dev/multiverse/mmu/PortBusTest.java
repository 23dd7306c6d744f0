package dev.multiverse.mmu;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PortBusTest {
    private final PortBus bus = new PortBus();

    /** A device that records writes and answers reads with the port number plus the size. */
    private static final class RecordingPorts implements PortHandler {
        final List<String> log = new ArrayList<>();

        @Override
        public int in(int port, int size) {
            log.add("in " + Integer.toHexString(port) + "/" + size);
            return port + size;
        }

        @Override
        public void out(int port, int size, int value) {
            log.add("out " + Integer.toHexString(port) + "/" + size + "=" + Integer.toHexString(value));
        }
    }

    @Test
    void unclaimedPortsReadAllOnesForEachSize() {
        assertEquals(0xff, bus.in(0x80, 1));
        assertEquals(0xffff, bus.in(0x80, 2));
        assertEquals(0xffff_ffff, bus.in(0x80, 4));
    }

    @Test
    void writesToUnclaimedPortsAreDropped() {
        bus.out(0x80, 1, 0x12);
        assertEquals(0xff, bus.in(0x80, 1));
    }

    @Test
    void claimedPortsReachTheirHandlerWithThePortNumber() {
        RecordingPorts dev = new RecordingPorts();
        bus.register(0x3f8, 8, dev);
        assertEquals(0x3fd + 1, bus.in(0x3fd, 1));
        bus.out(0x3ff, 1, 0x41);
        assertEquals(List.of("in 3fd/1", "out 3ff/1=41"), dev.log);
        assertEquals(0xff, bus.in(0x400, 1), "the claim ends after its last port");
        assertEquals(0xff, bus.in(0x3f7, 1), "and starts at its first");
    }

    @Test
    void outMasksTheValueToTheAccessSize() {
        RecordingPorts dev = new RecordingPorts();
        bus.register(0x60, 1, dev);
        bus.out(0x60, 1, 0x1234_5678);
        bus.out(0x60, 2, 0x1234_5678);
        bus.out(0x60, 4, 0x8234_5678);
        assertEquals(List.of("out 60/1=78", "out 60/2=5678", "out 60/4=82345678"), dev.log);
    }

    @Test
    void claimsCannotOverlap() {
        bus.register(0x60, 5, new RecordingPorts());
        assertThrows(IllegalStateException.class, () -> bus.register(0x60, 1, new RecordingPorts()));
        assertThrows(IllegalStateException.class, () -> bus.register(0x64, 4, new RecordingPorts()));
        assertThrows(IllegalStateException.class, () -> bus.register(0x50, 0x20, new RecordingPorts()));
    }

    @Test
    void aRejectedClaimClaimsNothing() {
        RecordingPorts dev = new RecordingPorts();
        bus.register(0x62, 2, new RecordingPorts());
        assertThrows(IllegalStateException.class, () -> bus.register(0x60, 4, dev));
        assertEquals(0xff, bus.in(0x60, 1));
        assertEquals(0xff, bus.in(0x61, 1));
        assertEquals(List.of(), dev.log);
        bus.register(0x60, 2, dev);
    }

    @Test
    void adjacentClaimsAreAccepted() {
        RecordingPorts low = new RecordingPorts(), high = new RecordingPorts();
        bus.register(0x20, 2, low);
        bus.register(0x22, 2, high);
        bus.in(0x21, 1);
        bus.in(0x22, 1);
        assertEquals(List.of("in 21/1"), low.log);
        assertEquals(List.of("in 22/1"), high.log);
    }

    @Test
    void portNumbersWrapAtSixteenBits() {
        RecordingPorts dev = new RecordingPorts();
        bus.register(0x70, 2, dev);
        bus.in(0x1_0070, 1);
        assertEquals(List.of("in 70/1"), dev.log);
    }
}

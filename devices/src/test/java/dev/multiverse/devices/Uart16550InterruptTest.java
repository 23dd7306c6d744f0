package dev.multiverse.devices;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The UART's interrupt output: a pending enabled condition, gated by MCR.OUT2 as on a PC, off in loopback. */
class Uart16550InterruptTest {
    private static final int BASE = Uart16550.COM1, IER = BASE + 1, IIR = BASE + 2, MCR = BASE + 4;
    private boolean line;
    private final Uart16550 uart = new Uart16550(BASE, new ByteArrayOutputStream());

    Uart16550InterruptTest() {
        uart.connectInterrupt(high -> line = high);
    }

    @Test
    void receivedDataRaisesTheLineOnlyWithOut2() {
        uart.out(IER, 1, 0x01);
        uart.receive('x');
        assertFalse(line, "OUT2 clear gates the interrupt off");
        uart.out(MCR, 1, 0x08);
        assertTrue(line);
        uart.in(BASE, 1);
        assertFalse(line, "reading the byte clears the condition");
    }

    @Test
    void thrEmptyIsAcknowledgedByReadingIir() {
        uart.out(MCR, 1, 0x08);
        uart.out(IER, 1, 0x02);
        assertTrue(line);
        uart.in(IIR, 1);
        assertFalse(line);
    }

    @Test
    void loopbackDisconnectsTheOutput() {
        uart.out(IER, 1, 0x01);
        uart.out(MCR, 1, 0x18);
        uart.receive('x');
        assertFalse(line);
    }
}

package dev.multiverse.devices;

import dev.multiverse.mmu.PortBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Uart16550Test {
    private static final int BASE = Uart16550.COM1;
    private static final int THR = BASE, IER = BASE + 1, IIR = BASE + 2, LCR = BASE + 3, MCR = BASE + 4,
            LSR = BASE + 5, MSR = BASE + 6, SCR = BASE + 7;

    private final ByteArrayOutputStream host = new ByteArrayOutputStream();
    private final PortBus bus = new PortBus();
    private Uart16550 uart;

    @BeforeEach
    void attach() {
        uart = new Uart16550(BASE, host);
        bus.register(BASE, Uart16550.PORT_COUNT, uart);
    }

    private void out(int port, int v) {
        bus.out(port, 1, v);
    }

    private int in(int port) {
        return bus.in(port, 1);
    }

    @Test
    void transmittedBytesReachTheHostStream() {
        for (byte b : "hi\n".getBytes(StandardCharsets.US_ASCII)) {
            assertEquals(0x60, in(LSR) & 0x60, "THRE and TEMT are always set");
            out(THR, b);
        }
        assertEquals("hi\n", host.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void newlineFlushesSoOutputStreamsLive() {
        int[] flushes = {0};
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void flush() {
                flushes[0]++;
            }
        };
        Uart16550 u = new Uart16550(BASE, counting);
        u.out(THR, 1, 'a');
        assertEquals(0, flushes[0]);
        u.out(THR, 1, '\n');
        assertEquals(1, flushes[0]);
        u.flush();
        assertEquals(2, flushes[0]);
    }

    @Test
    void divisorLatchIsReachedThroughDlabWithoutTransmitting() {
        out(LCR, 0x80);
        out(THR, 0x01);
        out(IER, 0x02);
        assertEquals(0x01, in(THR));
        assertEquals(0x02, in(IER));
        out(LCR, 0x03);
        assertEquals(0x03, in(LCR));
        assertEquals(0x00, in(IER), "IER is untouched by divisor writes");
        assertEquals(0, host.size(), "divisor writes are not transmitted");
    }

    @Test
    void receivedBytesSetDataReadyUntilRead() {
        assertEquals(0, in(LSR) & Uart16550.LSR_DATA_READY);
        out(0x3FA, 0x01);   // FIFOs on
        uart.receive('x');
        uart.receive('y');
        assertEquals(Uart16550.LSR_DATA_READY, in(LSR) & Uart16550.LSR_DATA_READY);
        assertEquals('x', in(THR));
        assertEquals('y', in(THR));
        assertEquals(0, in(LSR) & Uart16550.LSR_DATA_READY);
    }

    @Test
    void fullFifoReportsOverrunOnceAndKeepsOldData() {
        out(0x3FA, 0x01);
        for (int i = 0; i < 17; i++) uart.receive('a' + i);
        int lsr = in(LSR);
        assertEquals(Uart16550.LSR_OVERRUN, lsr & Uart16550.LSR_OVERRUN);
        assertEquals(0, in(LSR) & Uart16550.LSR_OVERRUN, "reading LSR clears OE");
        StringBuilder got = new StringBuilder();
        while ((in(LSR) & Uart16550.LSR_DATA_READY) != 0) got.append((char) in(THR));
        assertEquals("abcdefghijklmnop", got.toString());
    }

    @Test
    void withoutFifosTheHoldingRegisterKeepsTheNewestByte() {
        uart.receive('1');
        uart.receive('2');
        assertEquals(Uart16550.LSR_OVERRUN | Uart16550.LSR_DATA_READY, in(LSR) & 3);
        assertEquals('2', in(THR));
    }

    @Test
    void interruptIdentificationFollowsPriorities() {
        assertEquals(0x01, in(IIR), "nothing pending, FIFOs off");
        out(0x3FA, 0x07);
        assertEquals(0xC1, in(IIR), "FIFO-enabled bits");
        out(IER, 0x02);
        assertEquals(0xC2, in(IIR), "enabling THRE interrupts while THR is empty raises one");
        assertEquals(0xC1, in(IIR), "reading IIR acknowledged it");
        out(THR, 'z');
        assertEquals(0xC2, in(IIR), "transmitting empties THR again");
        out(IER, 0x03);
        uart.receive('q');
        assertEquals(0xC4, in(IIR), "received data outranks THRE");
        in(THR);
        assertEquals(0xC1, in(IIR), "THRE was acknowledged before the data arrived");
    }

    @Test
    void loopbackRoutesTransmitterAndModemLines() {
        out(MCR, 0x10 | 0x0A);   // loopback, RTS, OUT2: the Linux 8250 probe
        assertEquals(0x90, in(MSR) & 0xF0, "CTS from RTS, DCD from OUT2");
        out(THR, 0x55);
        assertEquals(0, host.size(), "loopback does not reach the line");
        assertEquals(0x55, in(THR));
        out(MCR, 0x00);
        assertEquals(0xB0, in(MSR) & 0xF0, "back to a connected terminal");
    }

    @Test
    void modemStatusDeltasClearOnRead() {
        out(MCR, 0x10);
        int first = in(MSR);
        assertEquals(0x0B, first & 0x0F, "CTS, DSR and DCD dropped when entering loopback");
        assertEquals(0, in(MSR) & 0x0F);
    }

    @Test
    void scratchRegisterHoldsAValue() {
        out(SCR, 0xA5);
        assertEquals(0xA5, in(SCR));
    }

    @Test
    void wideAccessesSplitIntoByteCycles() {
        out(SCR, 0x5A);
        assertEquals(0xFF5A, bus.in(SCR, 2), "the byte past the UART floats");
        bus.out(LCR, 2, 0x0303);   // LCR = 3, MCR = 3
        assertEquals(0x03, in(MCR));
    }

    @Test
    void failingHostStreamBecomesAnUncheckedError() {
        Uart16550 u = new Uart16550(BASE, new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("broken pipe");
            }
        });
        org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class, () -> u.out(THR, 1, 'a'));
    }
}

package dev.multiverse.devices;

import dev.multiverse.mmu.PortHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A 16550A UART at eight consecutive I/O ports (COM1 is 0x3F8). Transmission is instantaneous: a byte
 * written to THR goes straight to the host {@link OutputStream}, so THR and the transmitter always read
 * as empty. Received bytes come from {@link #receive}; they wait in the 16-byte FIFO (or the single
 * holding register when FIFOs are off) until the guest reads RBR. Loopback mode (MCR bit 4) routes
 * transmitted bytes back to the receiver and the modem-control outputs to the modem-status inputs, as
 * drivers use it to probe for the chip.
 *
 * <p>The interrupt identification register reports pending conditions by the 16550's priorities. The
 * interrupt output (IRQ 4 for COM1) is high while a condition is pending and MCR.OUT2 is set, as the PC
 * gates it; loopback mode disconnects it.
 */
public final class Uart16550 implements PortHandler {
    public static final int COM1 = 0x3F8;
    public static final int PORT_COUNT = 8;

    // Register offsets from the base port.
    private static final int RBR_THR = 0, IER = 1, IIR_FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7;

    private static final int IER_RX_DATA = 1, IER_THR_EMPTY = 2, IER_LINE_STATUS = 4, IER_MODEM_STATUS = 8;
    private static final int IIR_NONE = 1, IIR_MODEM_STATUS = 0, IIR_THR_EMPTY = 2, IIR_RX_DATA = 4,
            IIR_LINE_STATUS = 6, IIR_FIFOS_ENABLED = 0xC0;
    private static final int FCR_ENABLE = 1, FCR_CLEAR_RX = 2;
    private static final int LCR_DLAB = 0x80;
    private static final int MCR_DTR = 1, MCR_RTS = 2, MCR_OUT1 = 4, MCR_OUT2 = 8, MCR_LOOP = 0x10;
    static final int LSR_DATA_READY = 1, LSR_OVERRUN = 2, LSR_THR_EMPTY = 0x20, LSR_TX_EMPTY = 0x40;
    private static final int MSR_DELTA_CTS = 1, MSR_DELTA_DSR = 2, MSR_TRAILING_RI = 4, MSR_DELTA_DCD = 8,
            MSR_CTS = 0x10, MSR_DSR = 0x20, MSR_RI = 0x40, MSR_DCD = 0x80;
    /** Without loopback the host side looks like a connected terminal: clear to send, data set ready, carrier. */
    private static final int MSR_CONNECTED = MSR_CTS | MSR_DSR | MSR_DCD;

    private static final int FIFO_SIZE = 16;

    private final int base;
    private final OutputStream out;

    private final int[] rx = new int[FIFO_SIZE];
    private int rxHead, rxCount;

    private int ier, lcr, mcr, scr, divisor;
    private boolean fifosEnabled;
    private boolean overrun;
    private int msrDeltas;
    /** THR-empty interrupt condition: raised when the transmitter empties, cleared by reading it from IIR or writing THR. */
    private boolean thrEmptyPending;
    private IrqLine irq = high -> { };

    public Uart16550(int basePort, OutputStream transmitted) {
        this.base = basePort;
        this.out = transmitted;
    }

    /** Connects the interrupt output to the interrupt controller's input. */
    public void connectInterrupt(IrqLine line) {
        irq = line;
        updateInterrupt();
    }

    /** The hardware reset (MR pin): every register back to its power-on value, the receiver empty. */
    public void reset() {
        rxHead = rxCount = 0;
        ier = lcr = mcr = scr = divisor = msrDeltas = 0;
        fifosEnabled = overrun = thrEmptyPending = false;
        updateInterrupt();
    }

    /** A byte arrives on the receive line. With the FIFO (or holding register) full it is lost and OE is set. */
    public void receive(int b) {
        int capacity = fifosEnabled ? FIFO_SIZE : 1;
        if (rxCount == capacity) {
            overrun = true;
            if (!fifosEnabled) {
                rx[rxHead] = b & 0xFF;   // the 16450-style holding register is overwritten
            }
            return;
        }
        rx[(rxHead + rxCount) % FIFO_SIZE] = b & 0xFF;
        rxCount++;
        updateInterrupt();
    }

    /** Whether a received byte would fit: the FIFO (or the holding register with FIFOs off) has room. */
    public boolean canReceive() {
        return rxCount < (fifosEnabled ? FIFO_SIZE : 1);
    }

    /**
     * How long one character takes on the line at the programmed rate: ten bits (start, eight data, stop)
     * at 115200 / divisor baud. An unprogrammed divisor (0) counts as 1, the fastest rate.
     */
    public long characterNanos() {
        return 10L * Math.max(divisor, 1) * 1_000_000_000L / 115_200;
    }

    /** Pushes transmitted bytes to the host (the machine calls this at the end of each time slice). */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("serial output failed", e);
        }
    }

    @Override
    public int in(int port, int size) {
        int v = 0;
        for (int i = 0; i < size; i++) {
            // A wide access to an 8-bit device becomes consecutive byte cycles.
            int p = port + i - base;
            v |= (p < PORT_COUNT ? readRegister(p) : 0xFF) << (8 * i);
        }
        updateInterrupt();
        return v;
    }

    @Override
    public void out(int port, int size, int value) {
        for (int i = 0; i < size; i++) {
            int p = port + i - base;
            if (p < PORT_COUNT) {
                writeRegister(p, (value >>> (8 * i)) & 0xFF);
            }
        }
        updateInterrupt();
    }

    private boolean dlab() {
        return (lcr & LCR_DLAB) != 0;
    }

    private boolean loopback() {
        return (mcr & MCR_LOOP) != 0;
    }

    private int readRegister(int reg) {
        return switch (reg) {
            case RBR_THR -> dlab() ? divisor & 0xFF : readReceiver();
            case IER -> dlab() ? divisor >>> 8 : ier;
            case IIR_FCR -> readInterruptId();
            case LCR -> lcr;
            case MCR -> mcr;
            case LSR -> readLineStatus();
            case MSR -> readModemStatus();
            default -> scr;
        };
    }

    private void writeRegister(int reg, int v) {
        switch (reg) {
            case RBR_THR -> {
                if (dlab()) divisor = (divisor & 0xFF00) | v;
                else transmit(v);
            }
            case IER -> {
                if (dlab()) {
                    divisor = (divisor & 0xFF) | (v << 8);
                } else {
                    // Enabling the THR-empty interrupt while THR is empty (always, here) raises it at once.
                    if ((v & IER_THR_EMPTY) != 0 && (ier & IER_THR_EMPTY) == 0) thrEmptyPending = true;
                    ier = v & 0x0F;
                }
            }
            case IIR_FCR -> writeFifoControl(v);
            case LCR -> lcr = v;
            case MCR -> writeModemControl(v & 0x1F);
            case LSR, MSR -> { }   // read-only status registers: writes have no effect (factory test use only)
            default -> scr = v;
        }
    }

    private void transmit(int b) {
        if (loopback()) {
            receive(b);
        } else {
            try {
                out.write(b);
                if (b == '\n') out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("serial output failed", e);
            }
        }
        thrEmptyPending = true;   // the byte left at once: THR is empty again
    }

    private int readReceiver() {
        if (rxCount == 0) {
            return rx[rxHead];   // RBR keeps the last byte received
        }
        int b = rx[rxHead];
        if (rxCount > 1) rxHead = (rxHead + 1) % FIFO_SIZE;
        rxCount--;
        return b;
    }

    private void writeFifoControl(int v) {
        boolean enable = (v & FCR_ENABLE) != 0;
        if (enable != fifosEnabled || (v & FCR_CLEAR_RX) != 0) {
            // Switching FIFO mode clears both FIFOs; the transmit side is always empty here.
            rxHead = 0;
            rxCount = 0;
        }
        fifosEnabled = enable;
    }

    /** Drives the interrupt output: a pending enabled condition, gated by OUT2, disconnected in loopback. */
    private void updateInterrupt() {
        boolean pending = ((ier & IER_LINE_STATUS) != 0 && overrun) || ((ier & IER_RX_DATA) != 0 && rxCount > 0)
                || ((ier & IER_THR_EMPTY) != 0 && thrEmptyPending) || ((ier & IER_MODEM_STATUS) != 0 && msrDeltas != 0);
        irq.set(pending && (mcr & MCR_OUT2) != 0 && !loopback());
    }

    private int readInterruptId() {
        int id;
        if ((ier & IER_LINE_STATUS) != 0 && overrun) id = IIR_LINE_STATUS;
        else if ((ier & IER_RX_DATA) != 0 && rxCount > 0) id = IIR_RX_DATA;
        else if ((ier & IER_THR_EMPTY) != 0 && thrEmptyPending) {
            id = IIR_THR_EMPTY;
            thrEmptyPending = false;   // reading IIR with THRE as the source acknowledges it
        } else if ((ier & IER_MODEM_STATUS) != 0 && msrDeltas != 0) id = IIR_MODEM_STATUS;
        else id = IIR_NONE;
        return id | (fifosEnabled ? IIR_FIFOS_ENABLED : 0);
    }

    private int readLineStatus() {
        int v = LSR_THR_EMPTY | LSR_TX_EMPTY;
        if (rxCount > 0) v |= LSR_DATA_READY;
        if (overrun) v |= LSR_OVERRUN;
        overrun = false;   // error bits clear when LSR is read
        return v;
    }

    private int modemInputs() {
        if (!loopback()) {
            return MSR_CONNECTED;
        }
        int v = 0;
        if ((mcr & MCR_RTS) != 0) v |= MSR_CTS;
        if ((mcr & MCR_DTR) != 0) v |= MSR_DSR;
        if ((mcr & MCR_OUT1) != 0) v |= MSR_RI;
        if ((mcr & MCR_OUT2) != 0) v |= MSR_DCD;
        return v;
    }

    private void writeModemControl(int v) {
        int before = modemInputs();
        mcr = v;
        int after = modemInputs();
        int changed = before ^ after;
        if ((changed & MSR_CTS) != 0) msrDeltas |= MSR_DELTA_CTS;
        if ((changed & MSR_DSR) != 0) msrDeltas |= MSR_DELTA_DSR;
        if ((changed & MSR_DCD) != 0) msrDeltas |= MSR_DELTA_DCD;
        if ((before & MSR_RI) != 0 && (after & MSR_RI) == 0) msrDeltas |= MSR_TRAILING_RI;
    }

    private int readModemStatus() {
        int v = modemInputs() | msrDeltas;
        msrDeltas = 0;
        return v;
    }
}

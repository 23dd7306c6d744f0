package dev.multiverse.devices.irq;

import dev.multiverse.devices.IrqLine;
import dev.multiverse.mmu.PortHandler;

/**
 * The PC's two cascaded 8259A controllers: the master at ports 0x20-0x21 takes IRQ 0-7, the slave at
 * 0xA0-0xA1 takes IRQ 8-15 and drives the master's IRQ 2. The master's INT output drives the core's INTR
 * line, and {@link #acknowledge} is the core's acknowledge cycle: it returns the vector (ICW2 base plus the
 * input; the slave's when the master's request is its cascade input). A request withdrawn before the
 * acknowledge gives the spurious vector of IR7 (the slave's IR7 for a cascaded one, with the master's IR2 in
 * service as the hardware leaves it).
 *
 * <p>The PIIX's edge/level control registers at 0x4D0 (ELCR1, IRQ 0-7) and 0x4D1 (ELCR2, IRQ 8-15) make
 * inputs level-triggered, as firmware does for PCI interrupts; IRQ 0, 1, 2, 8 and 13 are always
 * edge-triggered, and their bits read 0. Reset makes every input edge-triggered.
 */
public final class DualPic implements PortHandler {
    public static final int MASTER = 0x20, SLAVE = 0xa0, ELCR = 0x4d0, PORT_COUNT = 2;
    private static final int CASCADE_IRQ = 2;
    /** The ELCR bits that can be set: not IRQ 0, 1, 2 (master) nor IRQ 8, 13 (slave). */
    private static final int MASTER_LEVEL_CAPABLE = 0xf8, SLAVE_LEVEL_CAPABLE = 0xde;

    private final Pic8259 master = new Pic8259(MASTER_LEVEL_CAPABLE), slave = new Pic8259(SLAVE_LEVEL_CAPABLE);
    private final IrqLine intr;
    private final IrqLine[] lines = new IrqLine[16];

    /** {@code intr} is the core's INTR input. */
    public DualPic(IrqLine intr) {
        this.intr = intr;
        for (int irq = 0; irq < 16; irq++) {
            int n = irq;
            lines[irq] = high -> setIrq(n, high);
        }
        reset();
    }

    /** Both controllers uninitialized: no requests, nothing masked, every input edge-triggered, INTR low. */
    public void reset() {
        master.reset();
        slave.reset();
        intr.set(false);
    }

    /** The wire from a device to input {@code irq} (0-15). */
    public IrqLine line(int irq) {
        return lines[irq];
    }

    private void setIrq(int irq, boolean high) {
        if (irq < 8) master.setLevel(irq, high);
        else slave.setLevel(irq - 8, high);
        update();
    }

    /** The acknowledge cycle: the vector of the highest-priority request, now in service. */
    public int acknowledge() {
        int irq = master.acknowledge();
        int vector;
        if (master.cascaded(irq)) {
            vector = slave.vectorBase + slave.acknowledge();
        } else {
            vector = master.vectorBase + irq;
        }
        update();
        return vector;
    }

    /** Propagates the slave's INT output to the master's cascade input and the master's to INTR. */
    private void update() {
        master.setLevel(CASCADE_IRQ, slave.interruptOutput());
        intr.set(master.interruptOutput());
    }

    @Override
    public int in(int port, int size) {
        if ((port & ~1) == ELCR) {
            // A word access at 0x4D0 reads both registers, as consecutive byte cycles.
            int value = 0;
            for (int i = 0; i < size; i++) {
                int p = port + i;
                value |= (p == ELCR ? master.readElcr() : p == ELCR + 1 ? slave.readElcr() : 0xff) << 8 * i;
            }
            return value;
        }
        Pic8259 pic = (port & ~1) == SLAVE ? slave : master;
        int value = (port & 1) == 0 ? pic.readCommand() : pic.readData();
        update();   // a poll read acknowledges
        return value;
    }

    @Override
    public void out(int port, int size, int value) {
        if ((port & ~1) == ELCR) {
            for (int i = 0; i < size; i++) {
                int p = port + i, b = value >>> 8 * i & 0xff;
                if (p == ELCR) master.writeElcr(b);
                else if (p == ELCR + 1) slave.writeElcr(b);
            }
            update();
            return;
        }
        Pic8259 pic = (port & ~1) == SLAVE ? slave : master;
        if ((port & 1) == 0) pic.writeCommand(value & 0xff);
        else pic.writeData(value & 0xff);
        update();
    }
}

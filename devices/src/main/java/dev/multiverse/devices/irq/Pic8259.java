package dev.multiverse.devices.irq;

/**
 * One 8259A programmable interrupt controller as the PIIX south bridge integrates it: eight inputs, each
 * edge- or level-triggered as the bridge's edge/level control register (ELCR) selects, the request
 * register (IRR), the mask (IMR, OCW1), the in-service register (ISR) with fully nested priorities that can
 * rotate, the ICW1-ICW4 initialization sequence, EOI commands (OCW2) and the read-register and poll
 * commands (OCW3). An edge-triggered input latches a request in IRR on a rising edge; a level-triggered
 * input's IRR bit follows the input, so a request withdrawn before the acknowledge is not delivered and
 * one still high after its EOI interrupts again. {@link DualPic} cascades two of them as a PC does.
 * ICW1's LTIM bit has no effect, as on the PIIX, where the ELCR replaces it. Not modelled: special fully
 * nested mode, special mask mode and the 8080 call-address format; an ICW4 selecting them is accepted and
 * they have no effect.
 */
final class Pic8259 {
    /** ICW1 bits: ICW4 needed, single (no cascade), and the bit that marks a write to the command port as ICW1. */
    private static final int ICW1_IC4 = 0x01, ICW1_SNGL = 0x02, ICW1 = 0x10;
    private static final int ICW4_AEOI = 0x02;
    private static final int OCW3 = 0x08, OCW3_RR = 0x02, OCW3_RIS = 0x01, OCW3_POLL = 0x04;

    int irr, isr, imr;
    /** The inputs' present levels, so that only a rising edge latches a request. */
    private int levels;
    /** The ELCR: the level-triggered inputs. */
    private int levelTriggered;
    /** The inputs the bridge lets software make level-triggered. */
    private final int levelCapable;
    /** ICW2's vector base (bits 7-3). */
    int vectorBase;
    /** ICW3: on the master, the inputs with a slave behind them; on a slave, its cascade identity. */
    int cascade;
    private boolean single, autoEoi, rotateOnAutoEoi, readIsr, poll;
    /** The input with the lowest priority; the one after it has the highest. */
    private int lowestPriority = 7;
    /** The initialization word expected next on the data port (2-4), or 0 when initialized. */
    private int expectedIcw;
    private boolean icw4Expected;

    /** {@code levelCapable}: the ELCR bits software can set (the others' inputs are always edge-triggered). */
    Pic8259(int levelCapable) {
        this.levelCapable = levelCapable;
    }

    /** The bridge's reset: every input edge-triggered, nothing requested, in service or masked. */
    void reset() {
        irr = isr = imr = levels = levelTriggered = 0;
        vectorBase = cascade = 0;
        single = autoEoi = rotateOnAutoEoi = readIsr = poll = false;
        lowestPriority = 7;
        expectedIcw = 0;
        icw4Expected = false;
    }

    /**
     * Input {@code irq} is driven to {@code high}: an edge-triggered input latches a request in IRR on a
     * rising edge, a level-triggered input's IRR bit follows the level.
     */
    void setLevel(int irq, boolean high) {
        int bit = 1 << irq;
        if (high) {
            if ((levels & bit) == 0 || (levelTriggered & bit) != 0) irr |= bit;
            levels |= bit;
        } else {
            levels &= ~bit;
            if ((levelTriggered & bit) != 0) irr &= ~bit;
        }
    }

    int readElcr() {
        return levelTriggered;
    }

    /**
     * An ELCR write: inputs made level-triggered request while high from now on; inputs made
     * edge-triggered keep a request they hold until it is acknowledged.
     */
    void writeElcr(int value) {
        levelTriggered = value & levelCapable;
        irr = irr & ~levelTriggered | levels & levelTriggered;
    }

    /** The unmasked request that may interrupt now (fully nested: above every level in service), or -1. */
    int pendingRequest() {
        int request = highestPriority(irr & ~imr);
        if (request < 0) return -1;
        int inService = highestPriority(isr);
        return inService < 0 || priority(request) < priority(inService) ? request : -1;
    }

    /** The INT output. */
    boolean interruptOutput() {
        return pendingRequest() >= 0;
    }

    /**
     * The acknowledge cycle: the pending request moves to ISR (not in automatic-EOI mode) and its input
     * number is returned; an edge-triggered request leaves IRR, a level-triggered one stays there while
     * its input is high. With no request left (it was masked or withdrawn meanwhile) the answer is the
     * spurious IR7, which sets no ISR bit.
     */
    int acknowledge() {
        int irq = pendingRequest();
        if (irq < 0) return 7;
        irr &= ~(1 << irq & ~levelTriggered);
        if (autoEoi) {
            if (rotateOnAutoEoi) lowestPriority = irq;
        } else {
            isr |= 1 << irq;
        }
        return irq;
    }

    /** True if {@code irq} has a slave behind it (a cascaded master's ICW3). */
    boolean cascaded(int irq) {
        return !single && (cascade & (1 << irq)) != 0;
    }

    /** A read of the command port (A0=0): the poll answer after a poll command, else IRR or ISR as OCW3 selected. */
    int readCommand() {
        if (poll) {
            poll = false;
            int irq = pendingRequest();
            if (irq < 0) return 0;
            acknowledge();
            return 0x80 | irq;
        }
        return readIsr ? isr : irr;
    }

    int readData() {
        return imr;
    }

    /** A write to the command port (A0=0): ICW1, OCW2 or OCW3. */
    void writeCommand(int value) {
        if ((value & ICW1) != 0) {
            single = (value & ICW1_SNGL) != 0;
            icw4Expected = (value & ICW1_IC4) != 0;
            // ICW1 clears the mask and in-service state and restores the default priorities and IRR reads;
            // edge-triggered inputs need a new rising edge, level-triggered ones request while high.
            imr = isr = 0;
            irr = levels & levelTriggered;
            lowestPriority = 7;
            readIsr = poll = false;
            autoEoi = false;
            expectedIcw = 2;
        } else if ((value & OCW3) != 0) {
            if ((value & OCW3_RR) != 0) readIsr = (value & OCW3_RIS) != 0;
            poll = (value & OCW3_POLL) != 0;
        } else {
            operationCommand2(value >>> 5, value & 7);
        }
    }

    /** OCW2: {@code command} is the R, SL and EOI bits, {@code level} the L2-L0 bits. */
    private void operationCommand2(int command, int level) {
        switch (command) {
            case 0b001 -> endOfInterrupt(highestPriority(isr), false);
            case 0b011 -> endOfInterrupt(level, false);
            case 0b101 -> endOfInterrupt(highestPriority(isr), true);
            case 0b111 -> endOfInterrupt(level, true);
            case 0b100 -> rotateOnAutoEoi = true;
            case 0b000 -> rotateOnAutoEoi = false;
            case 0b110 -> lowestPriority = level;
            default -> { }   // 010: no operation
        }
    }

    private void endOfInterrupt(int irq, boolean rotate) {
        if (irq < 0) return;
        isr &= ~(1 << irq);
        if (rotate) lowestPriority = irq;
    }

    /** A write to the data port (A0=1): the initialization word expected next, else OCW1 (the mask). */
    void writeData(int value) {
        switch (expectedIcw) {
            case 2 -> {
                vectorBase = value & 0xf8;
                expectedIcw = single ? (icw4Expected ? 4 : 0) : 3;
            }
            case 3 -> {
                cascade = value;
                expectedIcw = icw4Expected ? 4 : 0;
            }
            case 4 -> {
                autoEoi = (value & ICW4_AEOI) != 0;
                expectedIcw = 0;
            }
            default -> imr = value;
        }
    }

    /** 0 for the highest priority, 7 for the lowest. */
    private int priority(int irq) {
        return (irq - lowestPriority - 1) & 7;
    }

    /** The input in {@code bits} with the highest priority, or -1. */
    private int highestPriority(int bits) {
        for (int p = 0; p < 8; p++) {
            int irq = (lowestPriority + 1 + p) & 7;
            if ((bits & (1 << irq)) != 0) return irq;
        }
        return -1;
    }
}

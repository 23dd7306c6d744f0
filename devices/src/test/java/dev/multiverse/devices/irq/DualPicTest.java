package dev.multiverse.devices.irq;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cascaded 8259 pair as a PC kernel programs it: ICW1-4, masks, EOIs, OCW3 register reads, cascade, spurious IR7,
 * and level-triggered inputs through the PIIX edge/level control registers (ELCR).
 */
class DualPicTest {
    private boolean intr;
    private final DualPic pic = new DualPic(high -> intr = high);

    /** The usual remap: master at 0x20, slave at 0x28, cascade on IR2, 8086 mode, everything unmasked. */
    @BeforeEach
    void initialize() {
        pic.out(0x20, 1, 0x11);
        pic.out(0x21, 1, 0x20);
        pic.out(0x21, 1, 0x04);
        pic.out(0x21, 1, 0x01);
        pic.out(0xa0, 1, 0x11);
        pic.out(0xa1, 1, 0x28);
        pic.out(0xa1, 1, 0x02);
        pic.out(0xa1, 1, 0x01);
    }

    private void pulse(int irq) {
        pic.line(irq).set(true);
        pic.line(irq).set(false);
    }

    private void eoi(int port) {
        pic.out(port, 1, 0x20);
    }

    @Test
    void anEdgeRaisesIntrAndAcknowledgeGivesTheRemappedVector() {
        assertFalse(intr);
        pulse(0);
        assertTrue(intr);
        assertEquals(0x20, pic.acknowledge());
        assertFalse(intr, "the request moved to ISR");
        pic.out(0x20, 1, 0x0b);   // OCW3: read ISR
        assertEquals(1, pic.in(0x20, 1));
        eoi(0x20);
        assertEquals(0, pic.in(0x20, 1));
    }

    @Test
    void aLevelHeldHighLatchesOnlyOnce() {
        pic.line(4).set(true);
        assertEquals(0x24, pic.acknowledge());
        eoi(0x20);
        pic.line(4).set(true);
        assertFalse(intr, "no new edge");
        pic.line(4).set(false);
        pic.line(4).set(true);
        assertTrue(intr);
    }

    @Test
    void maskedRequestsWaitInIrrUntilUnmasked() {
        pic.out(0x21, 1, 0x01);
        pulse(0);
        assertFalse(intr);
        pic.out(0x20, 1, 0x0a);   // OCW3: read IRR
        assertEquals(1, pic.in(0x20, 1));
        assertEquals(0x01, pic.in(0x21, 1));
        pic.out(0x21, 1, 0x00);
        assertTrue(intr);
    }

    @Test
    void fullyNestedPrioritiesHoldLowerRequestsUntilEoi() {
        pulse(3);
        assertEquals(0x23, pic.acknowledge());
        pulse(5);
        assertFalse(intr, "IR5 waits for IR3's EOI");
        pulse(1);
        assertTrue(intr, "IR1 preempts IR3");
        assertEquals(0x21, pic.acknowledge());
        eoi(0x20);   // non-specific: ends IR1, the highest in service
        pic.out(0x20, 1, 0x0b);
        assertEquals(1 << 3, pic.in(0x20, 1));
        pic.out(0x20, 1, 0x63);   // specific EOI for IR3
        assertTrue(intr);
        assertEquals(0x25, pic.acknowledge());
    }

    @Test
    void slaveRequestsCascadeThroughIr2() {
        pulse(12);
        assertTrue(intr);
        assertEquals(0x2c, pic.acknowledge());
        pic.out(0xa0, 1, 0x0b);
        assertEquals(1 << 4, pic.in(0xa0, 1));
        pic.out(0x20, 1, 0x0b);
        assertEquals(1 << 2, pic.in(0x20, 1), "the master has its cascade input in service");
        eoi(0xa0);
        eoi(0x20);
        assertEquals(0, pic.in(0x20, 1));
    }

    @Test
    void aRequestMaskedBeforeAcknowledgeGivesTheSpuriousVector() {
        pulse(1);
        assertTrue(intr);
        pic.out(0x21, 1, 0x02);
        assertEquals(0x27, pic.acknowledge());
        pic.out(0x20, 1, 0x0b);
        assertEquals(0, pic.in(0x20, 1), "a spurious IR7 is not put in service");
    }

    @Test
    void automaticEoiLeavesNothingInService() {
        pic.out(0x20, 1, 0x11);
        pic.out(0x21, 1, 0x40);
        pic.out(0x21, 1, 0x04);
        pic.out(0x21, 1, 0x03);
        pulse(6);
        assertEquals(0x46, pic.acknowledge());
        pic.out(0x20, 1, 0x0b);
        assertEquals(0, pic.in(0x20, 1));
    }

    @Test
    void pollCommandReportsAndAcknowledgesTheRequest() {
        pulse(5);
        pic.out(0x20, 1, 0x0c);
        assertEquals(0x85, pic.in(0x20, 1));
        assertFalse(intr);
        pic.out(0x20, 1, 0x0c);
        assertEquals(0, pic.in(0x20, 1), "nothing left to poll");
    }

    @Test
    void rotationMakesTheServicedInputLowest() {
        pulse(0);
        assertEquals(0x20, pic.acknowledge());
        pic.out(0x20, 1, 0xa0);   // rotate on non-specific EOI: IR0 becomes lowest
        pulse(0);
        pulse(7);
        assertEquals(0x27, pic.acknowledge(), "IR7 now outranks IR0");
    }

    @Test
    void icw1ClearsTheMask() {
        pic.out(0x21, 1, 0xff);
        pic.out(0x20, 1, 0x11);
        assertEquals(0, pic.in(0x21, 1));
    }

    private int readIrr(int port) {
        pic.out(port, 1, 0x0a);
        return pic.in(port, 1);
    }

    private int readIsr(int port) {
        pic.out(port, 1, 0x0b);
        return pic.in(port, 1);
    }

    @Test
    void elcrBitsOfIrq0128And13StayEdgeTriggered() {
        pic.out(0x4d0, 1, 0xff);
        pic.out(0x4d1, 1, 0xff);
        assertEquals(0xf8, pic.in(0x4d0, 1));
        assertEquals(0xde, pic.in(0x4d1, 1));
        assertEquals(0xdef8, pic.in(0x4d0, 2), "a word read gives both registers");
        pic.out(0x4d0, 2, 0x0820);
        assertEquals(0x20, pic.in(0x4d0, 1));
        assertEquals(0x08, pic.in(0x4d1, 1));
        pic.reset();
        assertEquals(0, pic.in(0x4d0, 2), "reset makes every input edge-triggered");
    }

    @Test
    void aLevelTriggeredRequestFollowsTheLine() {
        pic.out(0x4d0, 1, 1 << 5);
        pic.out(0x21, 1, 1 << 5);   // masked, so only IRR is watched
        pic.line(5).set(true);
        assertEquals(1 << 5, readIrr(0x20));
        pic.line(5).set(false);
        assertEquals(0, readIrr(0x20), "the request left with the line");
        pic.out(0x4d0, 1, 0);
        pic.line(5).set(true);
        pic.line(5).set(false);
        assertEquals(1 << 5, readIrr(0x20), "an edge-triggered request stays latched");
    }

    @Test
    void aLevelTriggeredLineDroppedBeforeAcknowledgeGivesTheSpuriousVector() {
        pic.out(0x4d0, 1, 1 << 4);
        pic.line(4).set(true);
        assertTrue(intr);
        pic.line(4).set(false);
        assertFalse(intr, "INTR follows the withdrawn request");
        assertEquals(0x27, pic.acknowledge(), "an acknowledge cycle anyway gets IR7");
        assertEquals(0, readIsr(0x20), "and nothing is in service");
    }

    @Test
    void aLevelTriggeredLineStillHighAfterEoiInterruptsAgain() {
        pic.out(0x4d0, 1, 1 << 4);
        pic.line(4).set(true);
        assertEquals(0x24, pic.acknowledge());
        assertFalse(intr, "in service: no second request yet");
        assertEquals(1 << 4, readIrr(0x20), "IRR still shows the high line");
        eoi(0x20);
        assertTrue(intr, "the line is still high after the EOI");
        assertEquals(0x24, pic.acknowledge());
        pic.line(4).set(false);
        eoi(0x20);
        assertFalse(intr, "the device dropped the line before this EOI");
    }

    @Test
    void aSlaveLevelRequestWithdrawnBeforeAcknowledgeGivesIrq15WithIr2InService() {
        pic.out(0x4d1, 1, 1 << 3);   // IRQ 11
        pic.line(11).set(true);
        assertTrue(intr);
        pic.line(11).set(false);
        assertEquals(0, readIrr(0xa0));
        // The master latched the cascade edge; its acknowledge finds the slave with nothing to give.
        assertEquals(0x2f, pic.acknowledge());
        assertEquals(0, readIsr(0xa0));
        assertEquals(1 << 2, readIsr(0x20));
    }

    @Test
    void icw1KeepsALevelRequestButForgetsAnEdgeOne() {
        pic.out(0x4d0, 1, 1 << 6);
        pic.line(6).set(true);
        pic.line(7).set(true);
        assertEquals(0xc0, readIrr(0x20));
        initialize();
        assertEquals(0x40, readIrr(0x20), "the high level-triggered line requests again; the edge needs a new edge");
        assertEquals(0x26, pic.acknowledge());
    }

    @Test
    void aRequestHeldInIrrWhenItsInputBecomesLevelTriggeredFollowsTheLine() {
        pulse(9);
        pic.out(0xa1, 1, 0xff);
        assertEquals(1 << 1, readIrr(0xa0), "a latched edge request");
        pic.out(0x4d1, 1, 1 << 1);
        assertEquals(0, readIrr(0xa0), "level-triggered now, and the line is low");
    }
}

package dev.multiverse.devices.timer;

import dev.multiverse.devices.SteppedClock;
import dev.multiverse.devices.SystemControlPortB;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 8254 on virtual time: counter 0 on IRQ 0, latches and read-back, counter 2 behind port 0x61, and each of
 * the six modes' output, count and gate rules.
 */
class Pit8254Test {
    private final SteppedClock clock = new SteppedClock();
    private int edges;
    private boolean irq0;
    private final Pit8254 pit = new Pit8254(clock, high -> {
        if (high && !irq0) edges++;
        irq0 = high;
    });
    private final SystemControlPortB portB = new SystemControlPortB(pit, clock);

    private void program(int channel, int mode, int count) {
        pit.out(0x43, 1, channel << 6 | 0x30 | mode << 1);
        pit.out(0x40 + channel, 1, count & 0xff);
        pit.out(0x40 + channel, 1, count >>> 8);
    }

    private void toTick(long tick) {
        clock.advanceTo(Pit8254.nanosAt(tick));
    }

    private int readWord(int channel) {
        int lo = pit.in(0x40 + channel, 1);
        return lo | pit.in(0x40 + channel, 1) << 8;
    }

    private int latched(int channel) {
        pit.out(0x43, 1, channel << 6);
        return readWord(channel);
    }

    @Test
    void rateGeneratorInterruptsOncePerPeriod() {
        program(0, 2, 1193);
        toTick(1193 * 10 - 1);
        assertEquals(9, edges);
        toTick(1193 * 10);
        assertEquals(10, edges);
    }

    @Test
    void squareWaveInterruptsOncePerPeriodToo() {
        program(0, 3, 100);
        toTick(1000);
        assertEquals(10, edges);
    }

    @Test
    void latchedCountsDecreaseAndHoldUntilRead() {
        program(0, 2, 1000);
        toTick(100);
        pit.out(0x43, 1, 0x00);   // latch counter 0
        toTick(300);
        assertEquals(900, readWord(0), "the count at the latch, not now");
        assertEquals(700, readWord(0), "the live count once the latch is read");
        toTick(350);
        assertEquals(650, latched(0));
    }

    @Test
    void interruptOnTerminalCountFiresOnce() {
        program(0, 0, 500);
        toTick(499);
        assertEquals(0, edges);
        toTick(5000);
        assertEquals(1, edges);
    }

    @Test
    void readBackReportsStatusAndCount() {
        program(0, 2, 1000);
        toTick(10);
        pit.out(0x43, 1, 0xc2);   // read back count and status of counter 0
        int status = pit.in(0x40, 1);
        assertEquals(0x80 | 0x30 | 2 << 1, status, "OUT high, LSB/MSB access, mode 2");
        assertEquals(990, readWord(0));
    }

    @Test
    void lsbOnlyAccessLoadsAndReadsOneByte() {
        pit.out(0x43, 1, 0x14);   // counter 0, LSB only, mode 2
        pit.out(0x40, 1, 200);
        toTick(50);
        assertEquals(150, pit.in(0x40, 1));
        assertEquals(150, pit.in(0x40, 1), "no flip-flop: every read is the low byte");
    }

    @Test
    void bcdCountsInDecimal() {
        pit.out(0x43, 1, 0x35);   // counter 0, LSB/MSB, mode 2, BCD
        pit.out(0x40, 1, 0x00);
        pit.out(0x40, 1, 0x01);   // 0100 BCD = 100 ticks
        toTick(1);
        assertEquals(0x0099, latched(0));
        toTick(100);
        assertEquals(1, edges);
    }

    @Test
    void counter2OutputInPort61GoesHighAfterTheCountWhileGated() {
        portB.out(0x61, 1, 0x00);
        program(2, 0, 1000);
        toTick(2000);
        assertEquals(0, portB.in(0x61, 1) & 0x20, "gate low: not counting");
        portB.out(0x61, 1, 0x01);
        toTick(2999);
        assertEquals(0, portB.in(0x61, 1) & 0x20);
        toTick(3000);
        assertEquals(0x20, portB.in(0x61, 1) & 0x20);
        assertEquals(0x01, portB.in(0x61, 1) & 0x0f, "the gate bit reads back");
        assertEquals(0, edges, "counter 2 has no interrupt");
    }

    @Test
    void counter2SquareWaveIsHighForHalfThePeriod() {
        portB.out(0x61, 1, 0x01);
        program(2, 3, 100);
        toTick(49);
        assertTrue(pit.channel2Output());
        toTick(50);
        assertFalse(pit.channel2Output());
        toTick(100);
        assertTrue(pit.channel2Output());
    }

    @Test
    void refreshBitTogglesWithVirtualTime() {
        int before = portB.in(0x61, 1) & 0x10;
        clock.advanceTo(15_085);
        assertEquals(0x10, (portB.in(0x61, 1) & 0x10) ^ before);
    }

    private void gate2(boolean high) {
        portB.out(0x61, 1, high ? 0x01 : 0x00);
    }

    private int status(int channel) {
        pit.out(0x43, 1, 0xe0 | 2 << channel);   // read-back: status only
        return pit.in(0x40 + channel, 1);
    }

    @Test
    void mode0CountsDownThroughZeroAndWraps() {
        gate2(true);
        program(2, 0, 100);
        toTick(40);
        assertEquals(60, latched(2));
        assertFalse(pit.channel2Output());
        toTick(100);
        assertTrue(pit.channel2Output(), "OUT rises as the count runs out");
        assertEquals(0, latched(2));
        toTick(103);
        assertEquals(0xfffd, latched(2), "the counter keeps counting down past zero");
        assertTrue(pit.channel2Output(), "OUT stays high until a new count");
    }

    @Test
    void mode0WithTheGateLowHoldsTheLoadedCount() {
        gate2(false);
        program(2, 0, 100);
        toTick(500);
        assertEquals(100, latched(2));
        gate2(true);
        toTick(550);
        assertEquals(50, latched(2));
        gate2(false);
        toTick(900);
        assertEquals(50, latched(2), "gate low suspends counting");
        assertFalse(pit.channel2Output());
    }

    @Test
    void mode0FirstByteOfANewCountStopsTheCounterAndDropsOut() {
        gate2(true);
        program(2, 0, 100);
        toTick(150);
        assertTrue(pit.channel2Output());
        pit.out(0x42, 1, 30);   // LSB of the new count
        assertFalse(pit.channel2Output(), "OUT low at once");
        int frozen = latched(2);
        toTick(200);
        assertEquals(frozen, latched(2), "not counting between the two bytes");
        pit.out(0x42, 1, 0);    // MSB: count 30 from now
        toTick(229);
        assertFalse(pit.channel2Output());
        toTick(230);
        assertTrue(pit.channel2Output());
    }

    @Test
    void mode1WaitsForAGateEdgeThenHoldsOutLowForTheCount() {
        gate2(false);
        program(2, 1, 100);
        assertTrue(pit.channel2Output(), "OUT starts high");
        assertEquals(0xc0 | 0x30 | 1 << 1, status(2), "OUT high, null count: the count waits for a trigger");
        toTick(1000);
        assertTrue(pit.channel2Output(), "no trigger, no one-shot");
        gate2(true);
        assertFalse(pit.channel2Output(), "the trigger drops OUT");
        toTick(1001);
        assertEquals(0x30 | 1 << 1, status(2), "the count is loaded");
        toTick(1040);
        assertEquals(60, latched(2));
        gate2(false);
        toTick(1099);
        assertFalse(pit.channel2Output(), "the gate's level does not stop a one-shot");
        assertEquals(1, latched(2));
        toTick(1100);
        assertTrue(pit.channel2Output(), "OUT rises as the count runs out");
        toTick(1102);
        assertEquals(0xfffe, latched(2), "the counter keeps counting down past zero");
    }

    @Test
    void mode1IsRetriggerableAndANewCountWaitsForTheNextTrigger() {
        gate2(false);
        program(2, 1, 100);
        gate2(true);
        toTick(80);
        gate2(false);
        gate2(true);   // retrigger: the count starts over, OUT stays low
        toTick(179);
        assertFalse(pit.channel2Output());
        toTick(180);
        assertTrue(pit.channel2Output());
        pit.out(0x42, 1, 50);
        pit.out(0x42, 1, 0);
        toTick(300);
        assertTrue(pit.channel2Output(), "a new count does not start a one-shot");
        assertEquals(0x40, status(2) & 0x40, "null count until the trigger loads it");
        gate2(false);
        gate2(true);
        toTick(349);
        assertFalse(pit.channel2Output());
        toTick(350);
        assertTrue(pit.channel2Output(), "the next trigger uses the new count");
    }

    @Test
    void mode5StrobesOneClockAfterTheCountFromAGateEdge() {
        gate2(false);
        program(2, 5, 100);
        toTick(500);
        assertTrue(pit.channel2Output());
        assertEquals(0x40, status(2) & 0x40, "null count: not triggered");
        gate2(true);
        toTick(540);
        assertEquals(60, latched(2));
        gate2(false);   // only an edge counts: low does not stop it
        toTick(599);
        assertTrue(pit.channel2Output());
        toTick(600);
        assertFalse(pit.channel2Output(), "one clock low as the count runs out");
        toTick(601);
        assertTrue(pit.channel2Output());
        gate2(true);   // retrigger
        toTick(700);
        assertTrue(pit.channel2Output());
        toTick(701);
        assertFalse(pit.channel2Output());
    }

    @Test
    void modes1And5NeverStartOnCounter0WhoseGateIsTiedHigh() {
        program(0, 1, 100);
        toTick(10_000);
        program(0, 5, 100);
        toTick(20_000);
        assertEquals(0, edges);
    }

    @Test
    void mode2GateLowHoldsOutHighAndARisingEdgeRestartsThePeriod() {
        gate2(true);
        program(2, 2, 100);
        toTick(99);
        assertFalse(pit.channel2Output(), "low for the last clock of the period");
        gate2(false);
        assertTrue(pit.channel2Output(), "gate low forces OUT high");
        toTick(150);
        assertEquals(1, latched(2), "and stops counting");
        gate2(true);
        toTick(160);
        assertEquals(90, latched(2), "the trigger reloaded the count");
        toTick(249);
        assertFalse(pit.channel2Output());
    }

    @Test
    void mode2NewCountTakesOverAtTheEndOfThePeriod() {
        program(0, 2, 1000);
        toTick(300);
        pit.out(0x40, 1, 500 & 0xff);
        pit.out(0x40, 1, 500 >> 8);
        assertEquals(0x40, status(0) & 0x40, "null count until the period ends");
        toTick(999);
        assertEquals(0, edges);
        assertEquals(1, latched(0), "the running period is not cut short");
        toTick(1000);
        assertEquals(1, edges);
        toTick(1001);
        assertEquals(0, status(0) & 0x40, "loaded at the period's end");
        toTick(1100);
        assertEquals(400, latched(0));
        toTick(2000);
        assertEquals(3, edges, "then every 500 ticks");
    }

    @Test
    void mode3CountsByTwoAndGivesTheOddCountsExtraClockToTheHighHalf() {
        gate2(true);
        program(2, 3, 100);
        toTick(10);
        assertEquals(80, latched(2));
        toTick(60);
        assertEquals(80, latched(2), "the low half counts down from the count again");
        program(2, 3, 5);
        toTick(62);
        assertTrue(pit.channel2Output());
        toTick(63);
        assertFalse(pit.channel2Output(), "high for 3 clocks of 5");
        toTick(65);
        assertTrue(pit.channel2Output(), "low for 2");
    }

    @Test
    void mode3NewCountTakesOverAtTheEndOfTheHalfCycle() {
        program(0, 3, 100);
        toTick(20);
        pit.out(0x40, 1, 60);
        pit.out(0x40, 1, 0);
        toTick(79);
        assertEquals(0, edges, "the new count took over at tick 50, in its low half (30 clocks)");
        toTick(80);
        assertEquals(1, edges);
        toTick(200);
        assertEquals(3, edges, "then every 60 ticks");
        gate2(true);
        program(2, 3, 100);   // counter 2 from tick 200
        toTick(260);
        pit.out(0x42, 1, 60);
        pit.out(0x42, 1, 0);
        toTick(299);
        assertFalse(pit.channel2Output(), "a count written in the low half waits for its end");
        toTick(300);
        assertTrue(pit.channel2Output());
        toTick(330);
        assertFalse(pit.channel2Output(), "the new count's high half is 30 clocks");
    }

    @Test
    void mode4StrobesOnceAndTheGateLevelEnablesCounting() {
        gate2(true);
        program(2, 4, 100);
        toTick(50);
        gate2(false);
        toTick(500);
        assertEquals(50, latched(2));
        gate2(true);
        toTick(549);
        assertTrue(pit.channel2Output());
        toTick(550);
        assertFalse(pit.channel2Output(), "one clock low as the count runs out");
        toTick(551);
        assertTrue(pit.channel2Output());
        assertEquals(0xffff, latched(2));
    }

    @Test
    void readBackLatchesSeveralCountersStatusBeforeCount() {
        program(0, 2, 1000);
        gate2(true);
        pit.out(0x43, 1, 0xb6);   // counter 2, LSB/MSB, mode 3
        pit.out(0x42, 1, 0x00);
        pit.out(0x42, 1, 0x02);   // 512
        toTick(100);
        pit.out(0x43, 1, 0xc0 | 1 << 1 | 1 << 3);   // count and status of counters 0 and 2
        toTick(200);
        assertEquals(0x80 | 0x30 | 2 << 1, pit.in(0x40, 1));
        assertEquals(900, readWord(0), "counter 0 as it was at the read-back");
        assertEquals(0x80 | 0x30 | 3 << 1, pit.in(0x42, 1));
        assertEquals(512 - 2 * 100, readWord(2), "counting by two in mode 3");
        assertEquals(800, readWord(0), "the latches are used up");
    }

    @Test
    void nullCountIsSetByTheControlWordAndClearsOnceTheCountIsLoaded() {
        pit.out(0x43, 1, 0x34);
        assertEquals(0x40 | 0x30 | 2 << 1, status(0) & 0x7f);
        pit.out(0x40, 1, 10);
        pit.out(0x40, 1, 0);
        assertEquals(0x40, status(0) & 0x40);
        toTick(1);
        assertEquals(0, status(0) & 0x40);
    }

    @Test
    void statusGivesTheModeBitsAsWritten() {
        pit.out(0x43, 1, 0x3c);   // counter 0, LSB/MSB, mode 6 (mode 2)
        pit.out(0x40, 1, 100);
        pit.out(0x40, 1, 0);
        toTick(99);
        assertEquals(0x30 | 6 << 1, status(0) & 0x3f);
        toTick(100);
        assertEquals(1, edges, "a rate generator");
    }
}

package dev.multiverse.devices.timer;

import dev.multiverse.devices.SteppedClock;
import dev.multiverse.devices.SystemControlPortB;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 8254 on virtual time: counter 0 on IRQ 0, latches and read-back, and counter 2 behind port 0x61. */
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
}

package dev.multiverse.devices;

import dev.multiverse.mmu.PortBus;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CmosRtcTest {
    /** A Wednesday, one second before midnight at the end of a leap-year February. */
    private static final LocalDateTime START = LocalDateTime.of(2024, 2, 28, 23, 59, 59);
    private final SteppedClock clock = new SteppedClock(5_000);
    private final List<Boolean> irq8 = new ArrayList<>();
    private final CmosRtc rtc = new CmosRtc(START, clock, irq8::add);
    private final PortBus bus = new PortBus();

    CmosRtcTest() {
        bus.register(CmosRtc.INDEX_PORT, 2, rtc);
    }

    private int read(int register) {
        bus.out(0x70, 1, register);
        return bus.in(0x71, 1);
    }

    private void write(int register, int value) {
        bus.out(0x70, 1, register);
        bus.out(0x71, 1, value);
    }

    @Test
    void startsAtTheGivenTimeInBcdAnd24HourMode() {
        assertEquals(0x26, read(0x0A));
        assertEquals(0x02, read(0x0B));
        assertEquals(0x80, read(0x0D));
        assertEquals(0x00, read(0x0C));
        assertEquals(0x59, read(0x00));
        assertEquals(0x59, read(0x02));
        assertEquals(0x23, read(0x04));
        assertEquals(0x28, read(0x07));
        assertEquals(0x02, read(0x08));
        assertEquals(0x24, read(0x09));
        assertEquals(0x20, read(0x32));
        assertEquals(4, read(0x06), "Wednesday; Sunday is 1");
    }

    @Test
    void advancesOnlyOnVirtualTimeAcrossTheLeapDay() {
        clock.advance(CmosRtc.SECOND_NS - 1);
        assertEquals(0x59, read(0x00), "not yet a second");
        clock.advance(1);
        assertEquals("2024-02-29 00:00:00 day 5", time());
        clock.advance(CmosRtc.SECOND_NS * 86_400);
        assertEquals(0x01, read(0x07));
        assertEquals(0x03, read(0x08));
        assertEquals(6, read(0x06));
    }

    /** The BCD registers as a date and time, and the day of the week. */
    private String time() {
        return String.format("%02x%02x-%02x-%02x %02x:%02x:%02x day %d", read(0x32), read(9), read(8), read(7),
                read(4), read(2), read(0), read(6));
    }

    @Test
    void uipIsHighOnlyJustBeforeAnUpdate() {
        assertFalse((read(0x0A) & CmosRtc.A_UIP) != 0);
        clock.advance(CmosRtc.SECOND_NS - CmosRtc.UIP_LEAD_NS);
        assertTrue((read(0x0A) & CmosRtc.A_UIP) != 0);
        assertEquals(0x59, read(0x00));
        clock.advance(CmosRtc.UIP_LEAD_NS);
        assertFalse((read(0x0A) & CmosRtc.A_UIP) != 0);
        assertEquals(0x00, read(0x00));
    }

    @Test
    void formatFollowsRegisterB() {
        write(0x0B, CmosRtc.B_24H | CmosRtc.B_BINARY);
        assertEquals(59, read(0x00));
        assertEquals(23, read(0x04));
        assertEquals(24, read(0x09));
        write(0x0B, CmosRtc.B_BINARY);
        assertEquals(0x80 | 11, read(0x04), "11 PM");
        write(0x0B, 0);
        assertEquals(0x91, read(0x04), "11 PM in BCD");
        write(0x04, 0x12); // 12 AM is midnight
        write(0x0B, CmosRtc.B_24H);
        assertEquals(0x00, read(0x04));
    }

    @Test
    void guestWritesSetTheTimeInTheCurrentFormat() {
        write(0x0B, CmosRtc.B_SET | CmosRtc.B_24H | CmosRtc.B_BINARY | CmosRtc.B_UIE);
        assertEquals(CmosRtc.B_SET | CmosRtc.B_24H | CmosRtc.B_BINARY, read(0x0B), "SET clears UIE");
        write(0x00, 30);
        write(0x09, 99);
        write(0x32, 19);
        clock.advance(5 * CmosRtc.SECOND_NS);
        assertEquals(30, read(0x00), "SET freezes the clock");
        write(0x0B, CmosRtc.B_24H | CmosRtc.B_BINARY);
        clock.advance(CmosRtc.SECOND_NS);
        assertEquals(31, read(0x00), "updates resume a second after SET clears");
        assertEquals(99, read(0x09));
    }

    @Test
    void dividerResetStopsTheClockAndTheFirstUpdateComesHalfASecondLater() {
        write(0x0A, 0x66);
        clock.advance(3 * CmosRtc.SECOND_NS);
        assertEquals(0x59, read(0x00));
        write(0x0A, 0x26);
        clock.advance(CmosRtc.SECOND_NS / 2 - 1);
        assertEquals(0x59, read(0x00));
        clock.advance(1);
        assertEquals(0x00, read(0x00));
        assertEquals(0x26, read(0x0A) & 0x7F);
    }

    @Test
    void outOfRangeValuesRollOverWithoutFailing() {
        write(0x0B, CmosRtc.B_24H | CmosRtc.B_BINARY);
        write(0x00, 200);
        write(0x08, 14);
        clock.advance(100 * CmosRtc.SECOND_NS);
        read(0x00);
        write(0x00, 0xFF);
        clock.advance(40L * 365 * 86_400 * CmosRtc.SECOND_NS);
        int year = read(0x09);
        assertTrue(year >= 0 && year <= 99, "year " + year);
    }

    @Test
    void nvramHoldsWritesButStatusRegistersAreReadOnly() {
        write(0x50, 0xA5);
        assertEquals(0xA5, read(0x50));
        write(0x0C, 0xFF);
        write(0x0D, 0x00);
        assertEquals(0x80, read(0x0D));
        write(0x01, 0x45);
        assertEquals(0x45, read(0x01), "alarm registers are storage");
    }

    @Test
    void indexBitSevenMasksNmiAndTheIndexPortIsWriteOnly() {
        bus.out(0x70, 1, 0x80 | 0x09);
        assertTrue(rtc.nmiDisabled());
        assertEquals(0x24, bus.in(0x71, 1));
        assertEquals(0xFF, bus.in(0x70, 1));
        bus.out(0x70, 1, 0x09);
        assertFalse(rtc.nmiDisabled());
        bus.out(0x70, 2, 0x5A << 8 | 0x40);
        assertEquals(0x5A, read(0x40), "a word write reaches index and data");
        bus.out(0x70, 1, 0x40);
        assertEquals(0x5A, bus.in(0x71, 1));
    }

    @Test
    void memorySizeBytesAsFirmwareWritesThem() {
        rtc.recordMemorySize(32L << 20);
        assertEquals(640, read(0x15) | read(0x16) << 8);
        assertEquals(31 * 1024, read(0x17) | read(0x18) << 8);
        assertEquals(31 * 1024, read(0x30) | read(0x31) << 8);
        assertEquals((32 - 16) * 16, read(0x34) | read(0x35) << 8);
        assertEquals(0, read(0x5B) | read(0x5C) << 8 | read(0x5D) << 16);
        int sum = 0;
        for (int i = 0x10; i <= 0x2D; i++) {
            sum += read(i);
        }
        assertEquals(sum, read(0x2E) << 8 | read(0x2F));

        CmosRtc big = new CmosRtc(START, new SteppedClock(0), high -> { });
        big.recordMemorySize(6L << 30);
        assertEquals(0xFFFF, read(big, 0x17) | read(big, 0x18) << 8);
        assertEquals(((4L << 30) - (16L << 20)) >> 16, read(big, 0x34) | read(big, 0x35) << 8);
        assertEquals((2L << 30) >> 16, read(big, 0x5B) | read(big, 0x5C) << 8 | read(big, 0x5D) << 16);
    }

    private static int read(CmosRtc device, int register) {
        device.out(0x70, 1, register);
        return device.in(0x71, 1);
    }

    @Test
    void updateEndedFlagIsSetByUpdatesAndClearedByReadingC() {
        assertEquals(0x00, read(0x0C));
        clock.advance(CmosRtc.SECOND_NS);
        assertEquals(CmosRtc.C_UF, read(0x0C) & CmosRtc.C_UF);
        assertEquals(0x00, read(0x0C) & CmosRtc.C_UF, "reading C cleared it");
        assertEquals(List.of(), irq8, "no enable, no interrupt");
    }

    @Test
    void updateInterruptRaisesIrq8AtTheUpdateUntilCIsRead() {
        write(0x0A, 0x20); // no periodic rate: only updates
        write(0x0B, CmosRtc.B_24H | CmosRtc.B_UIE);
        clock.advance(CmosRtc.SECOND_NS - 1);
        assertEquals(List.of(), irq8);
        clock.advance(1);
        assertEquals(List.of(true), irq8, "IRQ 8 at the update, one second after power-on");
        assertEquals(0x00, read(0x00), "the update happened");
        assertEquals(CmosRtc.C_IRQF | CmosRtc.C_UF, read(0x0C) & ~CmosRtc.C_AF, "(the zero alarm matched midnight)");
        assertEquals(List.of(true, false), irq8);
        clock.advance(CmosRtc.SECOND_NS);
        assertEquals(List.of(true, false, true), irq8);
    }

    @Test
    void periodicInterruptAtTheRateOfRegisterA() {
        write(0x0A, 0x2F); // rate 15: 2 Hz
        write(0x0B, CmosRtc.B_24H | CmosRtc.B_PIE);
        long start = clock.nanos();
        clock.advance(CmosRtc.SECOND_NS / 2 - 1);
        assertEquals(List.of(), irq8);
        clock.advance(1);
        assertEquals(List.of(true), irq8);
        assertEquals(start + CmosRtc.SECOND_NS / 2, clock.nanos());
        assertEquals(CmosRtc.C_IRQF | CmosRtc.C_PF, read(0x0C) & ~CmosRtc.C_UF);
        clock.advance(CmosRtc.SECOND_NS / 2);
        assertEquals(List.of(true, false, true), irq8);
        write(0x0A, 0x26); // 1024 Hz: a period of 976.5625 us
        read(0x0C);
        long before = clock.nanos();
        clock.advance(2_000_000);
        assertEquals(CmosRtc.C_PF, read(0x0C) & CmosRtc.C_PF);
        assertEquals(before + 2_000_000, clock.nanos());
        assertEquals(before + 2_929_688, clock.nextDue(), "the next 1024 Hz tick after 2 ms: 3 x 976.5625 us, rounded up");
    }

    @Test
    void alarmFlagWhenAnUpdateReachesTheAlarmTime() {
        // The clock shows 23:59:59; an alarm at 00:00:02 with "don't care" hours comes three updates later.
        write(0x01, 0x02);
        write(0x03, 0x00);
        write(0x05, 0xC0);
        write(0x0B, CmosRtc.B_24H | CmosRtc.B_AIE);
        clock.advance(2 * CmosRtc.SECOND_NS);
        assertEquals(List.of(), irq8);
        assertEquals(0, read(0x0C) & CmosRtc.C_AF);
        clock.advance(CmosRtc.SECOND_NS);
        assertEquals(List.of(true), irq8);
        assertEquals(CmosRtc.C_IRQF | CmosRtc.C_AF | CmosRtc.C_UF, read(0x0C) & ~CmosRtc.C_PF);
        write(0x0B, CmosRtc.B_24H);
        clock.advance(86_400 * CmosRtc.SECOND_NS);
        assertEquals(CmosRtc.C_AF, read(0x0C) & CmosRtc.C_AF, "polled: a day passed the alarm again");
    }

    @Test
    void resetPinClearsEnablesAndFlagsButKeepsTheTime() {
        write(0x0B, CmosRtc.B_24H | CmosRtc.B_UIE | CmosRtc.B_PIE);
        clock.advance(CmosRtc.SECOND_NS);
        assertEquals(true, irq8.getLast());
        rtc.reset();
        assertEquals(false, irq8.getLast());
        assertEquals(CmosRtc.B_24H, read(0x0B));
        assertEquals(0x00, read(0x00));
        assertEquals(0x29, read(0x07));
        assertEquals(-1, clock.nextDue(), "nothing left to interrupt for");
    }
}

package dev.multiverse.cpu.state;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.TestCpu;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two cores sharing one TSC order: a core running behind in its quantum never reads the counter going back. */
class TimestampOrderTest {
    private final Cpu a = new TestCpu(3).cpu, b = new TestCpu(3).cpu;

    TimestampOrderTest() {
        TimestampOrder order = new TimestampOrder();
        a.msrs.tscOrder = order;
        b.msrs.tscOrder = order;
        a.msrs.tscOffset = b.msrs.tscOffset = 0;
    }

    @Test
    void aCoreBehindReadsNoLessThanTheLatestRead() {
        a.cycles = 2000;
        b.cycles = 1500;
        assertEquals(2000, a.msrs.tsc());
        assertEquals(2000, b.msrs.tsc(), "core b is 500 cycles behind in its quantum: it reads the latest value");
        b.cycles = 2600;
        assertEquals(2600, b.msrs.tsc(), "its own count once it is ahead");
        assertEquals(2600, a.msrs.tsc());
    }

    @Test
    void writingATscStartsTheOrderAfresh() {
        a.cycles = 5000;
        assertEquals(5000, a.msrs.tsc());
        a.msrs.write(Msrs.TSC, 100);
        assertEquals(100, a.msrs.tsc(), "the written value, not the latest earlier read");
        assertEquals(100, a.msrs.read(Msrs.TSC));
    }
}

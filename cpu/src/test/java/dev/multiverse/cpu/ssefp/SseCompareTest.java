package dev.multiverse.cpu.ssefp;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** CMPPS/CMPPD/CMPSS/CMPSD predicates and masks, and COMISS/UCOMISS/COMISD/UCOMISD flags. */
class SseCompareTest {
    private static final int IE = 1;
    private static final String[] PREDICATES = {"eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord"};
    private static final long STATUS = Flags.CF | Flags.PF | Flags.AF | Flags.ZF | Flags.SF | Flags.OF;

    private final SseFpFixture f = new SseFpFixture();

    /** Lanes: 1 vs 2 (less), 2 vs 2 (equal), 3 vs 2 (greater), QNaN vs 2 (unordered). */
    private void operands() {
        f.singles(1, 1, 2, 3, Float.NaN);
        f.singles(2, 2, 2, 2, 2);
    }

    @Test
    void everyPredicateOfCmpps() {
        // mask bits per predicate for (less, equal, greater, unordered)
        int[] truth = {0b0100, 0b1000, 0b1100, 0b0001, 0b1011, 0b0111, 0b0011, 0b1110};
        for (int p = 0; p < 8; p++) {
            operands();
            f.cpu.mxcsr = Cpu.MXCSR_RESET;
            f.run(String.format("0f c2 ca %02x", p));
            for (int lane = 0; lane < 4; lane++) {
                boolean set = (truth[p] >> (3 - lane) & 1) != 0;
                assertEquals(set ? -1 : 0, f.lane(1, lane), "cmp" + PREDICATES[p] + "ps lane " + lane);
            }
            boolean ordering = p == 1 || p == 2 || p == 5 || p == 6;
            assertEquals(Cpu.MXCSR_RESET | (ordering ? IE : 0), f.cpu.mxcsr, "cmp" + PREDICATES[p] + "ps: a QNaN is invalid only for ordering predicates");
        }
    }

    @Test
    void theLegacyImmediateUsesOnlyItsLowThreeBits() {
        operands();
        f.run("0f c2 ca f9");   // 0xf9 & 7 = 1: LT
        assertEquals(-1, f.lane(1, 0));
        assertEquals(0, f.lane(1, 1));
    }

    @Test
    void scalarAndDoubleForms() {
        f.singles(1, 1, 5, 6, 7);
        f.singles(2, 1, 0, 0, 0);
        f.run("f3 0f c2 ca 00");   // cmpeqss
        assertEquals(-1, f.lane(1, 0));
        assertEquals(5f, f.single(1, 1), "upper lanes kept");
        f.doubles(1, 1, Double.NaN);
        f.doubles(2, 2, 0);
        f.run("66 0f c2 ca 02");   // cmplepd
        assertEquals(-1L, f.low(1));
        assertEquals(0L, f.high(1));
        f.doubles(1, 3, 9);
        f.run("f2 0f c2 ca 06");   // cmpnlesd: 3 > 2
        assertEquals(-1L, f.low(1));
        assertEquals(9.0, f.dbl(1, 1));
    }

    @Test
    void comissSetsZfPfCfAndClearsTheOthers() {
        float[][] pairs = {{1, 2}, {2, 2}, {3, 2}, {Float.NaN, 2}};
        long[] expected = {Flags.CF, Flags.ZF, 0, Flags.ZF | Flags.PF | Flags.CF};
        for (int n = 0; n < pairs.length; n++) {
            f.singles(1, pairs[n][0], 0, 0, 0);
            f.singles(2, pairs[n][1], 0, 0, 0);
            f.cpu.flags.put(2 | STATUS);
            f.run("0f 2f ca");
            assertEquals(expected[n], f.cpu.flags.get() & STATUS, "comiss " + pairs[n][0] + ", " + pairs[n][1]);
        }
    }

    @Test
    void ucomisdSignalsOnlyForAnSnanAndComisdForAnyNan() {
        f.doubles(1, Double.NaN, 0);
        f.doubles(2, 1, 0);
        f.cpu.mxcsr = Cpu.MXCSR_RESET;
        f.run("66 0f 2e ca");   // ucomisd
        assertEquals(Cpu.MXCSR_RESET, f.cpu.mxcsr);
        f.run("66 0f 2f ca");   // comisd
        assertEquals(Cpu.MXCSR_RESET | IE, f.cpu.mxcsr);
    }

    @Test
    void anUnmaskedInvalidComparisonLeavesEflagsAlone() {
        f.singles(1, Float.NaN, 0, 0, 0);
        f.singles(2, 2, 0, 0, 0);
        f.cpu.flags.put(2);
        f.cpu.mxcsr = Cpu.MXCSR_RESET & ~(IE << 7);
        assertEquals(CpuException.XM, f.fault("0f 2f ca"));
        assertEquals(0, f.cpu.flags.get() & STATUS);
        assertEquals((Cpu.MXCSR_RESET & ~(IE << 7)) | IE, f.cpu.mxcsr);
    }
}

package dev.multiverse.cpu.ssefp;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How SSE floating-point instructions meet MXCSR: rounding control, DAZ and FTZ, sticky flags, and an
 * unmasked exception that writes nothing and raises #XM with CR4.OSXMMEXCPT, #UD without it.
 */
class SseMxcsrTest {
    private static final String ADDSS = "f3 0f 58 ca", DIVSS = "f3 0f 5e ca", MULSS = "f3 0f 59 ca", ADDPS = "0f 58 ca",
            DIVPD = "66 0f 5e ca";
    private static final int IE = 1, DE = 2, ZE = 4, OE = 8, UE = 0x10, PE = 0x20, DAZ = 0x40, FTZ = 0x8000;
    /** MXCSR with every exception masked and round to nearest. */
    private static final int DEFAULT = Cpu.MXCSR_RESET;

    private final SseFpFixture f = new SseFpFixture();

    private static int unmask(int flag) {
        return DEFAULT & ~(flag << 7);
    }

    @Test
    void aMaskedExceptionDeliversTheResultAndSetsItsStickyFlag() {
        f.singles(1, 1, 0, 0, 0);
        f.singles(2, 0, 0, 0, 0);
        f.cpu.mxcsr = DEFAULT;
        f.run(DIVSS);
        assertEquals(Float.POSITIVE_INFINITY, f.single(1, 0));
        assertEquals(DEFAULT | ZE, f.cpu.mxcsr);
        f.singles(2, 3, 0, 0, 0);
        f.run(DIVSS);   // inf / 3: exact, raises nothing, and ZE stays set
        assertEquals(DEFAULT | ZE, f.cpu.mxcsr);
        f.singles(1, 1, 0, 0, 0);
        f.run(DIVSS);
        assertEquals(DEFAULT | ZE | PE, f.cpu.mxcsr);
    }

    @Test
    void anUnmaskedExceptionRaisesXmAndWritesNothing() {
        f.singles(1, 1, 7, 8, 9);
        f.singles(2, 0, 0, 0, 0);
        f.cpu.mxcsr = unmask(ZE);
        assertEquals(CpuException.XM, f.fault(DIVSS));
        assertEquals(1f, f.single(1, 0), "destination unchanged");
        assertEquals(unmask(ZE) | ZE, f.cpu.mxcsr, "the flag is set even though the exception traps");
        assertEquals(SseFpFixture.HANDLERS + 16 * CpuException.XM + 1, f.cpu.rip);
    }

    @Test
    void withoutOsxmmexcptAnUnmaskedExceptionRaisesUd() {
        f.cpu.cr4 &= ~Cpu.CR4_OSXMMEXCPT;
        f.singles(1, 1, 0, 0, 0);
        f.singles(2, 3, 0, 0, 0);
        f.cpu.mxcsr = unmask(PE);
        assertEquals(CpuException.UD, f.fault(DIVSS));
        assertEquals(1f, f.single(1, 0));
        assertEquals(unmask(PE) | PE, f.cpu.mxcsr);
        f.cpu.mxcsr = DEFAULT;
        assertEquals(-1, f.fault(DIVSS), "masked, the same division completes");
        assertEquals(1f / 3, f.single(1, 0));
    }

    @Test
    void aFlagAlreadySetDoesNotTrapByItself() {
        f.singles(1, 1, 0, 0, 0);
        f.singles(2, 2, 0, 0, 0);
        f.cpu.mxcsr = unmask(PE) | PE;
        f.run(ADDSS);
        assertEquals(3f, f.single(1, 0));
        assertEquals(unmask(PE) | PE, f.cpu.mxcsr);
    }

    @Test
    void everyRoundingModeRoundsTheSameQuotientItsOwnWay() {
        // 1/3 lies between these two binary32 values, nearer the upper one
        int above = 0x3eaa_aaab, below = 0x3eaa_aaaa;
        int[] positive = {above, below, above, below}, negativeMagnitude = {above, above, below, below};
        for (int rc = 0; rc < 4; rc++) {
            f.singles(1, 1, 0, 0, 0);
            f.singles(2, 3, 0, 0, 0);
            f.cpu.mxcsr = DEFAULT | rc << 13;
            f.run(DIVSS);
            assertEquals(positive[rc], f.lane(1, 0), "RC " + rc);
            f.singles(1, -1, 0, 0, 0);
            f.run(DIVSS);
            assertEquals(negativeMagnitude[rc] | 0x8000_0000, f.lane(1, 0), "RC " + rc + ", negative");
            assertEquals(DEFAULT | rc << 13 | PE, f.cpu.mxcsr);
        }
    }

    @Test
    void ftzFlushesATinyResultWithUnderflowAndInexact() {
        float tiny = Float.MIN_NORMAL;
        f.singles(1, tiny, 0, 0, 0);
        f.singles(2, 0.5f, 0, 0, 0);
        f.cpu.mxcsr = DEFAULT;
        f.run(MULSS);
        assertEquals(tiny / 2, f.single(1, 0), "a denormal without FTZ, exact: no flags");
        assertEquals(DEFAULT, f.cpu.mxcsr);
        f.singles(1, tiny, 0, 0, 0);
        f.cpu.mxcsr = DEFAULT | FTZ;
        f.run(MULSS);
        assertEquals(0, f.lane(1, 0));
        assertEquals(DEFAULT | FTZ | UE | PE, f.cpu.mxcsr);
    }

    @Test
    void dazReadsADenormalAsZeroWithoutDe() {
        float denormal = Float.MIN_VALUE * 3;
        f.singles(1, denormal, 0, 0, 0);
        f.singles(2, 1, 0, 0, 0);
        f.cpu.mxcsr = DEFAULT;
        f.run(ADDSS);
        assertEquals(1f, f.single(1, 0));
        assertEquals(DEFAULT | DE | PE, f.cpu.mxcsr);
        f.singles(1, -denormal, 0, 0, 0);
        f.singles(2, 0, 0, 0, 0);
        f.cpu.mxcsr = DEFAULT | DAZ;
        f.run(ADDSS);
        assertEquals(0, f.lane(1, 0), "-0 + +0 = +0");
        assertEquals(DEFAULT | DAZ, f.cpu.mxcsr);
    }

    @Test
    void packedLanesWithAnUnmaskedPreComputationExceptionReportOnlyPreComputationFlags() {
        int snan = 0x7f80_0001;
        f.xmm(1, SseFpFixture.pack(Float.floatToRawIntBits(1), snan), SseFpFixture.pack(Float.floatToRawIntBits(Float.MIN_VALUE), 0));
        f.xmm(2, SseFpFixture.pack(Float.floatToRawIntBits(0x1p-30f), Float.floatToRawIntBits(1)), SseFpFixture.pack(Float.floatToRawIntBits(1), 0));
        long low = f.low(1), high = f.high(1);
        f.cpu.mxcsr = unmask(IE);
        assertEquals(CpuException.XM, f.fault(ADDPS));
        assertEquals(unmask(IE) | IE | DE, f.cpu.mxcsr, "IE from lane 1 and the masked DE of lane 2, not lane 0's PE");
        assertEquals(low, f.low(1));
        assertEquals(high, f.high(1));
        f.cpu.mxcsr = unmask(PE);
        assertEquals(CpuException.XM, f.fault(ADDPS));
        assertEquals(unmask(PE) | IE | DE | PE, f.cpu.mxcsr, "only post-computation exceptions unmasked: every flag of every lane");
    }

    @Test
    void overflowInOneLaneOfAPackedDivision() {
        f.doubles(1, Double.MAX_VALUE, 1);
        f.doubles(2, 0.5, 4);
        f.cpu.mxcsr = DEFAULT;
        f.run(DIVPD);
        assertEquals(Double.POSITIVE_INFINITY, f.dbl(1, 0));
        assertEquals(0.25, f.dbl(1, 1));
        assertEquals(DEFAULT | OE | PE, f.cpu.mxcsr);
        f.doubles(1, Double.MAX_VALUE, 1);
        f.cpu.mxcsr = DEFAULT | 1 << 13;   // toward -infinity: the largest finite value instead
        f.run(DIVPD);
        assertEquals(Double.MAX_VALUE, f.dbl(1, 0));
    }
}

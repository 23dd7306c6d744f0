package dev.multiverse.cpu.simdint;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Comparison masks and minima/maxima: each instruction reads its lanes as signed or unsigned as defined. */
class PackedCompareTest {
    private final SimdIntFixture f = new SimdIntFixture();

    /** Runs an XMM instruction with destination xmm1 and source xmm2. */
    private void xmm(long dLow, long dHigh, long sLow, long sHigh, int... code) {
        f.xmm(1, dLow, dHigh);
        f.xmm(2, sLow, sHigh);
        f.run(code);
    }

    private long mmx(long d, long s, int... code) {
        f.cpu.x87.setMmx(1, d);
        f.cpu.x87.setMmx(2, s);
        f.run(code);
        return f.cpu.x87.mmx(1);
    }

    @Test
    void equalityAndSignedGreaterThanGiveLaneMasks() {
        xmm(0x0101_807fL, 0, 0x0001_7f80L, 0, 0x66, 0x0f, 0x64, 0xca);            // pcmpgtb: 0x7f > 0x80 as signed
        assertEquals(0xff00_00ffL, f.low(1));
        assertEquals(0xffff_0000_ffff_0000L, mmx(0x1234_0000_ffff_0001L, 0x1234_0001_ffff_0000L, 0x0f, 0x75, 0xca), "pcmpeqw");
        xmm(7, 8, 7, 9, 0x66, 0x0f, 0x38, 0x29, 0xca);                             // pcmpeqq
        assertEquals(-1, f.low(1));
        assertEquals(0, f.high(1));
        xmm(1, Long.MIN_VALUE, -1, 0, 0x66, 0x0f, 0x38, 0x37, 0xca);               // pcmpgtq: signed 64-bit
        assertEquals(-1, f.low(1));
        assertEquals(0, f.high(1));
    }

    @Test
    void minimaAndMaximaReadLanesAsTheirMnemonicSays() {
        xmm(0x80, 0, 0x7f, 0, 0x66, 0x0f, 0xda, 0xca);                             // pminub
        assertEquals(0x7f, f.low(1));
        xmm(0x80, 0, 0x7f, 0, 0x66, 0x0f, 0x38, 0x38, 0xca);                       // pminsb
        assertEquals(0x80, f.low(1));
        xmm(0xffff_ffffL, 0, 1, 0, 0x66, 0x0f, 0x38, 0x3f, 0xca);                  // pmaxud
        assertEquals(0xffff_ffffL, f.low(1));
        xmm(0xffff_ffffL, 0, 1, 0, 0x66, 0x0f, 0x38, 0x3d, 0xca);                  // pmaxsd
        assertEquals(1, f.low(1));
        xmm(0x8000, 0, 1, 0, 0x66, 0x0f, 0x38, 0x3a, 0xca);                        // pminuw
        assertEquals(1, f.low(1));
        assertEquals(0x8000, mmx(0x8000, 1, 0x0f, 0xea, 0xca), "pminsw");
        assertEquals(0xff, mmx(0x80, 0xff, 0x0f, 0xde, 0xca), "pmaxub");
    }
}

package dev.multiverse.cpu.simdint;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Packed integer arithmetic at the edges that distinguish the instructions: saturation against wrapping,
 * signed against unsigned lanes, rounding, the lane order of horizontal and block operations. Expected
 * values are the host CPU's (HostComparisonTest checks the same semantics on random operands).
 */
class PackedArithTest {
    private final SimdIntFixture f = new SimdIntFixture();

    /** Runs {@code code} (an XMM instruction with destination xmm1 and source xmm2) on the given operands. */
    private void xmm(long dLow, long dHigh, long sLow, long sHigh, int... code) {
        f.xmm(1, dLow, dHigh);
        f.xmm(2, sLow, sHigh);
        f.run(code);
        assertEquals(sLow, f.low(2), "source unchanged");
        assertEquals(sHigh, f.high(2), "source unchanged");
    }

    /** Runs {@code code} (an MMX instruction with destination mm1 and source mm2) and returns mm1. */
    private long mmx(long d, long s, int... code) {
        f.cpu.x87.setMmx(1, d);
        f.cpu.x87.setMmx(2, s);
        f.run(code);
        return f.cpu.x87.mmx(1);
    }

    @Test
    void saturatingAdditionClampsWhereWrappingAdditionWraps() {
        // Bytes 7f+01, 80+ff, 01+7f, ff+01.
        xmm(0xff01_807fL, 0, 0x017f_ff01L, 0, 0x66, 0x0f, 0xec, 0xca);            // paddsb %xmm2,%xmm1
        assertEquals(0x007f_807fL, f.low(1));
        xmm(0xff01_807fL, 0, 0x017f_ff01L, 0, 0x66, 0x0f, 0xfc, 0xca);            // paddb
        assertEquals(0x0080_7f80L, f.low(1));
        xmm(0xff01_807fL, 0, 0x017f_ff01L, 0, 0x66, 0x0f, 0xdc, 0xca);            // paddusb
        assertEquals(0xff80_ff80L, f.low(1));
        assertEquals(0xfffe_0000_ffff_ffffL, mmx(0xfffe_0000_8000_fff0L, 0x0000_0000_8000_0010L,
                0x0f, 0xdd, 0xca), "paddusw %mm2,%mm1");
    }

    @Test
    void saturatingSubtractionStopsAtZeroOrTheSignedLimits() {
        xmm(0x10ff_8000_0010L, 0, 0x2001_0001_0020L, 0, 0x66, 0x0f, 0xd8, 0xca);  // psubusb
        assertEquals(0x00fe_8000_0000L, f.low(1));
        xmm(0x7fff_8000L, 0, 0xffff_0001L, 0, 0x66, 0x0f, 0xe9, 0xca);            // psubsw: 7fff-(-1), 8000-1
        assertEquals(0x7fff_8000L, f.low(1));
    }

    @Test
    void quadwordLanesDoNotCarryIntoEachOther() {
        xmm(-1, 5, 1, 7, 0x66, 0x0f, 0xd4, 0xca);                                 // paddq
        assertEquals(0, f.low(1));
        assertEquals(12, f.high(1));
        assertEquals(-1, mmx(0, 1, 0x0f, 0xfb, 0xca), "psubq %mm2,%mm1");
    }

    @Test
    void averagesRoundUp() {
        xmm(0x00ff_01ffL, 0, 0x0000_0200L, 0, 0x66, 0x0f, 0xe0, 0xca);            // pavgb
        assertEquals(0x0080_0280L, f.low(1));
        assertEquals(0x8000, mmx(0xffff, 0, 0x0f, 0xe3, 0xca), "pavgw");
    }

    @Test
    void multipliesKeepTheRequestedHalfOfEachProduct() {
        // 0x8000 * 0x8000 and 0xffff * 0xffff as signed and as unsigned words.
        long words = 0xffff_8000L;
        xmm(words, 0, words, 0, 0x66, 0x0f, 0xd5, 0xca);                          // pmullw
        assertEquals(0x0001_0000L, f.low(1));
        xmm(words, 0, words, 0, 0x66, 0x0f, 0xe5, 0xca);                          // pmulhw
        assertEquals(0x0000_4000L, f.low(1));
        xmm(words, 0, words, 0, 0x66, 0x0f, 0xe4, 0xca);                          // pmulhuw
        assertEquals(0xfffe_4000L, f.low(1));
        xmm(0xffff_ffffL, 3, 0xffff_ffffL, 5, 0x66, 0x0f, 0xf4, 0xca);            // pmuludq: the even dwords
        assertEquals(0xffff_fffe_0000_0001L, f.low(1));
        assertEquals(15, f.high(1));
        xmm(0xffff_ffffL, 0, 2, 0, 0x66, 0x0f, 0x38, 0x28, 0xca);                 // pmuldq: signed
        assertEquals(-2, f.low(1));
        xmm(0x8000_0000_0001_0000L, 0, 0x0000_0002_0001_0000L, 0, 0x66, 0x0f, 0x38, 0x40, 0xca);   // pmulld: low halves
        assertEquals(0L, f.low(1));
    }

    @Test
    void multiplyAddsWrapOrSaturateAsDefined() {
        xmm(0x8000_8000L, 0, 0x8000_8000L, 0, 0x66, 0x0f, 0xf5, 0xca);            // pmaddwd: 2 * 2^30 wraps
        assertEquals(0x8000_0000L, f.low(1));
        xmm(0xffffL, 0, 0x7f7fL, 0, 0x66, 0x0f, 0x38, 0x04, 0xca);                 // pmaddubsw: 255*127*2 saturates
        assertEquals(0x7fffL, f.low(1));
        xmm(0x0080_ffffL, 0, 0x00ff_7f80L, 0, 0x66, 0x0f, 0x38, 0x04, 0xca);       // unsigned 0x80 times signed -1
        assertEquals(0xff80_ff01L, f.low(1));
    }

    @Test
    void mulhrswRoundsTheQ15Product() {
        // 0.5 * 0.5 = 0.25; -1 * -1 = 1 does not fit and wraps to 0x8000; 1/32768 * 0.5 rounds up to 1/32768.
        assertEquals(0x0001_8000_2000L, mmx(0x0001_8000_4000L, 0x4000_8000_4000L, 0x0f, 0x38, 0x0b, 0xca));
    }

    @Test
    void absoluteValuesAndSignTransfer() {
        xmm(0, 0, 0x7f80_ff01L, 0, 0x66, 0x0f, 0x38, 0x1c, 0xca);                  // pabsb: 0x80 stays 0x80
        assertEquals(0x7f80_0101L, f.low(1));
        // psignw: negate, zero, keep, and -0x8000 negated stays -0x8000.
        xmm(0x8000_0005_0005_0005L, 0, 0xffff_0001_0000_ffffL, 0, 0x66, 0x0f, 0x38, 0x09, 0xca);
        assertEquals(0x8000_0005_0000_fffbL, f.low(1));
    }

    @Test
    void horizontalOperationsTakeTheDestinationsPairsFirst() {
        xmm(0x0004_0003_0002_0001L, 0x0008_0007_0006_0005L, 0x0040_0030_0020_0010L, 0x0080_0070_0060_0050L,
                0x66, 0x0f, 0x38, 0x01, 0xca);                                     // phaddw
        assertEquals(0x000f_000b_0007_0003L, f.low(1));
        assertEquals(0x00f0_00b0_0070_0030L, f.high(1));
        assertEquals(0x0070_0030_0007_0003L, mmx(0x0004_0003_0002_0001L, 0x0040_0030_0020_0010L, 0x0f, 0x38, 0x01, 0xca));
        // phsubsw: 0x8000 - 1 saturates; phsubd: 1 - 2.
        assertEquals(0x8000, mmx(0x0001_8000L, 0, 0x0f, 0x38, 0x07, 0xca) & 0xffff);
        assertEquals(0xffff_ffffL, mmx(0x0000_0002_0000_0001L, 0, 0x0f, 0x38, 0x06, 0xca));
    }

    @Test
    void sumsOfAbsoluteDifferences() {
        xmm(0x0000_0000_0000_ff00L, -1, 0x0000_0000_0000_00ffL, 0, 0x66, 0x0f, 0xf6, 0xca);   // psadbw
        assertEquals(0x1fe, f.low(1));
        assertEquals(0x7f8, f.high(1));
        // mpsadbw $5: source dword 1 (bytes 4,5,6,7) against destination bytes 4+i..7+i.
        xmm(0x0706_0504_0302_0100L, 0x0f0e_0d0c_0b0a_0908L, 0x0000_0000_0000_0000L, 0, 0x66, 0x0f, 0x3a, 0x42, 0xca, 0x05);
        assertEquals(0x0022_001e_001a_0016L, f.low(1));
        assertEquals(0x0032_002e_002a_0026L, f.high(1));
    }

    @Test
    void phminposuwFindsTheFirstSmallestWord() {
        xmm(-1, -1, 0x0003_0009_0003_0005L, 0xffff_0003_8000_0004L, 0x66, 0x0f, 0x38, 0x41, 0xca);
        assertEquals(0x0001_0003L, f.low(1));
        assertEquals(0, f.high(1));
    }
}

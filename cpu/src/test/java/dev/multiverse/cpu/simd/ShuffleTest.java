package dev.multiverse.cpu.simd;

import dev.multiverse.cpu.Cpu;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shuffles by immediate and by register, PALIGNR, and the SSE3 duplications. */
class ShuffleTest {
    /** Dwords 0-3: 03020100 07060504 0b0a0908 0f0e0d0c (byte n holds n). */
    private static final long LOW = 0x0706_0504_0302_0100L, HIGH = 0x0f0e_0d0c_0b0a_0908L;
    private final SimdFixture f = new SimdFixture();
    private final Cpu cpu = f.cpu;

    ShuffleTest() {
        f.xmm(1, LOW, HIGH);
        f.xmm(2, 0x1716_1514_1312_1110L, 0x1f1e_1d1c_1b1a_1918L);
    }

    @Test
    void pshufdReversesDwords() {
        f.run("66 0f 70 d9 1b");                    // pshufd $0x1b,%xmm1,%xmm3
        assertEquals(0x0b0a_0908_0f0e_0d0cL, f.low(3));
        assertEquals(0x0302_0100_0706_0504L, f.high(3));
    }

    @Test
    void pshufhwAndPshuflwShuffleOneHalf() {
        f.run("f3 0f 70 d9 1b");                    // pshufhw $0x1b,%xmm1,%xmm3
        assertEquals(LOW, f.low(3));
        assertEquals(0x0908_0b0a_0d0c_0f0eL, f.high(3));
        f.run("f2 0f 70 d9 00");                    // pshuflw $0x00,%xmm1,%xmm3
        assertEquals(0x0100_0100_0100_0100L, f.low(3));
        assertEquals(HIGH, f.high(3));
    }

    @Test
    void pshufwShufflesMmxWords() {
        f.mm(1, LOW);
        f.run("0f 70 d1 e1");                       // pshufw $0xe1,%mm1,%mm2: words 1 0 2 3
        assertEquals(0x0706_0504_0100_0302L, f.mm(2));
    }

    @Test
    void shufpsTakesTwoDwordsFromEachOperand() {
        f.run("0f c6 d1 4e");                       // shufps $0x4e,%xmm1,%xmm2: dst 2, dst 3, src 0, src 1
        assertEquals(0x1f1e_1d1c_1b1a_1918L, f.low(2));
        assertEquals(LOW, f.high(2));
    }

    @Test
    void shufpdTakesOneQuadwordFromEach() {
        f.run("66 0f c6 d1 01");                    // shufpd $1,%xmm1,%xmm2
        assertEquals(0x1f1e_1d1c_1b1a_1918L, f.low(2));
        assertEquals(LOW, f.high(2));
    }

    @Test
    void pshufbSelectsBytesAndZeroesOnTheTopBit() {
        f.xmm(3, 0x8000_0102_030f_1f0eL, 0xff0f_0f0f_0000_0000L);
        f.run("66 0f 38 00 d3");                    // pshufb %xmm3,%xmm2
        assertEquals(0x0010_1112_131f_1f1eL, f.low(2));
        assertEquals(0x001f_1f1f_1010_1010L, f.high(2));
    }

    @Test
    void pshufbOnMmxUsesThreeIndexBits() {
        f.mm(1, 0x0706_0504_0302_0100L + 0x1010_1010_1010_1010L);
        f.mm(2, 0x0f08_8000_0102_0307L);
        f.run("0f 38 00 ca");                       // pshufb %mm2,%mm1
        assertEquals(0x1710_0010_1112_1317L, f.mm(1));
    }

    @Test
    void palignrShiftsTheConcatenationRightByBytes() {
        f.run("66 0f 3a 0f d1 04");                 // palignr $4,%xmm1,%xmm2: (xmm2:xmm1) >> 32
        assertEquals(0x0b0a_0908_0706_0504L, f.low(2));
        assertEquals(0x1312_1110_0f0e_0d0cL, f.high(2));
        f.xmm(2, 0x1716_1514_1312_1110L, 0x1f1e_1d1c_1b1a_1918L);
        f.run("66 0f 3a 0f d1 14");                 // $20: four bytes into the destination
        assertEquals(0x1b1a_1918_1716_1514L, f.low(2));
        assertEquals(0x0000_0000_1f1e_1d1cL, f.high(2));
        f.run("66 0f 3a 0f d1 20");                 // $32 and above: zero
        assertEquals(0, f.low(2));
        assertEquals(0, f.high(2));
    }

    @Test
    void palignrOnMmx() {
        f.mm(1, LOW);
        f.mm(2, 0x1716_1514_1312_1110L);
        f.run("0f 3a 0f d1 03");                    // palignr $3,%mm1,%mm2
        assertEquals(0x1211_1007_0605_0403L, f.mm(2));
        f.mm(2, 0x1716_1514_1312_1110L);
        f.run("0f 3a 0f d1 0c");                    // $12: half of the destination
        assertEquals(0x1716_1514L, f.mm(2));
        f.run("0f 3a 0f d1 10");
        assertEquals(0, f.mm(2));
    }

    @Test
    void sse3Duplications() {
        f.run("f3 0f 12 d9");                       // movsldup %xmm1,%xmm3
        assertEquals(0x0302_0100_0302_0100L, f.low(3));
        assertEquals(0x0b0a_0908_0b0a_0908L, f.high(3));
        f.run("f3 0f 16 d9");                       // movshdup %xmm1,%xmm3
        assertEquals(0x0706_0504_0706_0504L, f.low(3));
        assertEquals(0x0f0e_0d0c_0f0e_0d0cL, f.high(3));
        cpu.gpr[Cpu.RAX] = SimdFixture.DATA + 4;     // eight bytes: no alignment needed
        f.poke(SimdFixture.DATA + 4, 8, 0x1234_5678_9abc_def0L);
        f.run("f2 0f 12 18");                       // movddup (%rax),%xmm3
        assertEquals(0x1234_5678_9abc_def0L, f.low(3));
        assertEquals(0x1234_5678_9abc_def0L, f.high(3));
    }
}

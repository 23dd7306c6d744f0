package dev.multiverse.cpu.ssefp;

import dev.multiverse.cpu.Cpu;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SSE floating-point arithmetic: lane layouts of the PS/PD/SS/SD forms, memory operands, square roots,
 * MIN/MAX operand selection, SSE3's ADDSUB/HADD/HSUB, SSE4.1's ROUND and DP, and RCP/RSQRT.
 */
class SseArithTest {
    private static final int PE = 0x20, IE = 1, DE = 2, DAZ = 0x40;
    private final SseFpFixture f = new SseFpFixture();

    @Test
    void packedFormsComputeEveryLaneAndScalarFormsOnlyTheLowOne() {
        f.singles(1, 1, 2, 3, 4);
        f.singles(2, 10, 20, 30, 40);
        f.run("0f 58 ca");   // addps xmm1, xmm2
        assertEquals(11f, f.single(1, 0));
        assertEquals(44f, f.single(1, 3));
        f.singles(1, 1, 2, 3, 4);
        f.run("f3 0f 59 ca");   // mulss
        assertEquals(10f, f.single(1, 0));
        assertEquals(2f, f.single(1, 1));
        assertEquals(4f, f.single(1, 3));
        f.doubles(1, 1, 2);
        f.doubles(2, 4, 8);
        f.run("66 0f 5e ca");   // divpd
        assertEquals(0.25, f.dbl(1, 0));
        assertEquals(0.25, f.dbl(1, 1));
        f.doubles(1, 1, 2);
        f.run("f2 0f 5c ca");   // subsd
        assertEquals(-3.0, f.dbl(1, 0));
        assertEquals(2.0, f.dbl(1, 1));
    }

    @Test
    void scalarMemoryOperandsNeedNoAlignmentAndPackedOnesDo() {
        f.singles(1, 1, 2, 3, 4);
        f.poke(SseFpFixture.DATA + 4, 4, Float.floatToRawIntBits(0.5f));
        f.cpu.gpr[Cpu.RSI] = SseFpFixture.DATA + 4;
        f.run("f3 0f 58 0e");   // addss xmm1, [rsi]
        assertEquals(1.5f, f.single(1, 0));
        assertEquals(13, f.fault("0f 58 0e"), "addps with a misaligned 16-byte operand: #GP(0)");
        f.cpu.gpr[Cpu.RSI] = SseFpFixture.DATA;
        f.poke(SseFpFixture.DATA, 8, Double.doubleToRawLongBits(2));
        f.poke(SseFpFixture.DATA + 8, 8, Double.doubleToRawLongBits(3));
        f.doubles(1, 1, 1);
        f.run("66 0f 59 0e");   // mulpd xmm1, [rsi]
        assertEquals(2.0, f.dbl(1, 0));
        assertEquals(3.0, f.dbl(1, 1));
    }

    @Test
    void squareRoots() {
        f.singles(1, 9, 9, 9, 9);
        f.singles(2, 16, 2, -1, 0);
        f.run("0f 51 ca");   // sqrtps xmm1, xmm2
        assertEquals(4f, f.single(1, 0));
        assertEquals((float) Math.sqrt(2), f.single(1, 1));
        assertEquals(0xffc0_0000, f.lane(1, 2), "the square root of -1 is the default NaN");
        assertEquals(0f, f.single(1, 3));
        assertEquals(Cpu.MXCSR_RESET | IE | PE, f.cpu.mxcsr);
        f.doubles(1, 7, 7);
        f.doubles(2, 2, 5);
        f.run("f2 0f 51 ca");   // sqrtsd
        assertEquals(Math.sqrt(2), f.dbl(1, 0));
        assertEquals(7.0, f.dbl(1, 1));
    }

    @Test
    void minAndMaxReturnTheSecondOperandForNansAndEqualZeros() {
        int qnan = 0x7fc0_1234, snan = 0x7f80_0001;
        f.xmm(1, SseFpFixture.pack(Float.floatToRawIntBits(1), qnan), SseFpFixture.pack(0x8000_0000, Float.floatToRawIntBits(5)));
        f.xmm(2, SseFpFixture.pack(Float.floatToRawIntBits(2), Float.floatToRawIntBits(3)), SseFpFixture.pack(0, snan));
        f.run("0f 5d ca");   // minps
        assertEquals(1f, f.single(1, 0));
        assertEquals(Float.floatToRawIntBits(3), f.lane(1, 1), "a NaN first operand: the second operand");
        assertEquals(0, f.lane(1, 2), "-0 and +0 compare equal: the second operand, +0");
        assertEquals(snan, f.lane(1, 3), "the second operand's SNaN, not quieted");
        assertEquals(Cpu.MXCSR_RESET | IE, f.cpu.mxcsr, "any NaN is invalid for MIN and MAX");
        f.doubles(1, 1, -0.0);
        f.doubles(2, 2, 0.0);
        f.run("66 0f 5f ca");   // maxpd
        assertEquals(2.0, f.dbl(1, 0));
        assertEquals(0L, f.cpu.xmm[3], "max(-0, +0) = +0, the second operand");
    }

    @Test
    void minWithDazReturnsADenormalOperandAsZero() {
        f.singles(1, -Float.MIN_VALUE, 0, 0, 0);
        f.singles(2, 1, 0, 0, 0);
        f.cpu.mxcsr = Cpu.MXCSR_RESET;
        f.run("f3 0f 5d ca");   // minss
        assertEquals(0x8000_0001, f.lane(1, 0));
        assertEquals(Cpu.MXCSR_RESET | DE, f.cpu.mxcsr);
        f.singles(1, -Float.MIN_VALUE, 0, 0, 0);
        f.cpu.mxcsr = Cpu.MXCSR_RESET | DAZ;
        f.run("f3 0f 5d ca");
        assertEquals(0x8000_0000, f.lane(1, 0));
        assertEquals(Cpu.MXCSR_RESET | DAZ, f.cpu.mxcsr);
    }

    @Test
    void addsubAndHorizontalOperations() {
        f.singles(1, 1, 2, 3, 4);
        f.singles(2, 10, 20, 30, 40);
        f.run("f2 0f d0 ca");   // addsubps
        assertEquals(-9f, f.single(1, 0));
        assertEquals(22f, f.single(1, 1));
        assertEquals(-27f, f.single(1, 2));
        assertEquals(44f, f.single(1, 3));
        f.singles(1, 1, 2, 3, 4);
        f.run("f2 0f 7c ca");   // haddps
        assertEquals(3f, f.single(1, 0));
        assertEquals(7f, f.single(1, 1));
        assertEquals(30f, f.single(1, 2));
        assertEquals(70f, f.single(1, 3));
        f.doubles(1, 5, 1);
        f.doubles(2, 10, 3);
        f.run("66 0f 7d ca");   // hsubpd
        assertEquals(4.0, f.dbl(1, 0));
        assertEquals(7.0, f.dbl(1, 1));
    }

    @Test
    void roundTakesItsModeFromTheImmediateOrMxcsrAndMaySuppressInexact() {
        float[] expected = {2, 2, 3, 2};   // 2.5 to nearest (even), down, up, toward zero
        for (int rc = 0; rc < 4; rc++) {
            f.singles(2, 2.5f, 0, 0, 0);
            f.cpu.mxcsr = Cpu.MXCSR_RESET;
            f.run("66 0f 3a 0a ca 0" + rc);   // roundss xmm1, xmm2, rc
            assertEquals(expected[rc], f.single(1, 0));
            assertEquals(Cpu.MXCSR_RESET | PE, f.cpu.mxcsr);
            f.cpu.mxcsr = Cpu.MXCSR_RESET | rc << 13;
            f.run("66 0f 3a 0a ca 0c");   // MXCSR.RC, inexact suppressed
            assertEquals(expected[rc], f.single(1, 0));
            assertEquals(Cpu.MXCSR_RESET | rc << 13, f.cpu.mxcsr);
        }
        f.doubles(2, -1.5, 7.25);
        f.run("66 0f 3a 09 ca 01");   // roundpd, down
        assertEquals(-2.0, f.dbl(1, 0));
        assertEquals(7.0, f.dbl(1, 1));
    }

    @Test
    void dotProductsMultiplySelectedLanesAndAddInPairs() {
        f.singles(1, 1, 2, 3, 4);
        f.singles(2, 5, 6, 7, 8);
        f.run("66 0f 3a 40 ca f5");   // dpps: all products, sum to lanes 0 and 2
        assertEquals(70f, f.single(1, 0));
        assertEquals(0f, f.single(1, 1));
        assertEquals(70f, f.single(1, 2));
        f.singles(1, 1, 2, 3, 4);
        f.run("66 0f 3a 40 ca 38");   // products of lanes 0 and 1, sum to lane 3
        assertEquals(0f, f.single(1, 0));
        assertEquals(17f, f.single(1, 3));
        // 2^30 + 1 rounds away the 1: (p0 + p1) + (p2 + p3) = 2^30 + -2^30 = 0, where left to right would give 1
        f.singles(1, 0x1p30f, 1, -0x1p30f, 1);
        f.singles(2, 1, 1, 1, 1);
        f.run("66 0f 3a 40 ca f1");
        assertEquals(0f, f.single(1, 0));
        f.doubles(1, 3, 4);
        f.doubles(2, 5, 6);
        f.run("66 0f 3a 41 ca 33");   // dppd
        assertEquals(39.0, f.dbl(1, 0));
        assertEquals(39.0, f.dbl(1, 1));
    }

    @Test
    void reciprocalApproximationsFollowTheHostsTables() {
        f.singles(2, 1, 2, 0, Float.NEGATIVE_INFINITY);
        f.cpu.mxcsr = Cpu.MXCSR_RESET;
        f.run("0f 53 ca");   // rcpps
        assertEquals(0x3f7f_f000, f.lane(1, 0), "1/1 is 0.99976: the midpoint of [1, 1 + 2^-11) inverted");
        assertEquals(0x3eff_f000, f.lane(1, 1));
        assertEquals(0x7f80_0000, f.lane(1, 2));
        assertEquals(0x8000_0000, f.lane(1, 3));
        f.singles(2, 4, 0.25f, -1, 0x1p127f);
        f.run("0f 52 ca");   // rsqrtps
        assertEquals(0x3eff_f000, f.lane(1, 0));
        assertEquals(0x3fff_f000, f.lane(1, 1));
        assertEquals(0xffc0_0000, f.lane(1, 2), "negative: the default NaN");
        assertEquals(0x1fb4_f800, f.lane(1, 3), "an even exponent: the other half of the table");
        assertEquals(Cpu.MXCSR_RESET, f.cpu.mxcsr, "no exceptions, ever");
        f.singles(1, 9, 9, 9, 9);
        f.singles(2, 0x1p-127f, 0, 0, 0);
        f.run("f3 0f 53 ca");   // rcpss of a denormal: treated as zero
        assertEquals(0x7f80_0000, f.lane(1, 0));
        assertEquals(9f, f.single(1, 1));
    }
}

package dev.multiverse.cpu.fpu;

import org.junit.jupiter.api.Test;

import static dev.multiverse.cpu.fpu.FpFlags.DE;
import static dev.multiverse.cpu.fpu.FpFlags.IE;
import static dev.multiverse.cpu.fpu.FpFlags.OE;
import static dev.multiverse.cpu.fpu.FpFlags.PE;
import static dev.multiverse.cpu.fpu.FpFlags.UE;
import static dev.multiverse.cpu.fpu.FpFlags.ZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArithmeticTest {
    private static final Float80 ONE = new Float80(0x3fff, 0x8000_0000_0000_0000L);
    private static final Float80 THREE = new Float80(0x4000, 0xc000_0000_0000_0000L);
    private static final int ONE_F = 0x3f80_0000;
    private static final int THREE_F = 0x4040_0000;

    /** An x87 environment with all exceptions masked, the given rounding and precision control. */
    private static FpEnv x87(int rounding, int pc) {
        FpEnv env = new FpEnv(FpEnv.Unit.X87);
        env.setControlWord(0x037f & ~0x0f00 | pc << 8 | rounding << 10);
        return env;
    }

    private static FpEnv sse(int mxcsr) {
        FpEnv env = new FpEnv(FpEnv.Unit.SSE);
        env.setMxcsr(mxcsr);
        return env;
    }

    @Test
    void oneThirdInEveryRoundingMode() {
        long[] significands = {0xaaaa_aaaa_aaaa_aaabL, 0xaaaa_aaaa_aaaa_aaaaL, 0xaaaa_aaaa_aaaa_aaabL, 0xaaaa_aaaa_aaaa_aaaaL};
        int[] singles = {0x3eaa_aaab, 0x3eaa_aaaa, 0x3eaa_aaab, 0x3eaa_aaaa};
        long[] doubles = {0x3fd5_5555_5555_5555L, 0x3fd5_5555_5555_5555L, 0x3fd5_5555_5555_5556L, 0x3fd5_5555_5555_5555L};
        for (int rc = 0; rc < 4; rc++) {
            FpEnv env = x87(rc, 3);
            assertEquals(new Float80(0x3ffd, significands[rc]), Arithmetic.div80(ONE, THREE, env));
            assertEquals(PE, env.flags());
            assertEquals(rc == Rounding.NEAREST || rc == Rounding.UP, env.roundedUp(), "C1");
            env = sse(0x1f80 | rc << 13);
            assertEquals(singles[rc], Arithmetic.div32(ONE_F, THREE_F, env));
            assertEquals(doubles[rc], Arithmetic.div64(Double.doubleToRawLongBits(1), Double.doubleToRawLongBits(3), env));
            assertEquals(PE, env.flags());
        }
    }

    @Test
    void precisionControlRoundsTheSignificandButKeepsTheExponentRange() {
        assertEquals(new Float80(0x3ffd, 0xaaaa_ab00_0000_0000L), Arithmetic.div80(ONE, THREE, x87(Rounding.NEAREST, 0)));
        assertEquals(new Float80(0x3ffd, 0xaaaa_aaaa_aaaa_a800L), Arithmetic.div80(ONE, THREE, x87(Rounding.NEAREST, 2)));
        // 2^-16000 * 2^-300 is far below binary64's range but normal in extended, whatever the precision
        FpEnv env = x87(Rounding.NEAREST, 2);
        Float80 product = Arithmetic.mul80(new Float80(0x3fff - 16000, 1L << 63), new Float80(0x3fff - 300, 1L << 63), env);
        assertEquals(new Float80(0x3fff - 16300, 1L << 63), product);
        assertEquals(0, env.flags());
    }

    @Test
    void invalidOperationsGiveTheDefaultNaN() {
        FpEnv env = x87(Rounding.NEAREST, 3);
        assertEquals(Float80.INDEFINITE, Arithmetic.div80(new Float80(0, 0), new Float80(0x8000, 0), env));
        assertEquals(IE, env.flags());
        env = sse(0x1f80);
        assertEquals(0xffc0_0000, Arithmetic.div32(0, 0, env));
        assertEquals(0xfff8_0000_0000_0000L, Arithmetic.div64(0, 0, env));
        assertEquals(0xfff8_0000_0000_0000L, Arithmetic.sub64(0x7ff0_0000_0000_0000L, 0x7ff0_0000_0000_0000L, env));
        assertEquals(0xffc0_0000, Arithmetic.mul32(0x7f80_0000, 0x8000_0000, env));
        assertEquals(0xffc0_0000, Arithmetic.sqrt32(0xbf80_0000, env));
        assertEquals(IE, env.flags());
    }

    @Test
    void squareRootOfNegativeZeroIsNegativeZero() {
        FpEnv env = sse(0x1f80);
        assertEquals(0x8000_0000, Arithmetic.sqrt32(0x8000_0000, env));
        assertEquals(Long.MIN_VALUE, Arithmetic.sqrt64(Long.MIN_VALUE, env));
        FpEnv x87 = x87(Rounding.NEAREST, 3);
        assertEquals(new Float80(0x8000, 0), Arithmetic.sqrt80(new Float80(0x8000, 0), x87));
        assertEquals(0, env.flags() | x87.flags());
    }

    @Test
    void squareRootIsCorrectlyRounded() {
        FpEnv env = x87(Rounding.NEAREST, 3);
        // sqrt(2) = 1.0110101000001001111001100110011111110011101111001100100100001000101100101111101100010011...
        assertEquals(new Float80(0x3fff, 0xb504_f333_f9de_6484L), Arithmetic.sqrt80(new Float80(0x4000, 1L << 63), env));
        assertEquals(PE, env.flags());
        assertFalse(env.roundedUp());
        assertEquals(new Float80(0x4000, 0xc000_0000_0000_0000L), Arithmetic.sqrt80(new Float80(0x4002, 0x9000_0000_0000_0000L), x87(0, 3)), "sqrt(9)");
    }

    @Test
    void divisionByZeroGivesASignedInfinity() {
        FpEnv env = sse(0x1f80);
        assertEquals(0xff80_0000, Arithmetic.div32(0xbf80_0000, 0, env));
        assertEquals(ZE, env.flags());
        env.clearFlags();
        assertEquals(0x7f80_0000, Arithmetic.div32(0x7f80_0000, 0, env)); // infinity / 0 is exact
        assertEquals(0, env.flags());
    }

    @Test
    void anExactZeroSumIsPositiveExceptWhenRoundingDown() {
        assertEquals(0, Arithmetic.sub32(ONE_F, ONE_F, sse(0x1f80)));
        assertEquals(0x8000_0000, Arithmetic.sub32(ONE_F, ONE_F, sse(0x1f80 | Rounding.DOWN << 13)));
        assertEquals(new Float80(0x8000, 0), Arithmetic.add80(ONE, new Float80(0xbfff, 1L << 63), x87(Rounding.DOWN, 3)));
    }

    @Test
    void nanPropagationFollowsEachUnit() {
        int qnanSmall = 0x7fc0_0001;
        int snanLarge = 0xff80_00ff;
        FpEnv sse = sse(0x1f80);
        assertEquals(0xffc0_00ff, Arithmetic.add32(snanLarge, qnanSmall, sse), "SSE: the first operand, quieted");
        assertEquals(qnanSmall, Arithmetic.add32(qnanSmall, snanLarge, sse));
        assertEquals(IE, sse.flags());

        Float80 qnanA = new Float80(0x7fff, 0xc000_0000_0000_0001L);
        Float80 qnanB = new Float80(0xffff, 0xc000_0000_0000_0002L);
        Float80 snan = new Float80(0x7fff, 0xbfff_ffff_ffff_ffffL);
        FpEnv x87 = x87(Rounding.NEAREST, 3);
        assertEquals(qnanB, Arithmetic.add80(qnanA, qnanB, x87), "x87: the larger significand");
        assertEquals(qnanB, Arithmetic.add80(qnanB, qnanA, x87));
        assertEquals(0, x87.flags());
        assertEquals(qnanA, Arithmetic.mul80(snan, qnanA, x87), "x87: a QNaN over an SNaN");
        assertEquals(new Float80(0x7fff, 0xffff_ffff_ffff_ffffL), Arithmetic.mul80(snan, ONE, x87), "an SNaN comes out quiet");
        assertEquals(IE, x87.flags());
        Float80 negative = new Float80(0xffff, 0xc000_0000_0000_0001L);
        assertEquals(qnanA, Arithmetic.add80(negative, qnanA, x87(0, 3)), "x87: equal significands, the positive one");
    }

    @Test
    void unsupportedEncodingsAreInvalidButPseudoDenormalsAreAccepted() {
        Float80 unnormal = new Float80(0x3fff, 0x4000_0000_0000_0000L);
        Float80 pseudoInfinity = new Float80(0x7fff, 0);
        Float80 pseudoNaN = new Float80(0x7fff, 0x4000_0000_0000_0001L);
        for (Float80 bad : new Float80[] {unnormal, pseudoInfinity, pseudoNaN}) {
            FpEnv env = x87(Rounding.NEAREST, 3);
            assertEquals(Float80.INDEFINITE, Arithmetic.add80(bad, ONE, env), bad.toString());
            assertEquals(IE, env.flags());
        }
        FpEnv env = x87(Rounding.NEAREST, 3);
        Float80 pseudoDenormal = new Float80(0, 0x8000_0000_0000_0000L);
        assertEquals(new Float80(1, 1L << 63), Arithmetic.add80(pseudoDenormal, new Float80(0, 0), env), "worth 2^-16382");
        assertEquals(DE, env.flags());
    }

    @Test
    void maskedOverflowGivesInfinityOrTheLargestFiniteByRoundingDirection() {
        int max = 0x7f7f_ffff;
        int[] expected = {0x7f80_0000, max, 0x7f80_0000, max};
        for (int rc = 0; rc < 4; rc++) {
            FpEnv env = sse(0x1f80 | rc << 13);
            assertEquals(expected[rc], Arithmetic.mul32(max, 0x4000_0000, env));
            assertEquals(OE | PE, env.flags());
        }
        FpEnv env = x87(Rounding.TO_ZERO, 0);
        assertEquals(new Float80(0xfffe, 0xffff_ff00_0000_0000L), Arithmetic.mul80(new Float80(0xfffe, 1L << 63), new Float80(0x4000, 1L << 63), env),
                "the largest finite value of the 24-bit precision");
    }

    @Test
    void unmaskedOverflowAndUnderflowDeliverTheBiasAdjustedResultOnTheX87() {
        FpEnv env = new FpEnv(FpEnv.Unit.X87);
        env.setControlWord(0x037f & ~(OE | UE));
        Float80 max = new Float80(0x7ffe, 1L << 63);
        assertEquals(new Float80(0x7fff - 24576, 1L << 63), Arithmetic.mul80(max, new Float80(0x4000, 1L << 63), env), "2^16384 * 2^-24576");
        assertEquals(OE, env.flags());
        env.clearFlags();
        Float80 minNormal = new Float80(1, 1L << 63);
        assertEquals(new Float80(0x6000, 1L << 63), Arithmetic.div80(minNormal, new Float80(0x4000, 1L << 63), env), "2^-16383 * 2^24576");
        assertEquals(UE, env.flags(), "unmasked, tininess alone raises UE");
    }

    @Test
    void unmaskedDenormalStopsTheOperationBeforeAnyPostComputationFlag() {
        FpEnv env = sse(0x1f80 & ~(DE << 7));
        Arithmetic.div32(0x0000_0001, THREE_F, env);
        assertEquals(DE, env.flags());
    }

    @Test
    void tininessIsDetectedAfterRounding() {
        // largest denormal * (1 + 2^-23) is just below 2^-126 and rounds to it: not tiny, so no UE and no flush
        FpEnv env = sse(0x9f80);
        assertEquals(0x0080_0000, Arithmetic.mul32(0x007f_ffff, 0x3f80_0001, env));
        assertEquals(DE | PE, env.flags());
        env = sse(0x1f80 | Rounding.TO_ZERO << 13);
        assertEquals(0x007f_ffff, Arithmetic.mul32(0x007f_ffff, 0x3f80_0001, env));
        assertEquals(DE | UE | PE, env.flags());
    }

    @Test
    void maskedUnderflowNeedsAnInexactResultUnlessFlushToZero() {
        FpEnv env = sse(0x1f80);
        assertEquals(0x0000_0001, Arithmetic.mul32(0x0000_0002, 0x3f00_0000, env), "an exact denormal");
        assertEquals(DE, env.flags());
        env = sse(0x9f80);
        assertEquals(0, Arithmetic.mul32(0x0000_0002, 0x3f00_0000, env), "FTZ flushes every tiny result");
        assertEquals(DE | UE | PE, env.flags());
    }

    @Test
    void denormalsAreZeroTakesDenormalOperandsAsZeroWithoutDe() {
        FpEnv env = sse(0x1fc0);
        assertEquals(0x8000_0000, Arithmetic.add32(0x8000_0001, 0x8000_0000, env));
        assertEquals(0, env.flags());
    }

    @Test
    void roundToIntegralHonoursTheModeAndTheInexactSuppression() {
        long twoAndHalf = Double.doubleToRawLongBits(2.5);
        FpEnv env = sse(0x1f80);
        assertEquals(Double.doubleToRawLongBits(2), Arithmetic.roundToIntegral64(twoAndHalf, Rounding.NEAREST, false, env));
        assertEquals(Double.doubleToRawLongBits(3), Arithmetic.roundToIntegral64(twoAndHalf, Rounding.UP, false, env));
        assertEquals(PE, env.flags());
        env.clearFlags();
        assertEquals(0x8000_0000, Arithmetic.roundToIntegral32(0xbf00_0000, Rounding.NEAREST, true, env), "-0.5 rounds to -0");
        assertEquals(0, env.flags());
        FpEnv x87 = x87(Rounding.DOWN, 0);
        assertEquals(new Float80(0xbfff, 1L << 63), Arithmetic.roundToIntegral80(new Float80(0xbffd, 1L << 63), x87), "-0.25 down");
        assertEquals(PE, x87.flags());
        assertTrue(x87.roundedUp(), "rounded away from zero");
    }

    @Test
    void memoryOperandDenormalsRaiseDeOnlyPastNaNOperands() {
        FpEnv env = x87(Rounding.NEAREST, 3);
        Float80 qnan = new Float80(0x7fff, 0xc000_0000_0000_0000L);
        assertEquals(qnan, Arithmetic.add80m32(qnan, 0x0000_0001, env));
        assertEquals(0, env.flags());
        assertEquals(new Float80(0x3fff - 149, 1L << 63), Arithmetic.add80m32(new Float80(0, 0), 0x0000_0001, env));
        assertEquals(DE, env.flags());
        env.clearFlags();
        assertEquals(new Float80(0x4000, 1L << 63), Arithmetic.sub80m64(ONE, Double.doubleToRawLongBits(3), true, env), "FSUBR: 3 - 1");
        assertEquals(0, env.flags());
    }
}

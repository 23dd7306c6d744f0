package dev.multiverse.cpu.fpu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Known values of the transcendental, remainder and scaling functions: correctly rounded results (the same
 * bits the host's FPU gives), the special cases of the Intel SDM's tables, and the flags and condition
 * codes an instruction reports.
 */
class TranscendentalTest {
    private static final Float80 ZERO = new Float80(0, 0);
    private static final Float80 NEGATIVE_ZERO = new Float80(0x8000, 0);
    private static final Float80 ONE = f("3fff:8000000000000000");
    private static final Float80 INFINITY = f("7fff:8000000000000000");
    private static final Float80 NEGATIVE_INFINITY = f("ffff:8000000000000000");

    private final FpEnv env = new FpEnv(FpEnv.Unit.X87);

    private static Float80 f(String text) {
        String[] parts = text.split(":");
        return new Float80(Integer.parseInt(parts[0], 16), Long.parseUnsignedLong(parts[1], 16));
    }

    private static Float80 of(long integer) {
        return Conversions.intTo80(integer);
    }

    private static Float80 of(double value) {
        return Conversions.float64To80(Double.doubleToLongBits(value), new FpEnv(FpEnv.Unit.X87));
    }

    private void assertResult(String expected, Float80 actual, int flags) {
        assertEquals(f(expected), actual);
        assertEquals(flags, env.flags(), "flags");
    }

    @Test
    void trigonometricFunctionsAreCorrectlyRounded() {
        assertResult("3ffe:d76aa47848677021", Transcendental.sin(ONE, env), FpFlags.PE);
        assertTrue(env.roundedUp());
        env.clearFlags();
        assertResult("3ffe:8a51407da8345c92", Transcendental.cos(ONE, env), FpFlags.PE);
        env.clearFlags();
        PartialTangent tan = Transcendental.partialTangent(ONE, env);
        assertResult("3fff:c75922e5f71d2dc5", tan.tangent(), FpFlags.PE);
        assertEquals(ONE, tan.pushed());
        env.clearFlags();
        SineCosine both = Transcendental.sinCos(ONE, env);
        assertEquals(f("3ffe:d76aa47848677021"), both.sine());
        assertEquals(f("3ffe:8a51407da8345c92"), both.cosine());
        assertTrue(env.roundedUp(), "C1 follows the cosine, which rounded up");
    }

    @Test
    void largeArgumentsAreReducedWithTheX87Pi() {
        // 2^62 reduced by multiples of the 66-bit p/2: the host's result, not the true sine (-0xb3f2b9aa...)
        assertResult("bffe:b506a9dd559cf157", Transcendental.sin(f("403d:8000000000000000"), env), FpFlags.PE);
    }

    @Test
    void operandsFrom2To63AreOutOfRange() {
        Float80 limit = f("403e:8000000000000000");
        assertTrue(Transcendental.outOfRange(limit));
        assertTrue(Transcendental.outOfRange(f("c03e:8000000000000000")));
        assertFalse(Transcendental.outOfRange(f("403d:ffffffffffffffff")));
        assertFalse(Transcendental.outOfRange(INFINITY));
        assertFalse(Transcendental.outOfRange(f("4050:4000000000000000")), "an unnormal is invalid, not out of range");
        assertResult("403e:8000000000000000", Transcendental.sin(limit, env), 0);
    }

    @Test
    void trigonometricSpecialCases() {
        assertResult("8000:0000000000000000", Transcendental.sin(NEGATIVE_ZERO, env), 0);
        assertResult("3fff:8000000000000000", Transcendental.cos(NEGATIVE_ZERO, env), 0);
        assertResult("ffff:c000000000000000", Transcendental.cos(INFINITY, env), FpFlags.IE);
        env.clearFlags();
        PartialTangent nan = Transcendental.partialTangent(f("7fff:c000000000000001"), env);
        assertEquals(nan.tangent(), nan.pushed(), "a NaN tangent is pushed again instead of 1");
        // below 2^-68 the result is the argument, or 1, inexact but never rounded
        env.setControlWord(0x077f); // round down
        assertResult("3fb0:c000000000000000", Transcendental.sin(f("3fb0:c000000000000000"), env), FpFlags.PE);
        assertFalse(env.roundedUp());
        env.clearFlags();
        assertResult("3fff:8000000000000000", Transcendental.cos(f("3fb0:c000000000000000"), env), FpFlags.PE);
        env.clearFlags();
        // from 2^-68 on the sine is rounded: just below x, so rounding down gives the next value down
        assertResult("3fbb:bfffffffffffffff", Transcendental.sin(f("3fbb:c000000000000000"), env), FpFlags.PE);
        env.clearFlags();
        // a denormal argument: DE, then the tiny inexact result raises UE
        env.setControlWord(0x037f);
        assertResult("0000:0000000000003039", Transcendental.sin(f("0000:0000000000003039"), env),
                FpFlags.DE | FpFlags.UE | FpFlags.PE);
    }

    @Test
    void arctangentOfTheFourQuadrants() {
        assertResult("3ffe:c90fdaa22168c235", Transcendental.partialArctangent(ONE, ONE, env), FpFlags.PE);
        env.clearFlags();
        assertResult("4000:c90fdaa22168c235", Transcendental.partialArctangent(of(-1), ZERO, env), FpFlags.PE);
        env.clearFlags();
        assertResult("bfff:c90fdaa22168c235", Transcendental.partialArctangent(ZERO, of(-5), env), FpFlags.PE);
        env.clearFlags();
        assertResult("8000:0000000000000000", Transcendental.partialArctangent(INFINITY, of(-3), env), 0);
        assertResult("4000:96cbe3f9990e91a8", Transcendental.partialArctangent(NEGATIVE_INFINITY, INFINITY, env), FpFlags.PE);
    }

    @Test
    void twoToXMinusOne() {
        assertResult("3ffd:d413cccfe7799211", Transcendental.twoToXMinusOne(of(0.5), env), FpFlags.PE);
        env.clearFlags();
        // the ends of the domain are exact, yet the host reports them inexact
        assertResult("3fff:8000000000000000", Transcendental.twoToXMinusOne(ONE, env), FpFlags.PE);
        env.clearFlags();
        assertResult("bffe:8000000000000000", Transcendental.twoToXMinusOne(of(-1), env), FpFlags.PE);
        env.clearFlags();
        assertResult("4000:c000000000000000", Transcendental.twoToXMinusOne(of(3), env), FpFlags.PE);
        env.clearFlags();
        assertResult("bfff:8000000000000000", Transcendental.twoToXMinusOne(NEGATIVE_INFINITY, env), 0);
    }

    @Test
    void logarithms() {
        assertResult("3fff:cae00d1cfdeb43d0", Transcendental.yLog2X(of(3), ONE, env), FpFlags.PE);
        env.clearFlags();
        assertResult("4002:9000000000000000", Transcendental.yLog2X(of(8), of(3), env), FpFlags.PE);
        env.clearFlags();
        assertResult("ffff:8000000000000000", Transcendental.yLog2X(ZERO, of(1.5), env), FpFlags.ZE);
        env.clearFlags();
        assertResult("ffff:c000000000000000", Transcendental.yLog2X(of(-2), ONE, env), FpFlags.IE);
        env.clearFlags();
        assertResult("8000:0000000000000000", Transcendental.yLog2X(ONE, of(-7), env), 0);
        assertResult("3ffe:a4d3c25e68dc57f2", Transcendental.yLog2XPlusOne(of(0.25), of(2), env), FpFlags.PE);
        env.clearFlags();
        assertResult("8000:0000000000000000", Transcendental.yLog2XPlusOne(NEGATIVE_ZERO, of(5), env), 0);
    }

    @Test
    void remaindersReportTheLowQuotientBits() {
        PartialRemainder r = Remainder.truncating(of(11), of(3), env);
        assertEquals(of(2), r.remainder());
        assertEquals(ConditionCodes.C3 | ConditionCodes.C1, r.conditionCodes(), "quotient 3");
        r = Remainder.nearest(of(11), of(3), env);
        assertEquals(of(-1), r.remainder());
        assertEquals(ConditionCodes.C0, r.conditionCodes(), "quotient 4");
        r = Remainder.nearest(of(-7.5), of(3), env);
        assertEquals(of(-1.5), r.remainder(), "a tie goes to the even quotient, 2");
        assertEquals(ConditionCodes.C3, r.conditionCodes());
        r = Remainder.truncating(NEGATIVE_ZERO, of(3), env);
        assertEquals(NEGATIVE_ZERO, r.remainder());
        assertEquals(0, env.flags());
        r = Remainder.truncating(INFINITY, of(3), env);
        assertEquals(Float80.INDEFINITE, r.remainder());
        assertEquals(FpFlags.IE, env.flags());
    }

    @Test
    void partialRemaindersLoopToTheExactRemainder() {
        Float80 value = f("4063:8000000000000000"); // 2^100
        Float80 three = of(3);
        int rounds = 0;
        PartialRemainder r;
        do {
            r = Remainder.truncating(value, three, env);
            assertTrue(r.conditionCodes() == ConditionCodes.C2 || (r.conditionCodes() & ConditionCodes.C2) == 0);
            value = r.remainder();
            rounds++;
        } while ((r.conditionCodes() & ConditionCodes.C2) != 0);
        assertEquals(of(1), value, "2^100 mod 3");
        assertEquals(2, rounds, "exponent gap 99, cut to 64 (the remainder is 2^64, a gap of 63), then done");
        assertEquals(0, env.flags());
    }

    @Test
    void scaleTruncatesTheFactor() {
        assertResult("4002:c000000000000000", Scaling.scale(of(1.5), of(3.7), env), 0);
        assertResult("3ffd:c000000000000000", Scaling.scale(of(1.5), of(-2.9), env), 0);
        assertResult("7fff:8000000000000000", Scaling.scale(ONE, of(1L << 40), env), FpFlags.OE | FpFlags.PE);
        env.clearFlags();
        assertResult("ffff:c000000000000000", Scaling.scale(ZERO, INFINITY, env), FpFlags.IE);
        env.clearFlags();
        assertResult("8000:0000000000000000", Scaling.scale(of(-4), NEGATIVE_INFINITY, env), 0);
    }

    @Test
    void extractSplitsExponentAndSignificand() {
        Extracted e = Scaling.extract(of(-12), env);
        assertEquals(of(3), e.exponent());
        assertEquals(of(-1.5), e.significand());
        e = Scaling.extract(f("0000:0000000000000001"), env);
        assertEquals(of(-16445), e.exponent());
        assertEquals(ONE, e.significand());
        assertEquals(FpFlags.DE, env.flags());
        env.clearFlags();
        e = Scaling.extract(NEGATIVE_ZERO, env);
        assertEquals(NEGATIVE_INFINITY, e.exponent());
        assertEquals(NEGATIVE_ZERO, e.significand());
        assertEquals(FpFlags.ZE, env.flags());
    }
}

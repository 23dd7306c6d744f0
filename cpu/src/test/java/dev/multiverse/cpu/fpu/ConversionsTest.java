package dev.multiverse.cpu.fpu;

import org.junit.jupiter.api.Test;

import static dev.multiverse.cpu.fpu.FpFlags.DE;
import static dev.multiverse.cpu.fpu.FpFlags.IE;
import static dev.multiverse.cpu.fpu.FpFlags.OE;
import static dev.multiverse.cpu.fpu.FpFlags.PE;
import static dev.multiverse.cpu.fpu.FpFlags.UE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConversionsTest {
    private static FpEnv x87(int fcw) {
        FpEnv env = new FpEnv(FpEnv.Unit.X87);
        env.setControlWord(fcw);
        return env;
    }

    private static FpEnv sse(int mxcsr) {
        FpEnv env = new FpEnv(FpEnv.Unit.SSE);
        env.setMxcsr(mxcsr);
        return env;
    }

    @Test
    void floatToIntegerRoundsOrTruncates() {
        long twoAndHalf = Double.doubleToRawLongBits(2.5);
        long minusTwoAndHalf = Double.doubleToRawLongBits(-2.5);
        assertEquals(2, Conversions.float64ToInt(twoAndHalf, 32, false, sse(0x1f80)));
        assertEquals(3, Conversions.float64ToInt(twoAndHalf, 32, false, sse(0x1f80 | Rounding.UP << 13)));
        assertEquals(-3, Conversions.float64ToInt(minusTwoAndHalf, 64, false, sse(0x1f80 | Rounding.DOWN << 13)));
        FpEnv env = sse(0x1f80 | Rounding.UP << 13);
        assertEquals(-2, Conversions.float64ToInt(minusTwoAndHalf, 32, true, env), "CVTT truncates whatever RC says");
        assertEquals(PE, env.flags());
    }

    @Test
    void invalidConversionsGiveTheIntegerIndefinite() {
        FpEnv env = sse(0x1f80);
        assertEquals(Integer.MIN_VALUE, Conversions.float32ToInt(0x7fc0_0000, 32, false, env));
        assertEquals(Long.MIN_VALUE, Conversions.float64ToInt(Double.doubleToRawLongBits(0x1p63), 64, true, env));
        assertEquals(Integer.MIN_VALUE, Conversions.float64ToInt(Double.doubleToRawLongBits(2147483647.5), 32, false, env),
                "rounds to 2^31, out of range");
        assertEquals(IE, env.flags());
        env.clearFlags();
        assertEquals(Integer.MIN_VALUE, Conversions.float64ToInt(Double.doubleToRawLongBits(-2147483648.0), 32, false, env));
        assertEquals(Long.MIN_VALUE, Conversions.float64ToInt(Double.doubleToRawLongBits(-0x1p63), 64, false, env));
        assertEquals(0, env.flags(), "-2^(n-1) itself fits");
        FpEnv x87 = x87(0x037f);
        assertEquals(-32768, Conversions.float80ToInt(new Float80(0x400e, 1L << 63), 16, false, x87), "FIST m16 of 32768");
        assertEquals(IE, x87.flags());
    }

    @Test
    void integersConvertExactlyToExtendedAndRoundToNarrowerFormats() {
        assertEquals(new Float80(0xc03e, 1L << 63), Conversions.intTo80(Long.MIN_VALUE));
        assertEquals(new Float80(0, 0), Conversions.intTo80(0));
        FpEnv env = sse(0x1f80);
        assertEquals(0x4b80_0000, Conversions.intTo32((1 << 24) + 1, env), "2^24 + 1 ties to even");
        assertEquals(PE, env.flags());
        assertEquals(Double.doubleToRawLongBits(-3.0), Conversions.intTo64(-3, sse(0x1f80)));
    }

    @Test
    void loadsQuietSignallingNaNsAndReportDenormals() {
        FpEnv env = x87(0x037f);
        assertEquals(new Float80(0x7fff, 0xc000_0100_0000_0000L), Conversions.float32To80(0x7f80_0001, env));
        assertEquals(IE, env.flags());
        env = x87(0x037f & ~DE);
        assertEquals(new Float80(0x3fff - 149, 1L << 63), Conversions.float32To80(1, env), "loaded even with DE unmasked");
        assertEquals(DE, env.flags());
    }

    @Test
    void narrowingTruncatesNaNPayloadsAndRounds() {
        FpEnv env = x87(0x037f);
        assertEquals(0xffc0_0000, Conversions.float80To32(new Float80(0xffff, 0xc000_0000_0000_0fffL), env));
        assertEquals(0, env.flags());
        assertEquals(0xffc0_0000, Conversions.float80To32(new Float80(0x3fff, 0), env), "an unnormal is invalid");
        assertEquals(IE, env.flags());
        env = sse(0x1f80);
        assertEquals(0x3eaa_aaab, Conversions.float64To32(Double.doubleToRawLongBits(1.0 / 3), env));
        assertEquals(PE, env.flags());
    }

    @Test
    void anX87StoreThatOverflowsUnmaskedStoresNothingAndReportsOnlyTheOverflow() {
        FpEnv env = x87(0x037f & ~OE);
        Conversions.float80To64(new Float80(0x7ffe, 0xc000_0000_0000_0001L), env);
        assertEquals(OE, env.flags());
        assertFalse(env.roundedUp());
        env = x87(0x037f);
        assertEquals(0x7ff0_0000_0000_0000L, Conversions.float80To64(new Float80(0x7ffe, 0xc000_0000_0000_0001L), env));
        assertEquals(OE | PE, env.flags());
        assertTrue(env.roundedUp());
    }

    @Test
    void narrowingHonoursFlushToZeroAndDenormalsAreZero() {
        long tiny = Double.doubleToRawLongBits(0x1p-140);
        FpEnv env = sse(0x1f80);
        assertEquals(0x0000_0200, Conversions.float64To32(tiny, env), "exact denormal");
        assertEquals(0, env.flags());
        env = sse(0x9f80);
        assertEquals(0, Conversions.float64To32(tiny, env));
        assertEquals(UE | PE, env.flags());
        env = sse(0x1fc0);
        assertEquals(Long.MIN_VALUE, Conversions.float32To64(0x8000_0001, env));
        assertEquals(0, env.flags());
    }
}

package dev.multiverse.cpu.fpu;

import org.junit.jupiter.api.Test;

import static dev.multiverse.cpu.fpu.Comparison.EQUAL;
import static dev.multiverse.cpu.fpu.Comparison.GREATER;
import static dev.multiverse.cpu.fpu.Comparison.LESS;
import static dev.multiverse.cpu.fpu.Comparison.UNORDERED;
import static dev.multiverse.cpu.fpu.FpFlags.DE;
import static dev.multiverse.cpu.fpu.FpFlags.IE;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ComparisonTest {
    private static final int QNAN = 0x7fc0_0000;
    private static final int SNAN = 0x7f80_0001;

    private static FpEnv sse(int mxcsr) {
        FpEnv env = new FpEnv(FpEnv.Unit.SSE);
        env.setMxcsr(mxcsr);
        return env;
    }

    @Test
    void orders() {
        FpEnv env = sse(0x1f80);
        assertEquals(EQUAL, Comparison.compare32(0x8000_0000, 0, false, env), "-0 == +0");
        assertEquals(LESS, Comparison.compare32(0xff80_0000, 0xff7f_ffff, false, env));
        assertEquals(GREATER, Comparison.compare32(0x3f80_0000, 0xbf80_0000, false, env));
        assertEquals(LESS, Comparison.compare64(Double.doubleToRawLongBits(-2), Double.doubleToRawLongBits(-1), true, env));
        assertEquals(0, env.flags());
    }

    @Test
    void quietComparesRaiseInvalidOnlyForSignallingNaNs() {
        FpEnv env = sse(0x1f80);
        assertEquals(UNORDERED, Comparison.compare32(QNAN, 0, false, env));
        assertEquals(0, env.flags());
        assertEquals(UNORDERED, Comparison.compare32(0, SNAN, false, env));
        assertEquals(IE, env.flags());
        env.clearFlags();
        assertEquals(UNORDERED, Comparison.compare32(QNAN, 0, true, env));
        assertEquals(IE, env.flags());
    }

    @Test
    void unsupportedEncodingsAreAlwaysInvalid() {
        FpEnv env = new FpEnv(FpEnv.Unit.X87);
        assertEquals(UNORDERED, Comparison.compare80(new Float80(0x3fff, 0x4000_0000_0000_0000L), new Float80(0, 0), false, env));
        assertEquals(IE, env.flags());
    }

    @Test
    void denormalsRaiseDeUnlessTreatedAsZero() {
        FpEnv env = sse(0x1f80);
        assertEquals(GREATER, Comparison.compare32(1, 0, false, env));
        assertEquals(DE, env.flags());
        env = sse(0x1fc0);
        assertEquals(EQUAL, Comparison.compare32(1, 0, false, env));
        assertEquals(0, env.flags());
        env = new FpEnv(FpEnv.Unit.X87);
        assertEquals(LESS, Comparison.compare80m32(new Float80(0, 0), 1, true, env), "FCOM m32 with a denormal m32");
        assertEquals(DE, env.flags());
    }
}

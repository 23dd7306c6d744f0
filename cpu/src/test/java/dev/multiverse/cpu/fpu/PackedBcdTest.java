package dev.multiverse.cpu.fpu;

import org.junit.jupiter.api.Test;

import static dev.multiverse.cpu.fpu.FpFlags.IE;
import static dev.multiverse.cpu.fpu.FpFlags.PE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackedBcdTest {
    @Test
    void loadsDigitsAndSign() {
        assertEquals(Conversions.intTo80(-123), new PackedBcd(0x123, 0x8000).toFloat80());
        assertEquals(Conversions.intTo80(999_999_999_999_999_999L), new PackedBcd(0x9999_9999_9999_9999L, 0x99).toFloat80());
        assertEquals(new Float80(0x8000, 0), new PackedBcd(0, 0x8000).toFloat80(), "negative zero");
    }

    @Test
    void storesRoundedIntegers() {
        FpEnv env = new FpEnv(FpEnv.Unit.X87);
        env.setControlWord(0x037f);
        Float80 oneTwoThreeAndHalf = new Float80(0x4005, 0xf700_0000_0000_0000L); // 123.5
        assertEquals(new PackedBcd(0x124, 0), PackedBcd.fromFloat80(oneTwoThreeAndHalf, env), "ties to even");
        assertEquals(PE, env.flags());
        assertTrue(env.roundedUp());
    }

    @Test
    void storesTheIndefiniteForWhatDoesNotFit() {
        FpEnv env = new FpEnv(FpEnv.Unit.X87);
        assertEquals(PackedBcd.INDEFINITE, PackedBcd.fromFloat80(Conversions.intTo80(1_000_000_000_000_000_000L), env));
        assertEquals(PackedBcd.INDEFINITE, PackedBcd.fromFloat80(Float80.INDEFINITE, env));
        assertEquals(IE, env.flags());
    }
}

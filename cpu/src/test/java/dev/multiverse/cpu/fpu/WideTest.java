package dev.multiverse.cpu.fpu;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WideTest {
    private static BigInteger unsigned(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    private static BigInteger wide(long hi, long lo) {
        return unsigned(hi).shiftLeft(64).or(unsigned(lo));
    }

    @Test
    void divisionAgreesWithBigInteger() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 100_000; i++) {
            long d = i % 3 == 0 ? Long.MIN_VALUE | r.nextInt(16) | (long) r.nextInt(16) << 32 : r.nextLong() | Long.MIN_VALUE;
            long hi = r.nextInt(4) == 0 ? d - 1 - r.nextInt(4) : Long.remainderUnsigned(r.nextLong(), d);
            long lo = r.nextInt(4) == 0 ? -1L : r.nextLong();
            BigInteger[] expected = wide(hi, lo).divideAndRemainder(unsigned(d));
            long q = Wide.divide(hi, lo, d);
            assertEquals(expected[0], unsigned(q), () -> Long.toHexString(hi) + ":" + Long.toHexString(lo) + " / " + Long.toHexString(d));
            assertEquals(expected[1], unsigned(lo - q * d));
        }
    }

    @Test
    void squareRootAgreesWithBigInteger() {
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 100_000; i++) {
            long hi = i % 5 == 0 ? -1L - r.nextInt(3) : r.nextLong() >>> r.nextInt(2) | 1L << 62;
            long lo = i % 7 == 0 ? -1L : r.nextLong();
            BigInteger n = wide(hi, lo);
            assertEquals(n.sqrt(), unsigned(Wide.sqrt(hi, lo)), n::toString);
        }
    }
}

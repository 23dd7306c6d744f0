package dev.multiverse.cpu.fpu;

import java.math.BigInteger;

/**
 * The power series the transcendental functions are built from, summed in fixed point and returned as
 * {@link Enclosure}s whose width covers every truncation and the spread of the argument. Each series is
 * the "tail" of its function, f(r) = r + r^3 * tail(r^2) and the like, so that a tiny argument keeps the
 * sign of its correction. Every series here has terms that shrink at least geometrically, and derivatives
 * below 1 on the arguments it is used with (|r| <= pi/4, |t| <= 1/8, |s| < 0.18, |y| < 0.7), so the
 * argument's width adds at most itself to the error.
 */
final class Series {
    /** ln 2 as last computed, with the precision it was computed to (replaced whole, so threads agree). */
    private record Constant(Enclosure value, int bits) {
    }

    private static volatile Constant ln2 = new Constant(Enclosure.exact(0, 0), 0);

    private Series() {
    }

    /** (r - sin r) / r^3 = 1/3! - z/5! + z^2/7! - ..., at z = r^2. */
    static Enclosure sineTail(Enclosure z, int bits) {
        return sine(z, bits, false);
    }

    /** (sin r - r cos r) / r^3 = 2/3! - 4z/5! + 6z^2/7! - ..., at z = r^2: tan r = r + r^3 * this / cos r. */
    static Enclosure tangentNumeratorTail(Enclosure z, int bits) {
        return sine(z, bits, true);
    }

    private static Enclosure sine(Enclosure z, int bits, boolean weighted) {
        int f = bits + 8;
        BigInteger x = z.fixedPoint(f);
        BigInteger term = BigInteger.ONE.shiftLeft(f).divide(BigInteger.valueOf(6));
        BigInteger sum = BigInteger.ZERO;
        int steps = 0;
        for (int j = 0; term.signum() != 0; j++) {
            BigInteger weightedTerm = weighted ? term.multiply(BigInteger.valueOf(2L * j + 2)) : term;
            sum = (j & 1) == 0 ? sum.add(weightedTerm) : sum.subtract(weightedTerm);
            term = term.multiply(x).shiftRight(f).divide(BigInteger.valueOf((2L * j + 4) * (2L * j + 5)));
            steps += weighted ? 4 * j + 8 : 2; // a weight multiplies the term's error, and the tail's
        }
        return bounded(sum, steps, z, f);
    }

    /** (1 - cos r) / r^2 = 1/2! - z/4! + z^2/6! - ..., at z = r^2. */
    static Enclosure cosineTail(Enclosure z, int bits) {
        int f = bits + 8;
        BigInteger x = z.fixedPoint(f);
        BigInteger term = BigInteger.ONE.shiftLeft(f - 1);
        BigInteger sum = BigInteger.ZERO;
        int steps = 0;
        for (int j = 0; term.signum() != 0; j++) {
            sum = (j & 1) == 0 ? sum.add(term) : sum.subtract(term);
            term = term.multiply(x).shiftRight(f).divide(BigInteger.valueOf((2L * j + 3) * (2L * j + 4)));
            steps += 2;
        }
        return bounded(sum, steps, z, f);
    }

    /** (t - atan t) / t^3 = 1/3 - z/5 + z^2/7 - ..., at z = t^2. */
    static Enclosure arctangentTail(Enclosure z, int bits) {
        return oddPowers(z, bits, true);
    }

    /** (atanh s - s) / s^3 = 1/3 + z/5 + z^2/7 + ..., at z = s^2. */
    static Enclosure hyperbolicArctangentTail(Enclosure z, int bits) {
        return oddPowers(z, bits, false);
    }

    private static Enclosure oddPowers(Enclosure z, int bits, boolean alternating) {
        int f = bits + 8;
        BigInteger x = z.fixedPoint(f);
        BigInteger power = BigInteger.ONE.shiftLeft(f);
        BigInteger sum = BigInteger.ZERO;
        int steps = 0;
        for (int j = 0; power.signum() != 0; j++) {
            BigInteger term = power.divide(BigInteger.valueOf(2L * j + 3));
            sum = alternating && (j & 1) != 0 ? sum.subtract(term) : sum.add(term);
            power = power.multiply(x).shiftRight(f);
            steps += 2;
        }
        return bounded(sum, steps, z, f);
    }

    /** (e^y - 1 - y) / y^2 = 1/2! + y/3! + y^2/4! + ..., for |y| < 0.7. */
    static Enclosure exponentialTail(Enclosure y, int bits) {
        int f = bits + 8;
        BigInteger x = y.fixedPoint(f);
        BigInteger term = BigInteger.ONE.shiftLeft(f - 1);
        BigInteger sum = BigInteger.ZERO;
        int steps = 0;
        for (int j = 0; term.signum() != 0; j++) {
            sum = sum.add(term);
            term = term.multiply(x).shiftRight(f).divide(BigInteger.valueOf(j + 3));
            steps += 2;
        }
        return bounded(sum, steps, y, f);
    }

    /**
     * A fixed-point sum enclosed: each step of the sum truncated by less than a unit, the terms left out
     * add less than the last one kept (a unit), and the argument's spread moves the sum by at most itself.
     */
    private static Enclosure bounded(BigInteger sum, int steps, Enclosure argument, int f) {
        BigInteger error = BigInteger.valueOf(steps + 4).add(argument.width(f));
        return new Enclosure(sum.subtract(error), sum.add(error), -f);
    }

    /** ln 2 = 2 atanh(1/3), to about {@code bits} bits. */
    static Enclosure ln2(int bits) {
        Constant known = ln2;
        if (known.bits() < bits) {
            int work = bits + 16;
            Enclosure third = Enclosure.ONE.divide(Enclosure.exact(3, 0), work);
            Enclosure cube = third.multiply(third, work).multiply(third, work);
            Enclosure tail = hyperbolicArctangentTail(third.multiply(third, work), work);
            known = new Constant(third.add(cube.multiply(tail, work), work).scale(1), bits);
            ln2 = known;
        }
        return known.value().trim(bits);
    }
}

package dev.multiverse.cpu.fpu;

import java.math.BigInteger;

/**
 * A real number known to lie strictly between {@code lo * 2^exp} and {@code hi * 2^exp}, or to be exactly
 * {@code lo * 2^exp} when {@code lo == hi}: interval arithmetic in binary, with every bound rounded outward,
 * so that a transcendental result can be proven to round one way before it is delivered. Open bounds stay
 * strict through every operation, which keeps "just below x" apart from x itself however far below it is
 * (sin x for tiny x).
 */
record Enclosure(BigInteger lo, BigInteger hi, int exp) {
    static final Enclosure ONE = exact(BigInteger.ONE, 0);

    static Enclosure exact(BigInteger m, int exp) {
        return new Enclosure(m, m, exp);
    }

    static Enclosure exact(long m, int exp) {
        return exact(BigInteger.valueOf(m), exp);
    }

    /** A finite unpacked operand, exactly. */
    static Enclosure of(Unpacked v) {
        BigInteger m = unsigned(v.significand);
        return exact(v.negative ? m.negate() : m, v.exponent - 63);
    }

    static BigInteger unsigned(long bits) {
        BigInteger m = BigInteger.valueOf(bits & Long.MAX_VALUE);
        return bits < 0 ? m.setBit(63) : m;
    }

    boolean isZero() {
        return lo.signum() == 0 && hi.signum() == 0;
    }

    boolean isExact() {
        return lo.equals(hi);
    }

    /** +1 or -1 when every value in the enclosure has that sign, 0 when it holds zero or values of both signs. */
    int sign() {
        if (lo.signum() > 0 || (lo.signum() == 0 && !isExact())) return 1;
        if (hi.signum() < 0 || (hi.signum() == 0 && !isExact())) return -1;
        return 0;
    }

    Enclosure negate() {
        return new Enclosure(hi.negate(), lo.negate(), exp);
    }

    Enclosure abs() {
        return sign() < 0 ? negate() : this;
    }

    Enclosure scale(int powerOfTwo) {
        return new Enclosure(lo, hi, exp + powerOfTwo);
    }

    /** The power of two just above every magnitude in the enclosure. */
    long magnitudeExponent() {
        return (long) exp + Math.max(lo.abs().bitLength(), hi.abs().bitLength());
    }

    /** The same enclosure with its unit coarsened to {@code 2^newExp} (bounds rounded outward); never finer. */
    Enclosure coarsen(int newExp) {
        int shift = newExp - exp;
        if (shift <= 0) return this;
        BigInteger l = lo.shiftRight(shift); // floor
        BigInteger h = hi.negate().shiftRight(shift).negate(); // ceiling
        return new Enclosure(l, h, newExp);
    }

    /** Coarsened so that the larger bound has at most {@code bits} bits. */
    Enclosure trim(int bits) {
        int length = Math.max(lo.abs().bitLength(), hi.abs().bitLength());
        return length > bits ? coarsen(exp + length - bits) : this;
    }

    private Enclosure refine(int newExp) {
        int shift = exp - newExp;
        return new Enclosure(lo.shiftLeft(shift), hi.shiftLeft(shift), newExp);
    }

    /**
     * The sum, to about {@code bits} bits. An addend far below the other is first coarsened to a unit about
     * {@code bits} bits under the other's magnitude, so the work stays bounded however wide the exponents
     * are apart; coarsening keeps the bounds strict, so the sum still tells which side of the larger
     * addend it lies on.
     */
    Enclosure add(Enclosure o, int bits) {
        if (o.isZero()) return trim(bits);
        if (isZero()) return o.trim(bits);
        long floor = Math.max(magnitudeExponent(), o.magnitudeExponent()) - bits - 2;
        Enclosure a = exp < floor ? coarsen((int) floor) : this;
        Enclosure b = o.exp < floor ? o.coarsen((int) floor) : o;
        int unit = Math.min(a.exp, b.exp);
        a = a.refine(unit);
        b = b.refine(unit);
        return new Enclosure(a.lo.add(b.lo), a.hi.add(b.hi), unit).trim(bits);
    }

    Enclosure subtract(Enclosure o, int bits) {
        return add(o.negate(), bits);
    }

    Enclosure multiply(Enclosure o, int bits) {
        BigInteger a = lo.multiply(o.lo);
        if (isExact() && o.isExact()) return new Enclosure(a, a, exp + o.exp).trim(bits);
        BigInteger b = lo.multiply(o.hi);
        BigInteger c = hi.multiply(o.lo);
        BigInteger d = hi.multiply(o.hi);
        return new Enclosure(a.min(b).min(c.min(d)), a.max(b).max(c.max(d)), exp + o.exp).trim(bits);
    }

    /** The quotient to about {@code bits} bits; the divisor must exclude zero ({@link #sign()} nonzero). */
    Enclosure divide(Enclosure o, int bits) {
        int shift = Math.max(0, bits + 2 + Math.max(o.lo.abs().bitLength(), o.hi.abs().bitLength())
                - Math.min(lo.abs().bitLength(), hi.abs().bitLength()));
        BigInteger l = BigInteger.ZERO;
        BigInteger h = BigInteger.ZERO;
        boolean first = true;
        boolean exactQuotient = isExact() && o.isExact();
        for (BigInteger n : new BigInteger[] {lo, hi}) {
            for (BigInteger d : new BigInteger[] {o.lo, o.hi}) {
                BigInteger[] qr = n.shiftLeft(shift).divideAndRemainder(d);
                BigInteger q = qr[0];
                // BigInteger division truncates: floor and ceiling from the remainder's sign
                boolean negative = n.signum() * d.signum() < 0;
                BigInteger floor = qr[1].signum() != 0 && negative ? q.subtract(BigInteger.ONE) : q;
                BigInteger ceiling = qr[1].signum() != 0 && !negative ? q.add(BigInteger.ONE) : q;
                if (qr[1].signum() != 0) exactQuotient = false;
                l = first ? floor : l.min(floor);
                h = first ? ceiling : h.max(ceiling);
                first = false;
            }
        }
        Enclosure q = new Enclosure(l, h, exp - o.exp - shift);
        return exactQuotient ? exact(l, q.exp).trim(bits) : q.trim(bits);
    }

    /** The square root to about {@code bits} bits of a nonnegative enclosure. */
    Enclosure sqrt(int bits) {
        int shift = Math.max(0, 2 * bits + 4 - lo.bitLength());
        if (((exp - shift) & 1) != 0) shift++;
        BigInteger l = lo.shiftLeft(shift);
        BigInteger h = hi.shiftLeft(shift);
        BigInteger rootLo = l.sqrt();
        BigInteger rootHi = h.sqrt();
        int newExp = (exp - shift) / 2;
        if (isExact() && rootLo.multiply(rootLo).equals(l)) return exact(rootLo, newExp).trim(bits);
        if (!rootHi.multiply(rootHi).equals(h)) rootHi = rootHi.add(BigInteger.ONE);
        return new Enclosure(rootLo, rootHi, newExp).trim(bits);
    }

    /** A fixed-point value with {@code fraction} fraction bits inside the enclosure (its lower bound, floored). */
    BigInteger fixedPoint(int fraction) {
        int shift = exp + fraction;
        return shift >= 0 ? lo.shiftLeft(shift) : lo.shiftRight(-shift);
    }

    /** How many units of {@code 2^-fraction} the enclosure is wide, rounded up. */
    BigInteger width(int fraction) {
        BigInteger w = hi.subtract(lo);
        int shift = exp + fraction;
        return shift >= 0 ? w.shiftLeft(shift) : w.negate().shiftRight(-shift).negate();
    }
}

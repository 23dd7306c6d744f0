package dev.multiverse.cpu.fpu;

import java.math.BigInteger;
import java.util.function.IntFunction;

import static dev.multiverse.cpu.fpu.FpFlags.PE;
import static dev.multiverse.cpu.fpu.FpFlags.UE;
import static dev.multiverse.cpu.fpu.FpFlags.ZE;
import static dev.multiverse.cpu.fpu.Unpacked.INFINITY;
import static dev.multiverse.cpu.fpu.Unpacked.INTEGER_BIT;
import static dev.multiverse.cpu.fpu.Unpacked.NAN;
import static dev.multiverse.cpu.fpu.Unpacked.ZERO;

/**
 * The x87 transcendental instructions FSIN, FCOS, FSINCOS, FPTAN, FPATAN, F2XM1, FYL2X and FYL2XP1.
 *
 * <p>The hardware evaluates each with microcode polynomials that are within 1 ulp but not always correctly
 * rounded, and the polynomials are not documented. These functions round the exact value of what the
 * hardware approximates, correctly (in the environment's rounding mode; precision control does not apply),
 * and agree with the host bit for bit on the great majority of operands (TranscendentalHostTest measures
 * how many, and bounds the rest by 1 ulp). What the hardware approximates, as measured on the host:
 * <ul>
 * <li>FSIN, FCOS, FSINCOS, FPTAN reduce the argument exactly by multiples of p/2, where p is the x87's
 * 66-bit pi (0.C90FDAA22168C234C hex times 4, Intel SDM vol. 1, 8.3.8), to r in [-p/4, p/4], and take the
 * sine, cosine or tangent of r: so for large arguments they follow sin(x * pi / p), not sin(x). Below
 * 2^-68 they return x (FSIN, FPTAN) or 1 (FCOS), with PE and C1 clear whatever the rounding mode; from
 * 2^-68 to 2^-33 FPTAN's result lies just short of x (as the sine's does, though tan x exceeds x), or is x
 * itself with PE and C1 clear when x is a power of two. From 2^63 up the instruction sets C2 and leaves ST0
 * alone: see {@link #outOfRange}.</li>
 * <li>FPATAN's quadrant offsets are multiples of p/2.</li>
 * <li>F2XM1 is 2^x - 1 on [-1, 1]; at x = -1 and 1, and for |x| > 1 (the SDM leaves it undefined), the
 * host returns 2^x - 1 or x itself, with PE and C1 clear.</li>
 * <li>FYL2X multiplies y by log2(x) truncated to 67 significant bits and rounds that product, reporting it
 * inexact (PE, and UE when tiny) even when it is not.</li>
 * <li>FYL2XP1 does the same with log2(1 + x), for any x > -1 (the SDM defines it for |x| < 1 - sqrt(2)/2).</li>
 * </ul>
 * Every function follows the x87's NaN rules, raises IE for invalid operands (unsupported encodings among
 * them), DE for a denormal operand (and then stops when DE is unmasked, leaving nothing to deliver), and
 * OE, UE and PE from its rounding; C1 is {@link FpEnv#roundedUp()}.
 */
public final class Transcendental {
    /** p, the x87's pi: 0xC90FDAA22168C234C * 2^-66. */
    private static final BigInteger P = new BigInteger("c90fdaa22168c234c", 16);
    private static final int P_EXPONENT = -66;
    /** Below 2^-68 the trigonometric instructions stop computing. */
    private static final int TINY_EXPONENT = -68;
    /** Below 2^-33 FPTAN's result falls short of x, as the sine's does, instead of exceeding it. */
    private static final int SMALL_TANGENT_EXPONENT = -33;
    /** log2(x) is truncated to this many bits before FYL2X and FYL2XP1 multiply it by y. */
    private static final int LOG2_BITS = 67;
    private static final int FIRST_BITS = 192;
    /** Where the search for a decisive enclosure gives up; no operand needs more than a few hundred bits. */
    private static final int LAST_BITS = 1 << 12;

    private static final int SINE = 0;
    private static final int COSINE = 1;
    private static final int TANGENT = 2;

    private Transcendental() {
    }

    /**
     * Whether FSIN, FCOS, FSINCOS or FPTAN refuse the operand as out of range: a supported finite value of
     * magnitude 2^63 or more. The instruction then sets C2, raises nothing and leaves the stack as it was
     * (FSINCOS and FPTAN push nothing); otherwise it clears C2.
     */
    public static boolean outOfRange(Float80 x) {
        return x.exponent() != 0x7fff && x.exponent() >= 16383 + 63 && x.significand() < 0;
    }

    /** FSIN. An operand that is {@link #outOfRange} comes back unchanged, raising nothing. */
    public static Float80 sin(Float80 x, FpEnv env) {
        trigonometric(x, SINE, env);
        return env.r.toExtended();
    }

    /** FCOS. An operand that is {@link #outOfRange} comes back unchanged, raising nothing. */
    public static Float80 cos(Float80 x, FpEnv env) {
        trigonometric(x, COSINE, env);
        return env.r.toExtended();
    }

    /**
     * FSINCOS: the sine and cosine of ST0, with the union of their exceptions and C1 from the cosine's
     * rounding. An operand that is {@link #outOfRange} comes back as both, raising nothing.
     */
    public static SineCosine sinCos(Float80 x, FpEnv env) {
        trigonometric(x, SINE, env);
        Float80 sine = env.r.toExtended();
        trigonometric(x, COSINE, env);
        return new SineCosine(sine, env.r.toExtended());
    }

    /**
     * FPTAN: the tangent of ST0 and the value pushed after it (1.0, or the NaN result again). An operand
     * that is {@link #outOfRange} comes back as both, raising nothing.
     */
    public static PartialTangent partialTangent(Float80 x, FpEnv env) {
        trigonometric(x, TANGENT, env);
        Float80 tangent = env.r.toExtended();
        return new PartialTangent(tangent, env.r.kind == NAN || outOfRange(x) ? tangent : new Float80(0x3fff, INTEGER_BIT));
    }

    /** FPATAN: the angle of the point (ST0, ST1) = (x, y), in (-p, p]; the instruction stores it in ST1 and pops. */
    public static Float80 partialArctangent(Float80 st0, Float80 st1, FpEnv env) {
        Unpacked x = env.a.setExtended(st0);
        Unpacked y = env.b.setExtended(st1);
        Unpacked r = env.r;
        env.roundedUp = false;
        if (Nans.propagate(x, y, env) || Arithmetic.denormalTrap(x, y, env)) return r.toExtended();
        boolean negative = y.negative;
        if (y.kind == ZERO || (x.kind == INFINITY && y.kind != INFINITY)) {
            if (x.negative) roundExact(pi(1, 1), negative, env);
            else r.setZero(negative);
        } else if (x.kind == ZERO || y.kind == INFINITY && x.kind != INFINITY) {
            roundExact(pi(1, 2), negative, env);
        } else if (x.kind == INFINITY) {
            roundExact(pi(x.negative ? 3 : 1, 4), negative, env);
        } else {
            Enclosure ax = Enclosure.of(x).abs();
            Enclosure ay = Enclosure.of(y).abs();
            boolean steep = x.exponent != y.exponent ? y.exponent > x.exponent
                    : Long.compareUnsigned(y.significand, x.significand) > 0;
            boolean left = x.negative;
            round(bits -> {
                Enclosure angle = steep
                        ? pi(1, 2).subtract(arctangent(ax.divide(ay, bits), bits), bits)
                        : arctangent(ay.divide(ax, bits), bits);
                if (left) angle = pi(1, 1).subtract(angle, bits);
                return negative ? angle.negate() : angle;
            }, env);
        }
        return r.toExtended();
    }

    /** F2XM1: 2^x - 1. */
    public static Float80 twoToXMinusOne(Float80 st0, FpEnv env) {
        Unpacked x = env.a.setExtended(st0);
        Unpacked r = env.r;
        env.roundedUp = false;
        if (Nans.propagate(x, env) || Arithmetic.denormalTrap(x, x, env)) return r.toExtended();
        if (x.kind == INFINITY) {
            if (x.negative) r.setFinite(true, 0, INTEGER_BIT);
            else r.set(x);
        } else if (x.kind == ZERO) {
            r.set(x);
        } else if (x.exponent == 0 && x.significand == INTEGER_BIT) {
            r.setFinite(x.negative, x.negative ? -1 : 0, INTEGER_BIT);
            truncateInexact(env);
        } else if (x.exponent >= 0) {
            r.set(x);
            truncateInexact(env);
        } else {
            Enclosure power = Enclosure.of(x);
            round(bits -> {
                Enclosure y = power.multiply(Series.ln2(bits), bits);
                Enclosure square = y.multiply(y, bits);
                return y.add(square.multiply(Series.exponentialTail(y, bits), bits), bits);
            }, env);
        }
        return r.toExtended();
    }

    /** FYL2X: ST1 * log2(ST0), which the instruction stores in ST1 before popping. */
    public static Float80 yLog2X(Float80 st0, Float80 st1, FpEnv env) {
        Unpacked x = env.a.setExtended(st0);
        Unpacked y = env.b.setExtended(st1);
        Unpacked r = env.r;
        env.roundedUp = false;
        if (Nans.propagate(x, y, env)) return r.toExtended();
        if (x.negative && x.kind != ZERO) {
            Nans.invalid(env);
            return r.toExtended();
        }
        if (Arithmetic.denormalTrap(x, y, env)) return r.toExtended();
        if (x.kind == ZERO) {
            // log2(0) = -infinity: y = 0 is 0 * infinity, a finite y divides by zero
            if (y.kind == ZERO) Nans.invalid(env);
            else {
                if (y.kind != INFINITY) env.flags |= ZE;
                r.setInfinity(!y.negative);
            }
        } else if (x.kind == INFINITY) {
            if (y.kind == ZERO) Nans.invalid(env);
            else r.setInfinity(y.negative);
        } else if (x.exponent == 0 && x.significand == INTEGER_BIT) {
            // log2(1) = +0
            if (y.kind == INFINITY) Nans.invalid(env);
            else r.setZero(y.negative);
        } else if (y.kind == ZERO || y.kind == INFINITY) {
            boolean below1 = x.exponent < 0;
            if (y.kind == ZERO) r.setZero(y.negative != below1);
            else r.setInfinity(y.negative != below1);
        } else {
            BigInteger m = Enclosure.unsigned(x.significand);
            Enclosure log = x.significand == INTEGER_BIT ? truncatedPowerLog2(x.exponent)
                    : truncated(bits -> log2(m, x.exponent - 63, bits), LOG2_BITS);
            roundInexactly(Enclosure.of(y).multiply(log, Integer.MAX_VALUE), env);
        }
        return r.toExtended();
    }

    /** FYL2XP1: ST1 * log2(ST0 + 1), which the instruction stores in ST1 before popping. */
    public static Float80 yLog2XPlusOne(Float80 st0, Float80 st1, FpEnv env) {
        Unpacked x = env.a.setExtended(st0);
        Unpacked y = env.b.setExtended(st1);
        Unpacked r = env.r;
        env.roundedUp = false;
        if (Nans.propagate(x, y, env)) return r.toExtended();
        if (x.kind == INFINITY && x.negative) {
            Nans.invalid(env);
            return r.toExtended();
        }
        if (Arithmetic.denormalTrap(x, y, env)) return r.toExtended();
        boolean logNegative = x.negative;
        if (x.kind == ZERO) {
            if (y.kind == INFINITY) Nans.invalid(env);
            else r.setZero(y.negative != logNegative);
        } else if (x.kind == INFINITY) {
            if (y.kind == ZERO) Nans.invalid(env);
            else r.setInfinity(y.negative);
        } else if (y.kind == ZERO || y.kind == INFINITY) {
            if (y.kind == ZERO) r.setZero(y.negative != logNegative);
            else r.setInfinity(y.negative != logNegative);
        } else if (x.negative && x.exponent >= 0) {
            // at or below -1 the logarithm does not exist; the host hands back x
            r.set(x);
            truncateInexact(env);
        } else {
            Enclosure addend = Enclosure.of(x);
            Enclosure sum = Enclosure.ONE.add(addend, x.exponent >= -2 ? Integer.MAX_VALUE : FIRST_BITS);
            Enclosure log = sum.isExact() && sum.lo().bitCount() == 1 // 1 + x = 2^k
                    ? truncatedPowerLog2(sum.exp() + sum.lo().bitLength() - 1)
                    : truncated(bits -> log2OnePlus(addend, bits), LOG2_BITS);
            roundInexactly(Enclosure.of(y).multiply(log, Integer.MAX_VALUE), env);
        }
        return r.toExtended();
    }

    /** Computes FSIN, FCOS or FPTAN of x into {@code env.r}. */
    private static void trigonometric(Float80 operand, int function, FpEnv env) {
        Unpacked x = env.a.setExtended(operand);
        Unpacked r = env.r;
        env.roundedUp = false;
        if (Nans.propagate(x, env)) return;
        if (x.kind == INFINITY) {
            Nans.invalid(env);
            return;
        }
        if (Arithmetic.denormalTrap(x, x, env)) return;
        if (x.kind == ZERO) {
            if (function == COSINE) r.setFinite(false, 0, INTEGER_BIT);
            else r.set(x);
        } else if (x.exponent >= 63) {
            r.set(x);
        } else if (x.exponent < TINY_EXPONENT) {
            if (function == COSINE) r.setFinite(false, 0, INTEGER_BIT);
            else r.set(x);
            truncateInexact(env);
        } else if (function == TANGENT && x.exponent < SMALL_TANGENT_EXPONENT) {
            r.set(x);
            if (x.significand == INTEGER_BIT) truncateInexact(env);
            else roundJustShort(Enclosure.of(x), env);
        } else {
            BigInteger magnitude = Enclosure.unsigned(x.significand);
            boolean negative = x.negative;
            int exponent = x.exponent;
            round(bits -> trigonometric(magnitude, exponent, negative, function, bits), env);
        }
    }

    /**
     * The function of x = ±magnitude * 2^(exponent - 63): |x| = n * p/2 + r exactly, with n the nearest
     * integer, then the function of r by the quadrant n mod 4.
     */
    private static Enclosure trigonometric(BigInteger magnitude, int exponent, boolean negative, int function, int bits) {
        Enclosure r;
        int quadrant;
        if (exponent < -1) { // below p/4
            r = Enclosure.exact(magnitude, exponent - 63);
            quadrant = 0;
        } else {
            BigInteger[] qr = magnitude.shiftLeft(exponent + 4).divideAndRemainder(P); // units of 2^-67, p/2 = P
            BigInteger n = qr[0];
            BigInteger rest = qr[1];
            if (rest.shiftLeft(1).compareTo(P) > 0) {
                n = n.add(BigInteger.ONE);
                rest = rest.subtract(P);
            }
            r = Enclosure.exact(rest, -67);
            quadrant = n.intValue() & 3;
        }
        boolean odd = (quadrant & 1) != 0;
        return switch (function) {
            case SINE -> {
                Enclosure v = odd ? cosine(r, bits) : sine(r, bits);
                yield quadrant >= 2 != negative ? v.negate() : v;
            }
            case COSINE -> {
                Enclosure v = odd ? sine(r, bits) : cosine(r, bits);
                yield quadrant == 1 || quadrant == 2 ? v.negate() : v;
            }
            default -> {
                Enclosure v = odd ? Enclosure.ONE.divide(tangent(r, bits), bits).negate() : tangent(r, bits);
                yield negative ? v.negate() : v;
            }
        };
    }

    private static Enclosure sine(Enclosure r, int bits) {
        Enclosure z = r.multiply(r, bits);
        return r.subtract(r.multiply(z, bits).multiply(Series.sineTail(z, bits), bits), bits);
    }

    private static Enclosure cosine(Enclosure r, int bits) {
        Enclosure z = r.multiply(r, bits);
        return Enclosure.ONE.subtract(z.multiply(Series.cosineTail(z, bits), bits), bits);
    }

    private static Enclosure tangent(Enclosure r, int bits) {
        Enclosure z = r.multiply(r, bits);
        Enclosure tail = Series.tangentNumeratorTail(z, bits).divide(cosine(r, bits), bits);
        return r.add(r.multiply(z, bits).multiply(tail, bits), bits);
    }

    /** atan t for t in (0, 1]: halved by atan t = 2 atan(t / (1 + sqrt(1 + t^2))) until below 1/8, then the series. */
    private static Enclosure arctangent(Enclosure t, int bits) {
        int halvings = 0;
        while (t.magnitudeExponent() > -3) {
            Enclosure root = Enclosure.ONE.add(t.multiply(t, bits), bits).sqrt(bits);
            t = t.divide(Enclosure.ONE.add(root, bits), bits);
            halvings++;
        }
        Enclosure z = t.multiply(t, bits);
        return t.subtract(t.multiply(z, bits).multiply(Series.arctangentTail(z, bits), bits), bits).scale(halvings);
    }

    /** log2(1 + x) for an exact x > -1 other than 2^k - 1. */
    private static Enclosure log2OnePlus(Enclosure x, int bits) {
        if (x.magnitudeExponent() <= -2) { // |x| < 1/4: log2 of (1 + s) / (1 - s) with s = x / (2 + x), precise however small x is
            return log2Near1(x.divide(Enclosure.exact(2, 0).add(x, bits), bits), bits);
        }
        Enclosure sum = Enclosure.ONE.add(x, Integer.MAX_VALUE);
        return log2(sum.lo(), sum.exp(), bits);
    }

    /** log2(m * 2^e) for an integer m > 0 that is not a power of two. */
    private static Enclosure log2(BigInteger m, int e, int bits) {
        // m * 2^e = 2^k * (1 + s) / (1 - s) with the middle factor in [sqrt(1/2), sqrt(2))
        int length = m.bitLength();
        boolean aboveRoot2 = m.multiply(m).bitLength() == 2 * length;
        BigInteger unit = BigInteger.ONE.shiftLeft(aboveRoot2 ? length : length - 1);
        int k = e + length - (aboveRoot2 ? 0 : 1);
        Enclosure s = Enclosure.exact(m.subtract(unit), 0).divide(Enclosure.exact(m.add(unit), 0), bits);
        return Enclosure.exact(k, 0).add(log2Near1(s, bits), bits);
    }

    /** log2 of (1 + s) / (1 - s) = 2 atanh(s) / ln 2, for |s| < 0.18. */
    private static Enclosure log2Near1(Enclosure s, int bits) {
        Enclosure z = s.multiply(s, bits);
        Enclosure atanh = s.add(s.multiply(z, bits).multiply(Series.hyperbolicArctangentTail(z, bits), bits), bits);
        return atanh.scale(1).divide(Series.ln2(bits), bits);
    }

    /**
     * The nonzero value {@code value} encloses, truncated toward zero to {@code digits} significant bits:
     * computed to more and more bits until the enclosure decides the truncation.
     */
    private static Enclosure truncated(IntFunction<Enclosure> value, int digits) {
        for (int bits = FIRST_BITS; ; bits *= 2) {
            Enclosure v = value.apply(bits);
            Enclosure m = v.abs();
            BigInteger lo = m.lo();
            BigInteger hi = m.hi().subtract(BigInteger.ONE);
            int drop = lo.bitLength() - digits;
            BigInteger kept = lo.shiftRight(drop);
            boolean decided = v.sign() != 0 && hi.bitLength() == lo.bitLength() && kept.equals(hi.shiftRight(drop));
            if (decided || bits >= LAST_BITS) {
                Enclosure truncated = Enclosure.exact(kept, m.exp() + drop);
                return v.sign() < 0 ? truncated.negate() : truncated;
            }
        }
    }

    /**
     * log2(2^k) as FYL2X and FYL2XP1 have it: a hair above k, so truncated to {@link #LOG2_BITS} bits it is
     * k for k > 0 and k plus a unit of the 67th bit for k < 0 (the host shows both, and PE, in every
     * rounding mode).
     */
    private static Enclosure truncatedPowerLog2(int k) {
        if (k > 0) return Enclosure.exact(k, 0);
        int length = 32 - Integer.numberOfLeadingZeros(-k);
        return Enclosure.exact(BigInteger.valueOf(k).shiftLeft(LOG2_BITS - length).add(BigInteger.ONE), length - LOG2_BITS);
    }

    /** k p / d for d a power of two. */
    private static Enclosure pi(int k, int d) {
        return Enclosure.exact(P.multiply(BigInteger.valueOf(k)), P_EXPONENT - Integer.numberOfTrailingZeros(d));
    }

    /**
     * Rounds the value {@code value} encloses, computing it to more and more bits until the enclosure
     * decides the first 127 bits; the value is never exact (the exact cases are handled before), so those
     * bits and a sticky bit decide the rounding in every mode and at every denormal position.
     */
    private static void round(IntFunction<Enclosure> value, FpEnv env) {
        for (int bits = FIRST_BITS; ; bits *= 2) {
            Enclosure v = value.apply(bits);
            if (roundInexact(v, bits >= LAST_BITS, env)) return;
        }
    }

    /** Rounds an inexact value into env.r if the enclosure decides its first 127 bits (or {@code anyway}). */
    private static boolean roundInexact(Enclosure v, boolean anyway, FpEnv env) {
        int sign = v.sign();
        if (sign == 0 && !anyway) return false;
        Enclosure m = v.abs();
        int shift = Math.max(0, 130 - m.lo().bitLength());
        BigInteger lo = m.lo().shiftLeft(shift);
        BigInteger hi = m.hi().shiftLeft(shift).subtract(BigInteger.ONE);
        int length = lo.bitLength();
        int drop = length - 127;
        if (!anyway && (hi.bitLength() != length || !lo.shiftRight(drop).equals(hi.shiftRight(drop)))) return false;
        BigInteger prefix = lo.shiftRight(drop);
        env.r.setFinite(sign < 0, m.exp() - shift + drop + 126, prefix.shiftRight(63).longValue());
        Rounder.round(env.r, (prefix.longValue() & Long.MAX_VALUE) << 1 | 1, Format.EXTENDED, env);
        return true;
    }

    /** Rounds an exact nonzero value, negated when {@code negate}, into env.r. */
    private static void roundExact(Enclosure v, boolean negate, FpEnv env) {
        BigInteger m = v.lo().abs();
        int length = m.bitLength();
        long significand;
        long extra;
        if (length <= 64) {
            significand = m.shiftLeft(64 - length).longValue();
            extra = 0;
        } else {
            significand = m.shiftRight(length - 64).longValue();
            BigInteger rest = m.subtract(m.shiftRight(length - 64).shiftLeft(length - 64));
            extra = length <= 128 ? rest.shiftLeft(128 - length).longValue()
                    : rest.shiftRight(length - 128).longValue() | (rest.getLowestSetBit() < length - 128 ? 1 : 0);
        }
        env.r.setFinite(v.lo().signum() < 0 != negate, v.exp() + length - 1, significand);
        Rounder.round(env.r, extra, Format.EXTENDED, env);
    }

    /** Rounds a value a hair short of the exact nonzero v in magnitude, closer to it than any rounding can tell apart. */
    private static void roundJustShort(Enclosure v, FpEnv env) {
        BigInteger m = v.lo().shiftLeft(130);
        BigInteger other = m.signum() > 0 ? m.subtract(BigInteger.ONE) : m.add(BigInteger.ONE);
        roundInexact(new Enclosure(m.min(other), m.max(other), v.exp() - 130), false, env);
    }

    /** Rounds an exact nonzero value into env.r, reporting it as inexact: PE, and UE when it is tiny. */
    private static void roundInexactly(Enclosure v, FpEnv env) {
        roundExact(v, false, env);
        // an inexact rounding has raised its own flags; an exact tiny value still underflows, being "inexact"
        if (!env.inexact && v.magnitudeExponent() <= Format.EXTENDED.minExponent()) env.flags |= UE;
        env.flags |= PE;
    }

    /** Delivers env.r as a truncation of something just beyond it: PE (UE if tiny), C1 clear, the value kept. */
    private static void truncateInexact(FpEnv env) {
        int rounding = env.rounding;
        env.rounding = Rounding.TO_ZERO;
        Rounder.round(env.r, 1, Format.EXTENDED, env);
        env.rounding = rounding;
    }
}

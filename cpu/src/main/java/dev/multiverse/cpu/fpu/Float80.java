package dev.multiverse.cpu.fpu;

/**
 * The contents of an x87 data register or an 80-bit memory operand: the sign and 15-bit biased exponent
 * (bits 79-64) and the 64-bit significand with its explicit integer bit (bits 63-0). Any bit pattern is a
 * valid Float80, including the encodings the x87 refuses as operands (unnormals, pseudo-NaNs,
 * pseudo-infinities).
 *
 * @param signExponent bits 79-64, in the low 16 bits
 * @param significand  bits 63-0
 */
public record Float80(int signExponent, long significand) {
    /** The real indefinite, the x87's result of an invalid operation. */
    public static final Float80 INDEFINITE = new Float80(0xffff, 0xc000_0000_0000_0000L);

    public Float80 {
        signExponent &= 0xffff;
    }

    public boolean negative() {
        return (signExponent & 0x8000) != 0;
    }

    /** The biased exponent field. */
    public int exponent() {
        return signExponent & 0x7fff;
    }

    @Override
    public String toString() {
        return String.format("%04x:%016x", signExponent, significand);
    }
}

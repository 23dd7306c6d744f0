package dev.multiverse.cpu.fpu;

/**
 * What a result is rounded to: a significand precision and an exponent range. x87 precision control
 * rounds to 24 or 53 bits but keeps the 15-bit exponent range, so PC=24/53/64 are three formats here.
 *
 * @param precision   significand bits, including the integer bit
 * @param minExponent exponent of the smallest normal number (denormals share it)
 * @param maxExponent exponent of the largest finite number
 * @param biasAdjust  the IEEE 754-1985 wrap-around amount an x87 result is scaled by when overflow or
 *                    underflow is unmasked (3 x 2^(exponent bits - 2))
 */
public record Format(String name, int precision, int minExponent, int maxExponent, int biasAdjust) {
    public static final Format SINGLE = new Format("binary32", 24, -126, 127, 192);
    public static final Format DOUBLE = new Format("binary64", 53, -1022, 1023, 1536);
    public static final Format EXTENDED = new Format("extended", 64, -16382, 16383, 24576);
    public static final Format EXTENDED_24 = new Format("extended/24", 24, -16382, 16383, 24576);
    public static final Format EXTENDED_53 = new Format("extended/53", 53, -16382, 16383, 24576);

    /** The format x87 arithmetic rounds to for a precision-control field (FCW bits 8-9). */
    public static Format x87Precision(int pc) {
        return switch (pc & 3) {
            case 0 -> EXTENDED_24;
            case 2 -> EXTENDED_53;
            default -> EXTENDED; // 1 is reserved; the host rounds to 64 bits with it (see HostAgreementTest)
        };
    }
}

package dev.multiverse.cpu.fpu;

/**
 * FXTRACT's two results: the exponent replaces ST0, then the significand (with the operand's sign and a zero
 * unbiased exponent) is pushed, ending in ST0 with the exponent in ST1.
 */
public record Extracted(Float80 exponent, Float80 significand) {
}

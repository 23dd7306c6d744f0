package dev.multiverse.cpu.fpu;

/**
 * FPTAN's two results: the tangent replaces ST0, then {@code pushed} is pushed (1.0, or the same NaN as the
 * tangent when the result is a NaN).
 */
public record PartialTangent(Float80 tangent, Float80 pushed) {
}

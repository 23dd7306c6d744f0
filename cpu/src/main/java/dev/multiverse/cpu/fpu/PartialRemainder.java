package dev.multiverse.cpu.fpu;

/**
 * FPREM's and FPREM1's result: the new ST0 and the condition codes the instruction sets ({@link ConditionCodes}
 * bits): C2 when the reduction is incomplete (run the instruction again), else C0, C3 and C1 are bits 2, 1
 * and 0 of the quotient.
 */
public record PartialRemainder(Float80 remainder, int conditionCodes) {
}

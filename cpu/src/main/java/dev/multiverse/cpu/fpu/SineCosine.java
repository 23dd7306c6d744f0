package dev.multiverse.cpu.fpu;

/** FSINCOS's two results: the sine goes to ST0's register, then the cosine is pushed (ending in ST0, the sine in ST1). */
public record SineCosine(Float80 sine, Float80 cosine) {
}

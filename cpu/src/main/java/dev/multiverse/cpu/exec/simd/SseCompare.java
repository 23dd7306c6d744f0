package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.fpu.Comparison;
import dev.multiverse.cpu.fpu.FpEnv;
import dev.multiverse.cpu.insn.Insn;

import static dev.multiverse.cpu.exec.simd.SseForms.single;
import static dev.multiverse.cpu.exec.simd.SseForms.singles;
import static dev.multiverse.cpu.exec.simd.SseForms.withLowSingle;

/**
 * SSE floating-point comparisons: CMPPS/CMPPD/CMPSS/CMPSD write an all-ones or all-zeros mask per lane for
 * one of eight predicates, COMISS/UCOMISS and COMISD/UCOMISD set ZF, PF and CF (and clear OF, SF and AF),
 * and MIN/MAX select one operand by comparing. The predicates that order (LT, LE, NLT, NLE), COMIS* and
 * MIN/MAX signal IE on any NaN; the others (EQ, UNORD, NEQ, ORD) and UCOMIS* only on an SNaN.
 */
public final class SseCompare {
    /** The DAZ bit of MXCSR: MIN and MAX then return a denormal operand as the zero it was compared as. */
    private static final int DAZ = 0x40;

    private SseCompare() {
    }

    public static void cmpps(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0, p = predicate(i);
        long dl = c.xmm[d], dh = c.xmm[d + 1], sl = c.xmm[s], sh = c.xmm[s + 1];
        FpEnv env = SseMxcsr.begin(c);
        long low = singles(mask32(p, single(dl, 0), single(sl, 0), env), mask32(p, single(dl, 1), single(sl, 1), env));
        long high = singles(mask32(p, single(dh, 0), single(sh, 0), env), mask32(p, single(dh, 1), single(sh, 1), env));
        SseMxcsr.end(c, env);
        c.xmm[d] = low;
        c.xmm[d + 1] = high;
    }

    public static void cmpss(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        FpEnv env = SseMxcsr.begin(c);
        int mask = mask32(predicate(i), single(c.xmm[d], 0), single(c.xmm[s], 0), env);
        SseMxcsr.end(c, env);
        c.xmm[d] = withLowSingle(c.xmm[d], mask);
    }

    public static void cmppd(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0, p = predicate(i);
        FpEnv env = SseMxcsr.begin(c);
        long low = holds(p, Comparison.compare64(c.xmm[d], c.xmm[s], signaling(p), env)) ? -1L : 0;
        long high = holds(p, Comparison.compare64(c.xmm[d + 1], c.xmm[s + 1], signaling(p), env)) ? -1L : 0;
        SseMxcsr.end(c, env);
        c.xmm[d] = low;
        c.xmm[d + 1] = high;
    }

    public static void cmpsd(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0, p = predicate(i);
        FpEnv env = SseMxcsr.begin(c);
        long mask = holds(p, Comparison.compare64(c.xmm[d], c.xmm[s], signaling(p), env)) ? -1L : 0;
        SseMxcsr.end(c, env);
        c.xmm[d] = mask;
    }

    public static void comiss(Cpu c, Insn i) {
        orderedFlags(c, i, false, true);
    }

    public static void ucomiss(Cpu c, Insn i) {
        orderedFlags(c, i, false, false);
    }

    public static void comisd(Cpu c, Insn i) {
        orderedFlags(c, i, true, true);
    }

    public static void ucomisd(Cpu c, Insn i) {
        orderedFlags(c, i, true, false);
    }

    public static void minps(Cpu c, Insn i) {
        SseForms.packedSingle(c, i, daz(c) ? SseCompare::minSingleDaz : SseCompare::minSingle);
    }

    public static void minss(Cpu c, Insn i) {
        SseForms.scalarSingle(c, i, daz(c) ? SseCompare::minSingleDaz : SseCompare::minSingle);
    }

    public static void minpd(Cpu c, Insn i) {
        SseForms.packedDouble(c, i, daz(c) ? SseCompare::minDoubleDaz : SseCompare::minDouble);
    }

    public static void minsd(Cpu c, Insn i) {
        SseForms.scalarDouble(c, i, daz(c) ? SseCompare::minDoubleDaz : SseCompare::minDouble);
    }

    public static void maxps(Cpu c, Insn i) {
        SseForms.packedSingle(c, i, daz(c) ? SseCompare::maxSingleDaz : SseCompare::maxSingle);
    }

    public static void maxss(Cpu c, Insn i) {
        SseForms.scalarSingle(c, i, daz(c) ? SseCompare::maxSingleDaz : SseCompare::maxSingle);
    }

    public static void maxpd(Cpu c, Insn i) {
        SseForms.packedDouble(c, i, daz(c) ? SseCompare::maxDoubleDaz : SseCompare::maxDouble);
    }

    public static void maxsd(Cpu c, Insn i) {
        SseForms.scalarDouble(c, i, daz(c) ? SseCompare::maxDoubleDaz : SseCompare::maxDouble);
    }

    /** The legacy encodings use the immediate's low three bits and ignore the rest (as the host does). */
    private static int predicate(Insn i) {
        return (int) i.imm & 7;
    }

    /** LT, LE, NLT and NLE order their operands, so any NaN makes them invalid. */
    private static boolean signaling(int predicate) {
        return (predicate & 3) == 1 || (predicate & 3) == 2;
    }

    /** Whether a {@link Comparison} relation satisfies predicate 0-7: EQ LT LE UNORD NEQ NLT NLE ORD. */
    private static boolean holds(int predicate, int relation) {
        boolean positive = switch (predicate & 3) {
            case 0 -> relation == Comparison.EQUAL;
            case 1 -> relation == Comparison.LESS;
            case 2 -> relation == Comparison.LESS || relation == Comparison.EQUAL;
            default -> relation == Comparison.UNORDERED;
        };
        return positive != (predicate >= 4);
    }

    private static int mask32(int predicate, int a, int b, FpEnv env) {
        return holds(predicate, Comparison.compare32(a, b, signaling(predicate), env)) ? -1 : 0;
    }

    /** COMIS* and UCOMIS*: the destination's low lane against the source's; EFLAGS change only if nothing traps. */
    private static void orderedFlags(Cpu c, Insn i, boolean dbl, boolean signaling) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        FpEnv env = SseMxcsr.begin(c);
        int relation = dbl ? Comparison.compare64(c.xmm[d], c.xmm[s], signaling, env)
                : Comparison.compare32(single(c.xmm[d], 0), single(c.xmm[s], 0), signaling, env);
        SseMxcsr.end(c, env);
        c.flags.setStatus(switch (relation) {
            case Comparison.UNORDERED -> Flags.ZF | Flags.PF | Flags.CF;
            case Comparison.LESS -> Flags.CF;
            case Comparison.EQUAL -> Flags.ZF;
            default -> 0;
        });
    }

    private static boolean daz(Cpu c) {
        return (c.mxcsr & DAZ) != 0;
    }

    // MIN returns the first operand only when it is less, MAX only when it is greater: the second operand
    // when they are equal (+0 and -0 included) or unordered, a NaN there delivered as it is, not quieted.

    private static int minSingle(int a, int b, FpEnv env) {
        return Comparison.compare32(a, b, true, env) == Comparison.LESS ? a : b;
    }

    private static int maxSingle(int a, int b, FpEnv env) {
        return Comparison.compare32(a, b, true, env) == Comparison.GREATER ? a : b;
    }

    private static long minDouble(long a, long b, FpEnv env) {
        return Comparison.compare64(a, b, true, env) == Comparison.LESS ? a : b;
    }

    private static long maxDouble(long a, long b, FpEnv env) {
        return Comparison.compare64(a, b, true, env) == Comparison.GREATER ? a : b;
    }

    private static int minSingleDaz(int a, int b, FpEnv env) {
        return zeroDenormal32(minSingle(a, b, env));
    }

    private static int maxSingleDaz(int a, int b, FpEnv env) {
        return zeroDenormal32(maxSingle(a, b, env));
    }

    private static long minDoubleDaz(long a, long b, FpEnv env) {
        return zeroDenormal64(minDouble(a, b, env));
    }

    private static long maxDoubleDaz(long a, long b, FpEnv env) {
        return zeroDenormal64(maxDouble(a, b, env));
    }

    /** A binary32 denormal becomes the zero of its sign. */
    private static int zeroDenormal32(int v) {
        return (v & 0x7f80_0000) == 0 ? v & 0x8000_0000 : v;
    }

    private static long zeroDenormal64(long v) {
        return (v & 0x7ff0_0000_0000_0000L) == 0 ? v & Long.MIN_VALUE : v;
    }
}

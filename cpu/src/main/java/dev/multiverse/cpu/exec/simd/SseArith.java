package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.fpu.Arithmetic;
import dev.multiverse.cpu.fpu.FpEnv;
import dev.multiverse.cpu.insn.Insn;

import static dev.multiverse.cpu.exec.simd.SseForms.single;
import static dev.multiverse.cpu.exec.simd.SseForms.singles;

/**
 * SSE floating-point arithmetic beyond the four basic operations (which the rows bind straight to
 * {@link Arithmetic}): the square roots, and SSE3's ADDSUB, HADD and HSUB, whose lanes mix addition and
 * subtraction or pair neighbouring lanes of one operand. Every lane rounds on its own under MXCSR.
 */
public final class SseArith {
    private SseArith() {
    }

    /** SQRTPS/SQRTSS lane: the root of the source. */
    public static int sqrtSingle(int destination, int source, FpEnv env) {
        return Arithmetic.sqrt32(source, env);
    }

    public static long sqrtDouble(long destination, long source, FpEnv env) {
        return Arithmetic.sqrt64(source, env);
    }

    /** ADDSUBPS: even lanes destination - source, odd lanes destination + source. */
    public static void addsubps(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        long dl = c.xmm[d], dh = c.xmm[d + 1], sl = c.xmm[s], sh = c.xmm[s + 1];
        FpEnv env = SseMxcsr.begin(c);
        long low = singles(Arithmetic.sub32(single(dl, 0), single(sl, 0), env), Arithmetic.add32(single(dl, 1), single(sl, 1), env));
        long high = singles(Arithmetic.sub32(single(dh, 0), single(sh, 0), env), Arithmetic.add32(single(dh, 1), single(sh, 1), env));
        SseMxcsr.end(c, env);
        c.xmm[d] = low;
        c.xmm[d + 1] = high;
    }

    /** ADDSUBPD: the low lane destination - source, the high lane destination + source. */
    public static void addsubpd(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        FpEnv env = SseMxcsr.begin(c);
        long low = Arithmetic.sub64(c.xmm[d], c.xmm[s], env);
        long high = Arithmetic.add64(c.xmm[d + 1], c.xmm[s + 1], env);
        SseMxcsr.end(c, env);
        c.xmm[d] = low;
        c.xmm[d + 1] = high;
    }

    public static void haddps(Cpu c, Insn i) {
        horizontalSingle(c, i, false);
    }

    public static void hsubps(Cpu c, Insn i) {
        horizontalSingle(c, i, true);
    }

    public static void haddpd(Cpu c, Insn i) {
        horizontalDouble(c, i, false);
    }

    public static void hsubpd(Cpu c, Insn i) {
        horizontalDouble(c, i, true);
    }

    /** HADDPS/HSUBPS: lane pairs (0,1), (2,3) of the destination give lanes 0 and 1, the source's lanes 2 and 3. */
    private static void horizontalSingle(Cpu c, Insn i, boolean subtract) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        long dl = c.xmm[d], dh = c.xmm[d + 1], sl = c.xmm[s], sh = c.xmm[s + 1];
        FpEnv env = SseMxcsr.begin(c);
        long low = singles(pair32(dl, subtract, env), pair32(dh, subtract, env));
        long high = singles(pair32(sl, subtract, env), pair32(sh, subtract, env));
        SseMxcsr.end(c, env);
        c.xmm[d] = low;
        c.xmm[d + 1] = high;
    }

    /** HADDPD/HSUBPD: the destination's two lanes combined give the low lane, the source's the high one. */
    private static void horizontalDouble(Cpu c, Insn i, boolean subtract) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        FpEnv env = SseMxcsr.begin(c);
        long low = subtract ? Arithmetic.sub64(c.xmm[d], c.xmm[d + 1], env) : Arithmetic.add64(c.xmm[d], c.xmm[d + 1], env);
        long high = subtract ? Arithmetic.sub64(c.xmm[s], c.xmm[s + 1], env) : Arithmetic.add64(c.xmm[s], c.xmm[s + 1], env);
        SseMxcsr.end(c, env);
        c.xmm[d] = low;
        c.xmm[d + 1] = high;
    }

    /** The low binary32 lane of {@code word} plus (or minus) the high one. */
    private static int pair32(long word, boolean subtract, FpEnv env) {
        return subtract ? Arithmetic.sub32(single(word, 0), single(word, 1), env) : Arithmetic.add32(single(word, 0), single(word, 1), env);
    }
}

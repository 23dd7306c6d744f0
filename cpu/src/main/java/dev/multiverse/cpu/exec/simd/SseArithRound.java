package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.fpu.Arithmetic;
import dev.multiverse.cpu.fpu.FpEnv;
import dev.multiverse.cpu.insn.Insn;

import static dev.multiverse.cpu.exec.simd.SseForms.single;
import static dev.multiverse.cpu.exec.simd.SseForms.singles;
import static dev.multiverse.cpu.exec.simd.SseForms.withLowSingle;

/**
 * SSE4.1 ROUNDPS/ROUNDPD/ROUNDSS/ROUNDSD: each lane rounded to an integral value. The immediate picks the
 * rounding: bits 1-0 a rounding mode, or MXCSR.RC when bit 2 is set; bit 3 suppresses the precision
 * exception. An SNaN raises IE; a denormal raises no DE (DAZ still makes it zero).
 */
public final class SseArithRound {
    private SseArithRound() {
    }

    public static void roundps(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0, rc = rounding(c, i);
        boolean quiet = suppressInexact(i);
        long sl = c.xmm[s], sh = c.xmm[s + 1];
        FpEnv env = SseMxcsr.begin(c);
        long low = singles(Arithmetic.roundToIntegral32(single(sl, 0), rc, quiet, env), Arithmetic.roundToIntegral32(single(sl, 1), rc, quiet, env));
        long high = singles(Arithmetic.roundToIntegral32(single(sh, 0), rc, quiet, env), Arithmetic.roundToIntegral32(single(sh, 1), rc, quiet, env));
        SseMxcsr.end(c, env);
        c.xmm[d] = low;
        c.xmm[d + 1] = high;
    }

    public static void roundpd(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0, rc = rounding(c, i);
        boolean quiet = suppressInexact(i);
        long sl = c.xmm[s], sh = c.xmm[s + 1];
        FpEnv env = SseMxcsr.begin(c);
        long low = Arithmetic.roundToIntegral64(sl, rc, quiet, env);
        long high = Arithmetic.roundToIntegral64(sh, rc, quiet, env);
        SseMxcsr.end(c, env);
        c.xmm[d] = low;
        c.xmm[d + 1] = high;
    }

    /** ROUNDSS: the source's low lane rounded into the destination's; the other lanes are kept. */
    public static void roundss(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        FpEnv env = SseMxcsr.begin(c);
        int result = Arithmetic.roundToIntegral32(single(c.xmm[s], 0), rounding(c, i), suppressInexact(i), env);
        SseMxcsr.end(c, env);
        c.xmm[d] = withLowSingle(c.xmm[d], result);
    }

    public static void roundsd(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        FpEnv env = SseMxcsr.begin(c);
        long result = Arithmetic.roundToIntegral64(c.xmm[s], rounding(c, i), suppressInexact(i), env);
        SseMxcsr.end(c, env);
        c.xmm[d] = result;
    }

    /** The immediate's rounding mode, or MXCSR.RC when its bit 2 says so. */
    private static int rounding(Cpu c, Insn i) {
        return (i.imm & 4) != 0 ? (c.mxcsr >> 13) & 3 : (int) i.imm & 3;
    }

    private static boolean suppressInexact(Insn i) {
        return (i.imm & 8) != 0;
    }
}

package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.fpu.Conversions;
import dev.multiverse.cpu.fpu.FpEnv;
import dev.multiverse.cpu.insn.Insn;

import static dev.multiverse.cpu.exec.simd.SseForms.single;
import static dev.multiverse.cpu.exec.simd.SseForms.singles;
import static dev.multiverse.cpu.exec.simd.SseForms.withLowSingle;

/**
 * Conversions between binary32 and binary64 lanes: widening (CVTPS2PD, CVTSS2SD) is exact but raises DE
 * for a denormal (unless DAZ) and IE for an SNaN; narrowing (CVTPD2PS, CVTSD2SS) rounds under MXCSR and
 * may overflow, underflow (FTZ applies) and be inexact. NaNs keep the top of their payload and come out quiet.
 */
public final class SseConvertFloat {
    private SseConvertFloat() {
    }

    /** CVTPS2PD: the low two binary32 lanes (or 8 bytes of memory) widened. */
    public static void cvtps2pd(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        long source = c.xmm[s];
        FpEnv env = SseMxcsr.begin(c);
        long low = Conversions.float32To64(single(source, 0), env);
        long high = Conversions.float32To64(single(source, 1), env);
        SseMxcsr.end(c, env);
        c.xmm[d] = low;
        c.xmm[d + 1] = high;
    }

    /** CVTPD2PS: two binary64 lanes narrowed into the low quadword; the high quadword is zeroed. */
    public static void cvtpd2ps(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        long sl = c.xmm[s], sh = c.xmm[s + 1];
        FpEnv env = SseMxcsr.begin(c);
        long low = singles(Conversions.float64To32(sl, env), Conversions.float64To32(sh, env));
        SseMxcsr.end(c, env);
        c.xmm[d] = low;
        c.xmm[d + 1] = 0;
    }

    /** CVTSS2SD: the low lane widened; the destination's high quadword is kept. */
    public static void cvtss2sd(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        FpEnv env = SseMxcsr.begin(c);
        long result = Conversions.float32To64(single(c.xmm[s], 0), env);
        SseMxcsr.end(c, env);
        c.xmm[d] = result;
    }

    /** CVTSD2SS: the low lane narrowed into the low binary32 lane; the other three are kept. */
    public static void cvtsd2ss(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        FpEnv env = SseMxcsr.begin(c);
        int result = Conversions.float64To32(c.xmm[s], env);
        SseMxcsr.end(c, env);
        c.xmm[d] = withLowSingle(c.xmm[d], result);
    }
}

package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;
import dev.multiverse.cpu.exec.simd.SseArith;
import dev.multiverse.cpu.exec.simd.SseArithDot;
import dev.multiverse.cpu.exec.simd.SseArithReciprocal;
import dev.multiverse.cpu.exec.simd.SseArithRound;
import dev.multiverse.cpu.exec.simd.SseCompare;
import dev.multiverse.cpu.exec.simd.SseConvertFloat;
import dev.multiverse.cpu.exec.simd.SseConvertInteger;
import dev.multiverse.cpu.exec.simd.SseForms;
import dev.multiverse.cpu.fpu.Arithmetic;
import dev.multiverse.cpu.insn.Row;
import dev.multiverse.cpu.insn.Semantic;

/**
 * Opcode rows of SSE, SSE2, SSE3 and SSE4.1 floating-point arithmetic, comparison and conversion. Most
 * opcodes come in four forms chosen by the mandatory prefix: none = packed single (PS), 66 = packed
 * double (PD), F3 = scalar single (SS), F2 = scalar double (SD); the W letter is the memory read, so the
 * scalar forms read 4 or 8 bytes and need no alignment.
 */
public final class SseFloatRows {
    private static final int SSE = Row.SSE;

    private SseFloatRows() {
    }

    public static void register(TableBuilder t) {
        arithmetic(t);
        comparisons(t);
        conversions(t);
        sse3AndSse41(t);
    }

    private static void arithmetic(TableBuilder t) {
        four(t, 0x0f58, "add", SseForms.packedSingle(Arithmetic::add32), SseForms.packedDouble(Arithmetic::add64),
                SseForms.scalarSingle(Arithmetic::add32), SseForms.scalarDouble(Arithmetic::add64));
        four(t, 0x0f59, "mul", SseForms.packedSingle(Arithmetic::mul32), SseForms.packedDouble(Arithmetic::mul64),
                SseForms.scalarSingle(Arithmetic::mul32), SseForms.scalarDouble(Arithmetic::mul64));
        four(t, 0x0f5c, "sub", SseForms.packedSingle(Arithmetic::sub32), SseForms.packedDouble(Arithmetic::sub64),
                SseForms.scalarSingle(Arithmetic::sub32), SseForms.scalarDouble(Arithmetic::sub64));
        four(t, 0x0f5e, "div", SseForms.packedSingle(Arithmetic::div32), SseForms.packedDouble(Arithmetic::div64),
                SseForms.scalarSingle(Arithmetic::div32), SseForms.scalarDouble(Arithmetic::div64));
        four(t, 0x0f51, "sqrt", SseForms.packedSingle(SseArith::sqrtSingle), SseForms.packedDouble(SseArith::sqrtDouble),
                SseForms.scalarSingle(SseArith::sqrtSingle), SseForms.scalarDouble(SseArith::sqrtDouble));
        four(t, 0x0f5d, "min", SseCompare::minps, SseCompare::minpd, SseCompare::minss, SseCompare::minsd);
        four(t, 0x0f5f, "max", SseCompare::maxps, SseCompare::maxpd, SseCompare::maxss, SseCompare::maxsd);
        t.op(0x0f53, "rcpps", "Vx,Wx", SseForms.packedSingle(SseArithReciprocal::reciprocal), SSE);
        t.prefixed(0xf3, 0x0f53, "rcpss", "Vx,Wd", SseForms.scalarSingle(SseArithReciprocal::reciprocal), SSE);
        t.op(0x0f52, "rsqrtps", "Vx,Wx", SseForms.packedSingle(SseArithReciprocal::reciprocalSqrt), SSE);
        t.prefixed(0xf3, 0x0f52, "rsqrtss", "Vx,Wd", SseForms.scalarSingle(SseArithReciprocal::reciprocalSqrt), SSE);
    }

    private static void comparisons(TableBuilder t) {
        t.op(0x0fc2, "cmpps", "Vx,Wx,Ib", SseCompare::cmpps, SSE);
        t.prefixed(0x66, 0x0fc2, "cmppd", "Vx,Wx,Ib", SseCompare::cmppd, SSE);
        t.prefixed(0xf3, 0x0fc2, "cmpss", "Vx,Wd,Ib", SseCompare::cmpss, SSE);
        t.prefixed(0xf2, 0x0fc2, "cmpsd", "Vx,Wq,Ib", SseCompare::cmpsd, SSE);
        t.op(0x0f2f, "comiss", "Vx,Wd", SseCompare::comiss, SSE);
        t.op(0x0f2e, "ucomiss", "Vx,Wd", SseCompare::ucomiss, SSE);
        t.prefixed(0x66, 0x0f2f, "comisd", "Vx,Wq", SseCompare::comisd, SSE);
        t.prefixed(0x66, 0x0f2e, "ucomisd", "Vx,Wq", SseCompare::ucomisd, SSE);
    }

    private static void conversions(TableBuilder t) {
        // With an MMX register (not memory) CVTPI2PS/PD are MMX instructions too; their semantics check that.
        t.op(0x0f2a, "cvtpi2ps", "Vx,Qq", SseConvertInteger::cvtpi2ps, SSE);
        t.prefixed(0x66, 0x0f2a, "cvtpi2pd", "Vx,Qq", SseConvertInteger::cvtpi2pd, SSE);
        t.prefixed(0xf3, 0x0f2a, "cvtsi2ss", "Vx,Ey", SseConvertInteger::cvtsi2ss, SSE);
        t.prefixed(0xf2, 0x0f2a, "cvtsi2sd", "Vx,Ey", SseConvertInteger::cvtsi2sd, SSE);
        t.op(0x0f2c, "cvttps2pi", "Pq,Wq", SseConvertInteger::cvttps2pi, SSE);
        t.prefixed(0x66, 0x0f2c, "cvttpd2pi", "Pq,Wx", SseConvertInteger::cvttpd2pi, SSE);
        t.prefixed(0xf3, 0x0f2c, "cvttss2si", "Gy,Wd", SseConvertInteger::cvttss2si, SSE);
        t.prefixed(0xf2, 0x0f2c, "cvttsd2si", "Gy,Wq", SseConvertInteger::cvttsd2si, SSE);
        t.op(0x0f2d, "cvtps2pi", "Pq,Wq", SseConvertInteger::cvtps2pi, SSE);
        t.prefixed(0x66, 0x0f2d, "cvtpd2pi", "Pq,Wx", SseConvertInteger::cvtpd2pi, SSE);
        t.prefixed(0xf3, 0x0f2d, "cvtss2si", "Gy,Wd", SseConvertInteger::cvtss2si, SSE);
        t.prefixed(0xf2, 0x0f2d, "cvtsd2si", "Gy,Wq", SseConvertInteger::cvtsd2si, SSE);
        t.op(0x0f5b, "cvtdq2ps", "Vx,Wx", SseConvertInteger::cvtdq2ps, SSE);
        t.prefixed(0x66, 0x0f5b, "cvtps2dq", "Vx,Wx", SseConvertInteger::cvtps2dq, SSE);
        t.prefixed(0xf3, 0x0f5b, "cvttps2dq", "Vx,Wx", SseConvertInteger::cvttps2dq, SSE);
        t.prefixed(0x66, 0x0fe6, "cvttpd2dq", "Vx,Wx", SseConvertInteger::cvttpd2dq, SSE);
        t.prefixed(0xf3, 0x0fe6, "cvtdq2pd", "Vx,Wq", SseConvertInteger::cvtdq2pd, SSE);
        t.prefixed(0xf2, 0x0fe6, "cvtpd2dq", "Vx,Wx", SseConvertInteger::cvtpd2dq, SSE);
        t.op(0x0f5a, "cvtps2pd", "Vx,Wq", SseConvertFloat::cvtps2pd, SSE);
        t.prefixed(0x66, 0x0f5a, "cvtpd2ps", "Vx,Wx", SseConvertFloat::cvtpd2ps, SSE);
        t.prefixed(0xf3, 0x0f5a, "cvtss2sd", "Vx,Wd", SseConvertFloat::cvtss2sd, SSE);
        t.prefixed(0xf2, 0x0f5a, "cvtsd2ss", "Vx,Wq", SseConvertFloat::cvtsd2ss, SSE);
    }

    private static void sse3AndSse41(TableBuilder t) {
        t.prefixed(0xf2, 0x0fd0, "addsubps", "Vx,Wx", SseArith::addsubps, SSE);
        t.prefixed(0x66, 0x0fd0, "addsubpd", "Vx,Wx", SseArith::addsubpd, SSE);
        t.prefixed(0xf2, 0x0f7c, "haddps", "Vx,Wx", SseArith::haddps, SSE);
        t.prefixed(0x66, 0x0f7c, "haddpd", "Vx,Wx", SseArith::haddpd, SSE);
        t.prefixed(0xf2, 0x0f7d, "hsubps", "Vx,Wx", SseArith::hsubps, SSE);
        t.prefixed(0x66, 0x0f7d, "hsubpd", "Vx,Wx", SseArith::hsubpd, SSE);
        t.prefixed(0x66, 0x0f3a08, "roundps", "Vx,Wx,Ib", SseArithRound::roundps, SSE);
        t.prefixed(0x66, 0x0f3a09, "roundpd", "Vx,Wx,Ib", SseArithRound::roundpd, SSE);
        t.prefixed(0x66, 0x0f3a0a, "roundss", "Vx,Wd,Ib", SseArithRound::roundss, SSE);
        t.prefixed(0x66, 0x0f3a0b, "roundsd", "Vx,Wq,Ib", SseArithRound::roundsd, SSE);
        t.prefixed(0x66, 0x0f3a40, "dpps", "Vx,Wx,Ib", SseArithDot::dpps, SSE);
        t.prefixed(0x66, 0x0f3a41, "dppd", "Vx,Wx,Ib", SseArithDot::dppd, SSE);
    }

    /** The PS, PD, SS and SD forms of {@code name} at {@code opcode}. */
    private static void four(TableBuilder t, int opcode, String name, Semantic ps, Semantic pd, Semantic ss, Semantic sd) {
        t.op(opcode, name + "ps", "Vx,Wx", ps, SSE);
        t.prefixed(0x66, opcode, name + "pd", "Vx,Wx", pd, SSE);
        t.prefixed(0xf3, opcode, name + "ss", "Vx,Wd", ss, SSE);
        t.prefixed(0xf2, opcode, name + "sd", "Vx,Wq", sd, SSE);
    }
}

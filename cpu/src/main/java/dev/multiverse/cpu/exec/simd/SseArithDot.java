package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.fpu.Arithmetic;
import dev.multiverse.cpu.fpu.FpEnv;
import dev.multiverse.cpu.insn.Insn;

import static dev.multiverse.cpu.exec.simd.SseForms.single;
import static dev.multiverse.cpu.exec.simd.SseForms.singles;

/**
 * SSE4.1 DPPS and DPPD, dot products. Immediate bits 7-4 choose the lanes that are multiplied (the others
 * contribute +0.0 without being computed), bits 3-0 the lanes the sum is written to (the others get +0.0).
 * Every product and every sum rounds under MXCSR. The sums are formed the way the host's results show:
 * DPPS adds in pairs, (p0 + p1) + (p2 + p3), by adding the products to themselves with neighbours swapped
 * and then the result to itself with halves swapped, so each lane's sum takes its operands in its own order,
 * which decides which NaN it delivers (the first operand's): lane 0 computes (p1 + p0) + (p3 + p2), lane 1
 * (p0 + p1) + (p2 + p3), lane 2 (p3 + p2) + (p1 + p0), lane 3 (p2 + p3) + (p0 + p1). DPPD's lane 0 computes
 * p0 + p1, its lane 1 p1 + p0. The order changes nothing else: the sums are the same values with the same
 * exceptions. The products, the pair sums and the final sums are separate steps for MXCSR
 * ({@link SseMxcsr#endOfStep}).
 */
public final class SseArithDot {
    private SseArithDot() {
    }

    public static void dpps(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0, imm = (int) i.imm;
        long dl = c.xmm[d], dh = c.xmm[d + 1], sl = c.xmm[s], sh = c.xmm[s + 1];
        FpEnv env = SseMxcsr.begin(c);
        int p0 = product32(imm, 0, single(dl, 0), single(sl, 0), env);
        int p1 = product32(imm, 1, single(dl, 1), single(sl, 1), env);
        int p2 = product32(imm, 2, single(dh, 0), single(sh, 0), env);
        int p3 = product32(imm, 3, single(dh, 1), single(sh, 1), env);
        SseMxcsr.endOfStep(c, env);
        int u0 = Arithmetic.add32(p1, p0, env), u1 = Arithmetic.add32(p0, p1, env);
        int u2 = Arithmetic.add32(p3, p2, env), u3 = Arithmetic.add32(p2, p3, env);
        SseMxcsr.endOfStep(c, env);
        int v0 = Arithmetic.add32(u0, u2, env), v1 = Arithmetic.add32(u1, u3, env);
        int v2 = Arithmetic.add32(u2, u0, env), v3 = Arithmetic.add32(u3, u1, env);
        SseMxcsr.end(c, env);
        c.xmm[d] = singles(broadcast(imm, 0, v0), broadcast(imm, 1, v1));
        c.xmm[d + 1] = singles(broadcast(imm, 2, v2), broadcast(imm, 3, v3));
    }

    public static void dppd(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0, imm = (int) i.imm;
        FpEnv env = SseMxcsr.begin(c);
        long p0 = (imm & 0x10) != 0 ? Arithmetic.mul64(c.xmm[d], c.xmm[s], env) : 0;
        long p1 = (imm & 0x20) != 0 ? Arithmetic.mul64(c.xmm[d + 1], c.xmm[s + 1], env) : 0;
        SseMxcsr.endOfStep(c, env);
        long low = Arithmetic.add64(p0, p1, env), high = Arithmetic.add64(p1, p0, env);
        SseMxcsr.end(c, env);
        c.xmm[d] = (imm & 1) != 0 ? low : 0;
        c.xmm[d + 1] = (imm & 2) != 0 ? high : 0;
    }

    private static int product32(int imm, int lane, int a, int b, FpEnv env) {
        return (imm & (0x10 << lane)) != 0 ? Arithmetic.mul32(a, b, env) : 0;
    }

    private static int broadcast(int imm, int lane, int sum) {
        return (imm & (1 << lane)) != 0 ? sum : 0;
    }
}

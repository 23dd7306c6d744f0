package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.fpu.FpEnv;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.insn.Semantic;

/**
 * The four layouts of an SSE floating-point operation written once: packed single (PS, four binary32
 * lanes), packed double (PD, two binary64 lanes), and the scalar forms (SS, SD) that compute the low lane
 * and keep the rest of the destination. Every form computes all its lanes, then lets {@link SseMxcsr}
 * decide from the exceptions whether the destination is written. Also holds the lane helpers the SSE
 * floating-point families share.
 */
public final class SseForms {
    private SseForms() {
    }

    /** An operation on one binary32 lane of the destination and of the source. */
    @FunctionalInterface
    public interface SingleOp {
        int apply(int destination, int source, FpEnv env);
    }

    /** An operation on one binary64 lane of the destination and of the source. */
    @FunctionalInterface
    public interface DoubleOp {
        long apply(long destination, long source, FpEnv env);
    }

    public static Semantic packedSingle(SingleOp op) {
        return (c, i) -> packedSingle(c, i, op);
    }

    public static Semantic scalarSingle(SingleOp op) {
        return (c, i) -> scalarSingle(c, i, op);
    }

    public static Semantic packedDouble(DoubleOp op) {
        return (c, i) -> packedDouble(c, i, op);
    }

    public static Semantic scalarDouble(DoubleOp op) {
        return (c, i) -> scalarDouble(c, i, op);
    }

    /** {@code op} on the four binary32 lanes of {@code Vx, Wx}. */
    static void packedSingle(Cpu c, Insn i, SingleOp op) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        long dl = c.xmm[d], dh = c.xmm[d + 1], sl = c.xmm[s], sh = c.xmm[s + 1];
        FpEnv env = SseMxcsr.begin(c);
        long low = singles(op.apply(single(dl, 0), single(sl, 0), env), op.apply(single(dl, 1), single(sl, 1), env));
        long high = singles(op.apply(single(dh, 0), single(sh, 0), env), op.apply(single(dh, 1), single(sh, 1), env));
        SseMxcsr.end(c, env);
        c.xmm[d] = low;
        c.xmm[d + 1] = high;
    }

    /** {@code op} on the low binary32 lane of {@code Vx, Wd}; the destination's other lanes are kept. */
    static void scalarSingle(Cpu c, Insn i, SingleOp op) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        FpEnv env = SseMxcsr.begin(c);
        int result = op.apply(single(c.xmm[d], 0), single(c.xmm[s], 0), env);
        SseMxcsr.end(c, env);
        c.xmm[d] = withLowSingle(c.xmm[d], result);
    }

    /** {@code op} on the two binary64 lanes of {@code Vx, Wx}. */
    static void packedDouble(Cpu c, Insn i, DoubleOp op) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        FpEnv env = SseMxcsr.begin(c);
        long low = op.apply(c.xmm[d], c.xmm[s], env);
        long high = op.apply(c.xmm[d + 1], c.xmm[s + 1], env);
        SseMxcsr.end(c, env);
        c.xmm[d] = low;
        c.xmm[d + 1] = high;
    }

    /** {@code op} on the low binary64 lane of {@code Vx, Wq}; the destination's high lane is kept. */
    static void scalarDouble(Cpu c, Insn i, DoubleOp op) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        FpEnv env = SseMxcsr.begin(c);
        long result = op.apply(c.xmm[d], c.xmm[s], env);
        SseMxcsr.end(c, env);
        c.xmm[d] = result;
    }

    /** Binary32 lane {@code k} (0 or 1) of a 64-bit word. */
    static int single(long word, int k) {
        return (int) (word >>> 32 * k);
    }

    /** A 64-bit word of two binary32 lanes. */
    static long singles(int low, int high) {
        return (low & 0xffff_ffffL) | (long) high << 32;
    }

    /** {@code word} with its low binary32 lane replaced. */
    static long withLowSingle(long word, int value) {
        return (word & 0xffff_ffff_0000_0000L) | (value & 0xffff_ffffL);
    }
}

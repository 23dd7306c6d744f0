package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.insn.Semantic;

/**
 * The MMX and XMM forms of a packed integer operation written once, on 64 bits. Most packed instructions
 * work lane by lane, so their MMX form applies the operation to the one 64-bit register and their XMM form
 * to each 64-bit half; the horizontal ones (PHADDW...) combine neighbouring lanes of the same operand, so
 * their XMM form feeds the destination's two halves to one application and the source's to the other.
 * Also holds the lane helpers the families share.
 */
public final class PackedArithForms {
    private PackedArithForms() {
    }

    /** An operation on 64 bits of the destination and of the source, giving 64 bits of result. */
    @FunctionalInterface
    public interface Op {
        long apply(long destination, long source);
    }

    /** {@code op} on MMX {@code Pq, Qq}. */
    public static Semantic mmx(Op op) {
        return (c, i) -> {
            long source = VectorOperands.mmxSource(c, i, 1);
            c.x87.setMmx(i.loc0, op.apply(c.x87.mmx(i.loc0), source));
            c.x87.enterMmx();
        };
    }

    /** {@code op} on each half of XMM {@code Vx, Wx}. */
    public static Semantic xmm(Op op) {
        return (c, i) -> {
            int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
            c.xmm[d] = op.apply(c.xmm[d], c.xmm[s]);
            c.xmm[d + 1] = op.apply(c.xmm[d + 1], c.xmm[s + 1]);
        };
    }

    /** A horizontal {@code op(first, second)} on MMX: the destination's lanes come first, then the source's. */
    public static Semantic horizontalMmx(Op op) {
        return mmx(op);
    }

    /** A horizontal {@code op(first, second)} on XMM: the low half from the destination, the high half from the source. */
    public static Semantic horizontalXmm(Op op) {
        return (c, i) -> {
            int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
            long low = op.apply(c.xmm[d], c.xmm[d + 1]);
            c.xmm[d + 1] = op.apply(c.xmm[s], c.xmm[s + 1]);
            c.xmm[d] = low;
        };
    }

    /** Byte {@code k} (0-7) of {@code v}, sign-extended. */
    static int signedByte(long v, int k) {
        return (byte) (v >>> 8 * k);
    }

    /** Byte {@code k} (0-7) of {@code v}, zero-extended. */
    static int unsignedByte(long v, int k) {
        return (int) (v >>> 8 * k) & 0xff;
    }

    /** Word {@code k} (0-3) of {@code v}, sign-extended. */
    static int signedWord(long v, int k) {
        return (short) (v >>> 16 * k);
    }

    /** Word {@code k} (0-3) of {@code v}, zero-extended. */
    static int unsignedWord(long v, int k) {
        return (int) (v >>> 16 * k) & 0xffff;
    }

    /** Dword {@code k} (0-1) of {@code v}, sign-extended. */
    static int signedDword(long v, int k) {
        return (int) (v >>> 32 * k);
    }

    /** Dword {@code k} (0-1) of {@code v}, zero-extended. */
    static long unsignedDword(long v, int k) {
        return (v >>> 32 * k) & 0xffff_ffffL;
    }

    /** {@code value} placed in byte lane {@code k}. */
    static long byteLane(long value, int k) {
        return (value & 0xffL) << 8 * k;
    }

    static long wordLane(long value, int k) {
        return (value & 0xffffL) << 16 * k;
    }

    static long dwordLane(long value, int k) {
        return (value & 0xffff_ffffL) << 32 * k;
    }

    static int saturateSignedByte(int v) {
        return Math.clamp(v, Byte.MIN_VALUE, Byte.MAX_VALUE);
    }

    static int saturateUnsignedByte(int v) {
        return Math.clamp(v, 0, 0xff);
    }

    static int saturateSignedWord(int v) {
        return Math.clamp(v, Short.MIN_VALUE, Short.MAX_VALUE);
    }

    static int saturateUnsignedWord(int v) {
        return Math.clamp(v, 0, 0xffff);
    }
}

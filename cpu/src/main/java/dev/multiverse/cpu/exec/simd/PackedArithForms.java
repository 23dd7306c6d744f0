package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.insn.Semantic;

/**
 * The MMX and XMM forms of a packed integer operation written once, on 64 bits. Most packed instructions
 * work lane by lane, so their MMX form applies the operation to the one 64-bit register and their XMM form
 * to each 64-bit half; the horizontal ones (PHADDW...) combine neighbouring lanes of the same operand, so
 * their XMM form feeds the destination's two halves to one application and the source's to the other.
 * The lane helpers the families share are in {@link Lanes}.
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
}

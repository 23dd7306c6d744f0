package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;
import dev.multiverse.cpu.exec.simd.SimdLogic;
import dev.multiverse.cpu.exec.simd.SimdMove;
import dev.multiverse.cpu.insn.Row;

/** Opcode rows of MMX and SSE data movement and logic ({@link SimdMove}, {@link SimdLogic}). */
public final class SimdMoveRows {
    private SimdMoveRows() {
    }

    public static void register(TableBuilder t) {
        int sse = Row.SSE, mmx = Row.MMX;
        t.op(0x0f28, "movaps", "Vx,Wx", SimdMove::move128, sse);
        t.op(0x0f29, "movaps", "Wx,Vx", SimdMove::move128, sse);
        t.prefixed(0x66, 0x0f28, "movapd", "Vx,Wx", SimdMove::move128, sse);
        t.prefixed(0x66, 0x0f29, "movapd", "Wx,Vx", SimdMove::move128, sse);
        t.op(0x0f10, "movups", "Vx,Wx", SimdMove::move128, sse | Row.UNALIGNED);
        t.op(0x0f11, "movups", "Wx,Vx", SimdMove::move128, sse | Row.UNALIGNED);
        t.prefixed(0x66, 0x0f10, "movupd", "Vx,Wx", SimdMove::move128, sse | Row.UNALIGNED);
        t.prefixed(0x66, 0x0f11, "movupd", "Wx,Vx", SimdMove::move128, sse | Row.UNALIGNED);
        t.prefixed(0x66, 0x0f6f, "movdqa", "Vx,Wx", SimdMove::move128, sse);
        t.prefixed(0x66, 0x0f7f, "movdqa", "Wx,Vx", SimdMove::move128, sse);
        t.prefixed(0xf3, 0x0f6f, "movdqu", "Vx,Wx", SimdMove::move128, sse | Row.UNALIGNED);
        t.prefixed(0xf3, 0x0f7f, "movdqu", "Wx,Vx", SimdMove::move128, sse | Row.UNALIGNED);
        t.op(0x0f6f, "movq", "Pq,Qq", SimdMove::moveMmx, mmx);
        t.op(0x0f7f, "movq", "Qq,Pq", SimdMove::moveMmx, mmx);
        t.prefixed(0x66, 0x0f6e, "movd", "Vx,Ey", SimdMove::toXmm, sse);
        t.prefixed(0x66, 0x0f7e, "movd", "Ey,Vx", SimdMove::fromXmm, sse);
        t.op(0x0f6e, "movd", "Pq,Ey", SimdMove::toMmx, mmx);
        t.op(0x0f7e, "movd", "Ey,Pq", SimdMove::fromMmx, mmx);
        t.op(0x0f77, "emms", "", SimdMove::emms, mmx);

        t.prefixed(0x66, 0x0fef, "pxor", "Vx,Wx", SimdLogic::xorXmm, sse);
        t.op(0x0fef, "pxor", "Pq,Qq", SimdLogic::xorMmx, mmx);
    }
}

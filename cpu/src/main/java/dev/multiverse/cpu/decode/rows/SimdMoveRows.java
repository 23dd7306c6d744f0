package dev.multiverse.cpu.decode.rows;

import dev.multiverse.cpu.decode.TableBuilder;
import dev.multiverse.cpu.exec.simd.Blend;
import dev.multiverse.cpu.exec.simd.Extraction;
import dev.multiverse.cpu.exec.simd.Insertion;
import dev.multiverse.cpu.exec.simd.MaskedStore;
import dev.multiverse.cpu.exec.simd.Pack;
import dev.multiverse.cpu.exec.simd.PackedShift;
import dev.multiverse.cpu.exec.simd.PartialMove;
import dev.multiverse.cpu.exec.simd.Shuffle;
import dev.multiverse.cpu.exec.simd.SimdLogic;
import dev.multiverse.cpu.exec.simd.SimdMove;
import dev.multiverse.cpu.exec.simd.Unpack;
import dev.multiverse.cpu.exec.simd.Widen;
import dev.multiverse.cpu.insn.Row;

/**
 * Opcode rows of MMX and SSE-SSE4.1 data movement, logic, shuffles, packs, shifts and blends: everything
 * that moves bits without arithmetic on them. Plain 0F rows are the MMX or PS forms; the 66 rows the XMM
 * integer or PD forms. MMX forms of instructions that SSE and SSSE3 added (PSHUFW, PEXTRW mm, PSHUFB mm...)
 * follow the MMX availability rules, as the SDM's exception tables say.
 */
public final class SimdMoveRows {
    private static final int SSE = Row.SSE, MMX = Row.MMX, REG = Row.REGONLY, MEM = Row.MEMONLY;

    private SimdMoveRows() {
    }

    public static void register(TableBuilder t) {
        wholeRegisterMoves(t);
        partialMoves(t);
        elementMoves(t);
        logic(t);
        shuffles(t);
        unpacksAndPacks(t);
        blendsAndWidening(t);
        shifts(t);
    }

    private static void wholeRegisterMoves(TableBuilder t) {
        t.op(0x0f28, "movaps", "Vx,Wx", SimdMove::move128, SSE);
        t.op(0x0f29, "movaps", "Wx,Vx", SimdMove::move128, SSE);
        t.prefixed(0x66, 0x0f28, "movapd", "Vx,Wx", SimdMove::move128, SSE);
        t.prefixed(0x66, 0x0f29, "movapd", "Wx,Vx", SimdMove::move128, SSE);
        t.op(0x0f10, "movups", "Vx,Wx", SimdMove::move128, SSE | Row.UNALIGNED);
        t.op(0x0f11, "movups", "Wx,Vx", SimdMove::move128, SSE | Row.UNALIGNED);
        t.prefixed(0x66, 0x0f10, "movupd", "Vx,Wx", SimdMove::move128, SSE | Row.UNALIGNED);
        t.prefixed(0x66, 0x0f11, "movupd", "Wx,Vx", SimdMove::move128, SSE | Row.UNALIGNED);
        t.prefixed(0x66, 0x0f6f, "movdqa", "Vx,Wx", SimdMove::move128, SSE);
        t.prefixed(0x66, 0x0f7f, "movdqa", "Wx,Vx", SimdMove::move128, SSE);
        t.prefixed(0xf3, 0x0f6f, "movdqu", "Vx,Wx", SimdMove::move128, SSE | Row.UNALIGNED);
        t.prefixed(0xf3, 0x0f7f, "movdqu", "Wx,Vx", SimdMove::move128, SSE | Row.UNALIGNED);
        t.prefixed(0xf2, 0x0ff0, "lddqu", "Vx,Wx", SimdMove::move128, SSE | MEM | Row.UNALIGNED);
        t.op(0x0f6f, "movq", "Pq,Qq", SimdMove::moveMmx, MMX);
        t.op(0x0f7f, "movq", "Qq,Pq", SimdMove::moveMmx, MMX);
        // Non-temporal hints change nothing an emulator can observe: plain (aligned) moves.
        t.op(0x0f2b, "movntps", "Wx,Vx", SimdMove::move128, SSE | MEM);
        t.prefixed(0x66, 0x0f2b, "movntpd", "Wx,Vx", SimdMove::move128, SSE | MEM);
        t.prefixed(0x66, 0x0fe7, "movntdq", "Wx,Vx", SimdMove::move128, SSE | MEM);
        t.prefixed(0x66, 0x0f382a, "movntdqa", "Vx,Wx", SimdMove::move128, SSE | MEM);
        t.op(0x0fe7, "movntq", "Qq,Pq", SimdMove::moveMmx, MMX | MEM);
        // MOVNTI stores a general register: no SSE state, so none of the SSE checks.
        t.op(0x0fc3, "movnti", "Ey,Gy", SimdMove::movnti, MEM | Row.NO66);
        t.op(0x0ff7, "maskmovq", "Pq,Nq", MaskedStore::maskmovq, MMX | REG);
        t.prefixed(0x66, 0x0ff7, "maskmovdqu", "Vx,Ux", MaskedStore::maskmovdqu, SSE | REG);
        t.prefixed(0xf2, 0x0fd6, "movdq2q", "Pq,Ux", SimdMove::movdq2q, SSE | MMX | REG);
        t.prefixed(0xf3, 0x0fd6, "movq2dq", "Vx,Nq", SimdMove::movq2dq, SSE | MMX | REG);
        t.op(0x0f77, "emms", "", SimdMove::emms, MMX);
    }

    private static void partialMoves(TableBuilder t) {
        t.prefixed(0x66, 0x0f6e, "movd", "Vx,Ey", SimdMove::toXmm, SSE);
        t.prefixed(0x66, 0x0f7e, "movd", "Ey,Vx", SimdMove::fromXmm, SSE);
        t.op(0x0f6e, "movd", "Pq,Ey", SimdMove::toMmx, MMX);
        t.op(0x0f7e, "movd", "Ey,Pq", SimdMove::fromMmx, MMX);
        t.prefixed(0xf3, 0x0f7e, "movq", "Vx,Wq", PartialMove::movq, SSE);
        t.prefixed(0x66, 0x0fd6, "movq", "Wq,Vx", PartialMove::movq, SSE);
        t.prefixed(0xf3, 0x0f10, "movss", "Vx,Wd", PartialMove::movss, SSE);
        t.prefixed(0xf3, 0x0f11, "movss", "Wd,Vx", PartialMove::movss, SSE);
        t.prefixed(0xf2, 0x0f10, "movsd", "Vx,Wq", PartialMove::movsd, SSE);
        t.prefixed(0xf2, 0x0f11, "movsd", "Wq,Vx", PartialMove::movsd, SSE);
        t.op(0x0f12, "movlps", "Vx,Wq", PartialMove::loadLow, SSE | MEM);
        t.op(0x0f12, "movhlps", "Vx,Ux", PartialMove::highToLow, SSE | REG);
        t.op(0x0f13, "movlps", "Wq,Vx", PartialMove::storeLow, SSE | MEM);
        t.prefixed(0x66, 0x0f12, "movlpd", "Vx,Wq", PartialMove::loadLow, SSE | MEM);
        t.prefixed(0x66, 0x0f13, "movlpd", "Wq,Vx", PartialMove::storeLow, SSE | MEM);
        t.op(0x0f16, "movhps", "Vx,Wq", PartialMove::loadHigh, SSE | MEM);
        t.op(0x0f16, "movlhps", "Vx,Ux", PartialMove::lowToHigh, SSE | REG);
        t.op(0x0f17, "movhps", "Wq,Vx", PartialMove::storeHigh, SSE | MEM);
        t.prefixed(0x66, 0x0f16, "movhpd", "Vx,Wq", PartialMove::loadHigh, SSE | MEM);
        t.prefixed(0x66, 0x0f17, "movhpd", "Wq,Vx", PartialMove::storeHigh, SSE | MEM);
    }

    private static void elementMoves(TableBuilder t) {
        t.op(0x0fd7, "pmovmskb", "Gy,Nq", Extraction::pmovmskbMmx, MMX | REG);
        t.prefixed(0x66, 0x0fd7, "pmovmskb", "Gy,Ux", Extraction::pmovmskb, SSE | REG);
        t.op(0x0f50, "movmskps", "Gy,Ux", Extraction::movmskps, SSE | REG);
        t.prefixed(0x66, 0x0f50, "movmskpd", "Gy,Ux", Extraction::movmskpd, SSE | REG);
        // The r32/m8 and r32/m16 operands are Ed: a register is named and written as 32 bits, while the
        // semantic reads or writes only the element's bytes of memory.
        t.op(0x0fc5, "pextrw", "Gd,Nq,Ib", Extraction::pextrwMmx, MMX | REG);
        t.prefixed(0x66, 0x0fc5, "pextrw", "Gd,Ux,Ib", Extraction::pextrw, SSE | REG);
        t.prefixed(0x66, 0x0f3a14, "pextrb", "Ed,Vx,Ib", Extraction::pextrb, SSE);
        t.prefixed(0x66, 0x0f3a15, "pextrw", "Ed,Vx,Ib", Extraction::pextrw, SSE);
        t.prefixed(0x66, 0x0f3a16, "pextrd", "Ey,Vx,Ib", Extraction::pextrd, SSE);
        t.prefixed(0x66, 0x0f3a17, "extractps", "Ed,Vx,Ib", Extraction::extractps, SSE);
        t.op(0x0fc4, "pinsrw", "Pq,Ed,Ib", Insertion::pinsrwMmx, MMX);
        t.prefixed(0x66, 0x0fc4, "pinsrw", "Vx,Ed,Ib", Insertion::pinsrw, SSE);
        t.prefixed(0x66, 0x0f3a20, "pinsrb", "Vx,Ed,Ib", Insertion::pinsrb, SSE);
        t.prefixed(0x66, 0x0f3a21, "insertps", "Vx,Wd,Ib", Insertion::insertps, SSE);
        t.prefixed(0x66, 0x0f3a22, "pinsrd", "Vx,Ey,Ib", Insertion::pinsrd, SSE);
    }

    private static void logic(TableBuilder t) {
        t.op(0x0fdb, "pand", "Pq,Qq", SimdLogic::andMmx, MMX);
        t.op(0x0fdf, "pandn", "Pq,Qq", SimdLogic::andnMmx, MMX);
        t.op(0x0feb, "por", "Pq,Qq", SimdLogic::orMmx, MMX);
        t.op(0x0fef, "pxor", "Pq,Qq", SimdLogic::xorMmx, MMX);
        t.prefixed(0x66, 0x0fdb, "pand", "Vx,Wx", SimdLogic::andXmm, SSE);
        t.prefixed(0x66, 0x0fdf, "pandn", "Vx,Wx", SimdLogic::andnXmm, SSE);
        t.prefixed(0x66, 0x0feb, "por", "Vx,Wx", SimdLogic::orXmm, SSE);
        t.prefixed(0x66, 0x0fef, "pxor", "Vx,Wx", SimdLogic::xorXmm, SSE);
        t.op(0x0f54, "andps", "Vx,Wx", SimdLogic::andXmm, SSE);
        t.op(0x0f55, "andnps", "Vx,Wx", SimdLogic::andnXmm, SSE);
        t.op(0x0f56, "orps", "Vx,Wx", SimdLogic::orXmm, SSE);
        t.op(0x0f57, "xorps", "Vx,Wx", SimdLogic::xorXmm, SSE);
        t.prefixed(0x66, 0x0f54, "andpd", "Vx,Wx", SimdLogic::andXmm, SSE);
        t.prefixed(0x66, 0x0f55, "andnpd", "Vx,Wx", SimdLogic::andnXmm, SSE);
        t.prefixed(0x66, 0x0f56, "orpd", "Vx,Wx", SimdLogic::orXmm, SSE);
        t.prefixed(0x66, 0x0f57, "xorpd", "Vx,Wx", SimdLogic::xorXmm, SSE);
        t.prefixed(0x66, 0x0f3817, "ptest", "Vx,Wx", SimdLogic::ptest, SSE);
    }

    private static void shuffles(TableBuilder t) {
        t.op(0x0f70, "pshufw", "Pq,Qq,Ib", Shuffle::pshufw, MMX);
        t.prefixed(0x66, 0x0f70, "pshufd", "Vx,Wx,Ib", Shuffle::pshufd, SSE);
        t.prefixed(0xf3, 0x0f70, "pshufhw", "Vx,Wx,Ib", Shuffle::pshufhw, SSE);
        t.prefixed(0xf2, 0x0f70, "pshuflw", "Vx,Wx,Ib", Shuffle::pshuflw, SSE);
        t.op(0x0fc6, "shufps", "Vx,Wx,Ib", Shuffle::shufps, SSE);
        t.prefixed(0x66, 0x0fc6, "shufpd", "Vx,Wx,Ib", Shuffle::shufpd, SSE);
        t.op(0x0f3800, "pshufb", "Pq,Qq", Shuffle::pshufbMmx, MMX);
        t.prefixed(0x66, 0x0f3800, "pshufb", "Vx,Wx", Shuffle::pshufb, SSE);
        t.op(0x0f3a0f, "palignr", "Pq,Qq,Ib", Shuffle::palignrMmx, MMX);
        t.prefixed(0x66, 0x0f3a0f, "palignr", "Vx,Wx,Ib", Shuffle::palignr, SSE);
        t.prefixed(0xf3, 0x0f12, "movsldup", "Vx,Wx", Shuffle::movsldup, SSE);
        t.prefixed(0xf3, 0x0f16, "movshdup", "Vx,Wx", Shuffle::movshdup, SSE);
        t.prefixed(0xf2, 0x0f12, "movddup", "Vx,Wq", Shuffle::movddup, SSE);
    }

    private static void unpacksAndPacks(TableBuilder t) {
        // The MMX low unpacks read a 32-bit memory operand (Qd); the XMM forms a whole aligned 16 bytes.
        t.op(0x0f60, "punpcklbw", "Pq,Qd", Unpack::punpcklbwMmx, MMX);
        t.op(0x0f61, "punpcklwd", "Pq,Qd", Unpack::punpcklwdMmx, MMX);
        t.op(0x0f62, "punpckldq", "Pq,Qd", Unpack::punpckldqMmx, MMX);
        t.op(0x0f68, "punpckhbw", "Pq,Qq", Unpack::punpckhbwMmx, MMX);
        t.op(0x0f69, "punpckhwd", "Pq,Qq", Unpack::punpckhwdMmx, MMX);
        t.op(0x0f6a, "punpckhdq", "Pq,Qq", Unpack::punpckhdqMmx, MMX);
        t.prefixed(0x66, 0x0f60, "punpcklbw", "Vx,Wx", Unpack::punpcklbw, SSE);
        t.prefixed(0x66, 0x0f61, "punpcklwd", "Vx,Wx", Unpack::punpcklwd, SSE);
        t.prefixed(0x66, 0x0f62, "punpckldq", "Vx,Wx", Unpack::punpckldq, SSE);
        t.prefixed(0x66, 0x0f6c, "punpcklqdq", "Vx,Wx", Unpack::punpcklqdq, SSE);
        t.prefixed(0x66, 0x0f68, "punpckhbw", "Vx,Wx", Unpack::punpckhbw, SSE);
        t.prefixed(0x66, 0x0f69, "punpckhwd", "Vx,Wx", Unpack::punpckhwd, SSE);
        t.prefixed(0x66, 0x0f6a, "punpckhdq", "Vx,Wx", Unpack::punpckhdq, SSE);
        t.prefixed(0x66, 0x0f6d, "punpckhqdq", "Vx,Wx", Unpack::punpckhqdq, SSE);
        t.op(0x0f14, "unpcklps", "Vx,Wx", Unpack::punpckldq, SSE);
        t.op(0x0f15, "unpckhps", "Vx,Wx", Unpack::punpckhdq, SSE);
        t.prefixed(0x66, 0x0f14, "unpcklpd", "Vx,Wx", Unpack::punpcklqdq, SSE);
        t.prefixed(0x66, 0x0f15, "unpckhpd", "Vx,Wx", Unpack::punpckhqdq, SSE);

        t.op(0x0f63, "packsswb", "Pq,Qq", Pack::packsswbMmx, MMX);
        t.op(0x0f6b, "packssdw", "Pq,Qq", Pack::packssdwMmx, MMX);
        t.op(0x0f67, "packuswb", "Pq,Qq", Pack::packuswbMmx, MMX);
        t.prefixed(0x66, 0x0f63, "packsswb", "Vx,Wx", Pack::packsswb, SSE);
        t.prefixed(0x66, 0x0f6b, "packssdw", "Vx,Wx", Pack::packssdw, SSE);
        t.prefixed(0x66, 0x0f67, "packuswb", "Vx,Wx", Pack::packuswb, SSE);
        t.prefixed(0x66, 0x0f382b, "packusdw", "Vx,Wx", Pack::packusdw, SSE);
    }

    private static void blendsAndWidening(TableBuilder t) {
        t.prefixed(0x66, 0x0f3a0e, "pblendw", "Vx,Wx,Ib", Blend::pblendw, SSE);
        t.prefixed(0x66, 0x0f3a0c, "blendps", "Vx,Wx,Ib", Blend::blendps, SSE);
        t.prefixed(0x66, 0x0f3a0d, "blendpd", "Vx,Wx,Ib", Blend::blendpd, SSE);
        t.prefixed(0x66, 0x0f3810, "pblendvb", "Vx,Wx", Blend::pblendvb, SSE);
        t.prefixed(0x66, 0x0f3814, "blendvps", "Vx,Wx", Blend::blendvps, SSE);
        t.prefixed(0x66, 0x0f3815, "blendvpd", "Vx,Wx", Blend::blendvpd, SSE);

        // The W size is the memory read: as many source bytes as the widened elements need.
        t.prefixed(0x66, 0x0f3820, "pmovsxbw", "Vx,Wq", Widen::pmovsxbw, SSE);
        t.prefixed(0x66, 0x0f3821, "pmovsxbd", "Vx,Wd", Widen::pmovsxbd, SSE);
        t.prefixed(0x66, 0x0f3822, "pmovsxbq", "Vx,Ww", Widen::pmovsxbq, SSE);
        t.prefixed(0x66, 0x0f3823, "pmovsxwd", "Vx,Wq", Widen::pmovsxwd, SSE);
        t.prefixed(0x66, 0x0f3824, "pmovsxwq", "Vx,Wd", Widen::pmovsxwq, SSE);
        t.prefixed(0x66, 0x0f3825, "pmovsxdq", "Vx,Wq", Widen::pmovsxdq, SSE);
        t.prefixed(0x66, 0x0f3830, "pmovzxbw", "Vx,Wq", Widen::pmovzxbw, SSE);
        t.prefixed(0x66, 0x0f3831, "pmovzxbd", "Vx,Wd", Widen::pmovzxbd, SSE);
        t.prefixed(0x66, 0x0f3832, "pmovzxbq", "Vx,Ww", Widen::pmovzxbq, SSE);
        t.prefixed(0x66, 0x0f3833, "pmovzxwd", "Vx,Wq", Widen::pmovzxwd, SSE);
        t.prefixed(0x66, 0x0f3834, "pmovzxwq", "Vx,Wd", Widen::pmovzxwq, SSE);
        t.prefixed(0x66, 0x0f3835, "pmovzxdq", "Vx,Wq", Widen::pmovzxdq, SSE);
    }

    private static void shifts(TableBuilder t) {
        t.op(0x0fd1, "psrlw", "Pq,Qq", PackedShift::psrlwMmx, MMX);
        t.op(0x0fd2, "psrld", "Pq,Qq", PackedShift::psrldMmx, MMX);
        t.op(0x0fd3, "psrlq", "Pq,Qq", PackedShift::psrlqMmx, MMX);
        t.op(0x0fe1, "psraw", "Pq,Qq", PackedShift::psrawMmx, MMX);
        t.op(0x0fe2, "psrad", "Pq,Qq", PackedShift::psradMmx, MMX);
        t.op(0x0ff1, "psllw", "Pq,Qq", PackedShift::psllwMmx, MMX);
        t.op(0x0ff2, "pslld", "Pq,Qq", PackedShift::pslldMmx, MMX);
        t.op(0x0ff3, "psllq", "Pq,Qq", PackedShift::psllqMmx, MMX);
        t.prefixed(0x66, 0x0fd1, "psrlw", "Vx,Wx", PackedShift::psrlw, SSE);
        t.prefixed(0x66, 0x0fd2, "psrld", "Vx,Wx", PackedShift::psrld, SSE);
        t.prefixed(0x66, 0x0fd3, "psrlq", "Vx,Wx", PackedShift::psrlq, SSE);
        t.prefixed(0x66, 0x0fe1, "psraw", "Vx,Wx", PackedShift::psraw, SSE);
        t.prefixed(0x66, 0x0fe2, "psrad", "Vx,Wx", PackedShift::psrad, SSE);
        t.prefixed(0x66, 0x0ff1, "psllw", "Vx,Wx", PackedShift::psllw, SSE);
        t.prefixed(0x66, 0x0ff2, "pslld", "Vx,Wx", PackedShift::pslld, SSE);
        t.prefixed(0x66, 0x0ff3, "psllq", "Vx,Wx", PackedShift::psllq, SSE);

        t.grp(0x0f71, 2, "psrlw", "Nq,Ib", PackedShift::psrlwMmx, MMX | REG);
        t.grp(0x0f71, 4, "psraw", "Nq,Ib", PackedShift::psrawMmx, MMX | REG);
        t.grp(0x0f71, 6, "psllw", "Nq,Ib", PackedShift::psllwMmx, MMX | REG);
        t.grp(0x0f72, 2, "psrld", "Nq,Ib", PackedShift::psrldMmx, MMX | REG);
        t.grp(0x0f72, 4, "psrad", "Nq,Ib", PackedShift::psradMmx, MMX | REG);
        t.grp(0x0f72, 6, "pslld", "Nq,Ib", PackedShift::pslldMmx, MMX | REG);
        t.grp(0x0f73, 2, "psrlq", "Nq,Ib", PackedShift::psrlqMmx, MMX | REG);
        t.grp(0x0f73, 6, "psllq", "Nq,Ib", PackedShift::psllqMmx, MMX | REG);
        t.add(0x66, 0x0f71, 2, -1, "psrlw", "Ux,Ib", PackedShift::psrlw, SSE | REG);
        t.add(0x66, 0x0f71, 4, -1, "psraw", "Ux,Ib", PackedShift::psraw, SSE | REG);
        t.add(0x66, 0x0f71, 6, -1, "psllw", "Ux,Ib", PackedShift::psllw, SSE | REG);
        t.add(0x66, 0x0f72, 2, -1, "psrld", "Ux,Ib", PackedShift::psrld, SSE | REG);
        t.add(0x66, 0x0f72, 4, -1, "psrad", "Ux,Ib", PackedShift::psrad, SSE | REG);
        t.add(0x66, 0x0f72, 6, -1, "pslld", "Ux,Ib", PackedShift::pslld, SSE | REG);
        t.add(0x66, 0x0f73, 2, -1, "psrlq", "Ux,Ib", PackedShift::psrlq, SSE | REG);
        t.add(0x66, 0x0f73, 3, -1, "psrldq", "Ux,Ib", PackedShift::psrldq, SSE | REG);
        t.add(0x66, 0x0f73, 6, -1, "psllq", "Ux,Ib", PackedShift::psllq, SSE | REG);
        t.add(0x66, 0x0f73, 7, -1, "pslldq", "Ux,Ib", PackedShift::pslldq, SSE | REG);
    }
}

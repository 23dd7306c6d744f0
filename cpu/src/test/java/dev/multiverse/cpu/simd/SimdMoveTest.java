package dev.multiverse.cpu.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.state.X87;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Partial, non-temporal, masked and MMX/XMM moves: what each keeps, zeroes and writes. */
class SimdMoveTest {
    private static final long A = 0x1111_2222_3333_4444L, B = 0x5555_6666_7777_8888L,
            C = 0x9999_aaaa_bbbb_ccccL, D = 0xdddd_eeee_ffff_0000L, M = 0x0123_4567_89ab_cdefL;
    private final SimdFixture f = new SimdFixture();
    private final Cpu cpu = f.cpu;

    SimdMoveTest() {
        f.xmm(1, A, B);
        f.xmm(2, C, D);
        cpu.gpr[Cpu.RAX] = SimdFixture.DATA;
        f.poke(SimdFixture.DATA, 8, M);
        f.poke(SimdFixture.DATA + 8, 8, ~M);
    }

    @Test
    void movqZeroesTheHighQuadwordOfARegisterDestination() {
        f.run("f3 0f 7e d1");                       // movq %xmm1,%xmm2
        assertEquals(A, f.low(2));
        assertEquals(0, f.high(2));
        f.xmm(2, C, D);
        f.run("66 0f d6 ca");                       // movq %xmm1,%xmm2 (the store form)
        assertEquals(A, f.low(2));
        assertEquals(0, f.high(2));
        f.run("f3 0f 7e 18");                       // movq (%rax),%xmm3
        assertEquals(M, f.low(3));
        assertEquals(0, f.high(3));
    }

    @Test
    void movqStoreWritesEightBytes() {
        f.run("66 0f d6 08");                       // movq %xmm1,(%rax)
        assertEquals(A, f.peek(SimdFixture.DATA, 8));
        assertEquals(~M, f.peek(SimdFixture.DATA + 8, 8));
    }

    @Test
    void movssBetweenRegistersMergesAndFromMemoryZeroes() {
        f.run("f3 0f 10 d1");                       // movss %xmm1,%xmm2
        assertEquals(0x9999_aaaa_3333_4444L, f.low(2));
        assertEquals(D, f.high(2));
        f.xmm(2, C, D);
        f.run("f3 0f 11 ca");                       // movss %xmm1,%xmm2 (the store opcode)
        assertEquals(0x9999_aaaa_3333_4444L, f.low(2));
        f.run("f3 0f 10 10");                       // movss (%rax),%xmm2
        assertEquals(0x89ab_cdefL, f.low(2));
        assertEquals(0, f.high(2));
        f.run("f3 0f 11 08");                       // movss %xmm1,(%rax)
        assertEquals(0x0123_4567_3333_4444L, f.peek(SimdFixture.DATA, 8));
    }

    @Test
    void movsdBetweenRegistersMergesAndFromMemoryZeroes() {
        f.run("f2 0f 10 d1");                       // movsd %xmm1,%xmm2
        assertEquals(A, f.low(2));
        assertEquals(D, f.high(2));
        f.run("f2 0f 10 10");                       // movsd (%rax),%xmm2
        assertEquals(M, f.low(2));
        assertEquals(0, f.high(2));
        f.run("f2 0f 11 48 08");                    // movsd %xmm1,0x8(%rax)
        assertEquals(A, f.peek(SimdFixture.DATA + 8, 8));
        assertEquals(M, f.peek(SimdFixture.DATA, 8));
    }

    @Test
    void halfMovesKeepTheOtherHalf() {
        f.run("0f 12 10");                          // movlps (%rax),%xmm2
        assertEquals(M, f.low(2));
        assertEquals(D, f.high(2));
        f.run("66 0f 16 10");                       // movhpd (%rax),%xmm2
        assertEquals(M, f.low(2));
        assertEquals(M, f.high(2));
        f.run("0f 17 48 08");                       // movhps %xmm1,0x8(%rax)
        assertEquals(B, f.peek(SimdFixture.DATA + 8, 8));
        f.run("66 0f 13 08");                       // movlpd %xmm1,(%rax)
        assertEquals(A, f.peek(SimdFixture.DATA, 8));
        f.xmm(2, C, D);
        f.run("0f 12 d1");                          // movhlps %xmm1,%xmm2
        assertEquals(B, f.low(2));
        assertEquals(D, f.high(2));
        f.run("0f 16 d1");                          // movlhps %xmm1,%xmm2
        assertEquals(B, f.low(2));
        assertEquals(A, f.high(2));
    }

    @Test
    void registerFormsOfMemoryOnlyMovesAreUndefined() {
        assertEquals(6, f.exception("0f 13 c1"));  // movlps to a register
        assertEquals(6, f.exception("66 0f e7 c1"));   // movntdq to a register
        assertEquals(6, f.exception("f2 0f f0 c1"));   // lddqu from a register
    }

    @Test
    void movdq2qAndMovq2dqCrossBetweenMmxAndXmm() {
        cpu.x87.setTop(3);
        cpu.x87.tag = 0xffff;
        f.run("f2 0f d6 d1");                       // movdq2q %xmm1,%mm2
        assertEquals(A, f.mm(2));
        assertEquals(0, cpu.x87.top());
        assertEquals(0, cpu.x87.tag, "MMX state: every register valid");
        f.mm(3, M);
        f.run("f3 0f d6 db");                       // movq2dq %mm3,%xmm3
        assertEquals(M, f.low(3));
        assertEquals(0, f.high(3));
    }

    @Test
    void movq2dqChecksBothSseAndMmxConditions() {
        cpu.cr0 |= Cpu.CR0_NE;   // native x87 error reporting: #MF rather than FERR# and a freeze
        cpu.x87.status |= X87.STATUS_ES;
        assertEquals(16, f.exception("f3 0f d6 d1"), "#MF for a pending x87 exception, as MMX");
        cpu.x87.status = 0;
        cpu.cr4 &= ~Cpu.CR4_OSFXSR;
        assertEquals(6, f.exception("f3 0f d6 d1"), "#UD without OSFXSR, as SSE");
        assertEquals(-1, f.exception("0f ef c1"), "while MMX itself needs no OSFXSR");
    }

    @Test
    void unalignedAndNonTemporalMoves() {
        f.poke(SimdFixture.DATA + 16, 8, B);
        cpu.gpr[Cpu.RAX] = SimdFixture.DATA + 8;
        f.run("f2 0f f0 18");                       // lddqu (%rax),%xmm3: any alignment
        assertEquals(~M, f.low(3));
        assertEquals(B, f.high(3));
        assertEquals(13, f.exception("66 0f e7 08"), "movntdq needs 16-byte alignment");
        assertEquals(13, f.exception("66 0f 38 2a 08"), "so does movntdqa");
        cpu.gpr[Cpu.RAX] = SimdFixture.DATA;
        f.run("66 0f 38 2a 18 0f 2b 50 10");        // movntdqa (%rax),%xmm3; movntps %xmm2,0x10(%rax)
        assertEquals(M, f.low(3));
        assertEquals(C, f.peek(SimdFixture.DATA + 16, 8));
        assertEquals(D, f.peek(SimdFixture.DATA + 24, 8));
        f.mm(5, A);
        f.run("0f e7 68 20");                       // movntq %mm5,0x20(%rax)
        assertEquals(A, f.peek(SimdFixture.DATA + 0x20, 8));
    }

    @Test
    void movntiStoresAGeneralRegisterAtItsSize() {
        cpu.gpr[Cpu.RCX] = A;
        f.run("0f c3 08");                          // movnti %ecx,(%rax)
        assertEquals(0x0123_4567_3333_4444L, f.peek(SimdFixture.DATA, 8));
        f.run("48 0f c3 48 08");                    // movnti %rcx,0x8(%rax)
        assertEquals(A, f.peek(SimdFixture.DATA + 8, 8));
        assertEquals(6, f.exception("0f c3 c8"), "register destination");
    }

    @Test
    void movntiHasNoPrefixedForms() {
        assertEquals(6, f.exception("66 0f c3 08"));
        assertEquals(6, f.exception("f3 48 0f c3 08"));
        assertEquals(6, f.exception("f2 0f c3 08"));
    }

    @Test
    void emmsEmptiesEveryTagAndResetsTop() {
        cpu.x87.setTop(5);
        cpu.x87.tag = 0;
        f.run("0f 77");
        assertEquals(0xffff, cpu.x87.tag);
        assertEquals(0, cpu.x87.top());
    }

    @Test
    void aFaultingMmxStoreHasAlreadyResetTopButNotTheTags() {
        cpu.x87.setTop(5);
        cpu.x87.tag = 0xfff0;
        cpu.gpr[Cpu.RAX] = 0x8000_0000_0000_0000L;  // non-canonical: #GP
        assertEquals(13, f.exception("0f 7f 08"));  // movq %mm1,(%rax)
        assertEquals(0, cpu.x87.top());
        assertEquals(0xfff0, cpu.x87.tag);
        cpu.x87.setTop(5);
        assertEquals(13, f.exception("0f 6f 08"), "a faulting load changes neither");  // movq (%rax),%mm1
        assertEquals(5, cpu.x87.top());
        cpu.gpr[Cpu.RDI] = 0x8000_0000_0000_0000L;
        assertEquals(13, f.exception("0f f7 c1"), "maskmovq enters the MMX state before its store");
        assertEquals(0, cpu.x87.top());
        assertEquals(0, cpu.x87.tag);
    }

    @Test
    void maskmovqStoresTheSelectedBytesAtRdi() {
        f.poke(SimdFixture.DATA, 8, 0xaaaa_aaaa_aaaa_aaaaL);
        cpu.gpr[Cpu.RDI] = SimdFixture.DATA;
        f.mm(0, 0x1122_3344_5566_7788L);
        f.mm(1, 0x8000_ff00_7f80_0001L);             // bytes 2, 5 and 7 have their top bit set
        f.run("0f f7 c1");                          // maskmovq %mm1,%mm0
        assertEquals(0x11aa_33aa_aa66_aaaaL, f.peek(SimdFixture.DATA, 8));
        assertEquals(0, cpu.x87.top());
    }

    @Test
    void maskmovdquStoresSixteenMaskedBytes() {
        f.poke(SimdFixture.DATA, 8, 0);
        f.poke(SimdFixture.DATA + 8, 8, 0);
        cpu.gpr[Cpu.RDI] = SimdFixture.DATA;
        f.xmm(0, 0x8000_0000_0000_0080L, 0xffff_ffff_0000_0000L);
        f.run("66 0f f7 d0");                       // maskmovdqu %xmm0,%xmm2
        assertEquals(0x9900_0000_0000_00ccL, f.peek(SimdFixture.DATA, 8));
        assertEquals(0xdddd_eeee_0000_0000L, f.peek(SimdFixture.DATA + 8, 8));
    }

    @Test
    void maskedStoresCheckTheWholeDestinationEvenWithAZeroMask() {
        cpu.gpr[Cpu.RDI] = 0x8000_0000_0000_0000L;  // non-canonical
        f.mm(1, 0);
        assertEquals(13, f.exception("0f f7 c1"));
        f.xmm(1, 0, 0);
        assertEquals(13, f.exception("66 0f f7 c1"));
    }

    @Test
    void maskedStoreAddressHasTheAddressSize() {
        cpu.gpr[Cpu.RDI] = 0xffff_ffff_0000_0000L | SimdFixture.DATA;
        f.mm(0, 0x77);
        f.mm(1, 0x80);
        f.run("67 0f f7 c1");                       // addr32 maskmovq %mm1,%mm0: DS:EDI
        assertEquals(0x77, f.peek(SimdFixture.DATA, 1));
    }
}

package dev.multiverse.cpu.disasm;

import dev.multiverse.cpu.decode.Decoder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * MMX and SSE encodings of data movement, logic, shuffles, packs, blends and shifts: register and memory
 * forms, REX-extended registers, mandatory prefixes and the prefixes objdump names when they are unused
 * (see {@link Snippets}).
 */
class SimdSnippetsTest {
    @TempDir
    Path scratch;

    private static final String MOVES = """
            movaps %xmm1,%xmm2; movaps (%rax),%xmm15; movaps %xmm8,0x10(%rsp); movups (%rax,%rbx,4),%xmm3; movupd %xmm0,(%rdi)
            movdqa %xmm9,%xmm10; movdqu -0x10(%rbp),%xmm1; movdqu %xmm7,(%r12); movapd 0x20(%rip),%xmm4
            movq %mm1,%mm2; movq (%rax),%mm7; movq %mm3,(%rcx); movd %eax,%mm1; movd %mm1,%ecx; movq %rax,%mm2; movq %mm2,%rdx
            movd %eax,%xmm1; movd %xmm2,(%rax); movq %r9,%xmm14; movq %xmm14,%r9; movd (%rbx),%xmm3
            movd (%rax),%mm1; movd %mm1,(%rax); movd %r8d,%mm1; movd %mm2,%r10d; movd %xmm9,%eax; movd %eax,%xmm9; movd %r11d,%xmm0
            lddqu (%rax),%xmm1; lddqu 0x10(%r9),%xmm12; movntps %xmm1,(%rax); movntpd %xmm10,(%r8); movntdq %xmm3,0x10(%rsp)
            movntdqa (%rax),%xmm1; movntdqa (%r13),%xmm11; movntq %mm1,(%rax); movntq %mm7,(%r9,%r10,2); movnti %eax,(%rax); movnti %r9,(%rbx)
            maskmovq %mm1,%mm0; maskmovq %mm7,%mm6; maskmovdqu %xmm1,%xmm0; maskmovdqu %xmm9,%xmm10
            movdq2q %xmm1,%mm2; movdq2q %xmm9,%mm0; movq2dq %mm1,%xmm2; movq2dq %mm3,%xmm12
            emms
            .byte 0x67,0x0f,0xf7,0xc1
            .byte 0x64,0x0f,0xf7,0xc1
            .byte 0x2e,0x66,0x0f,0xf7,0xc1
            .byte 0x67,0x66,0x0f,0xf7,0xc1
            .byte 0x44,0x0f,0x6f,0xc1
            .byte 0x41,0x0f,0x6f,0xc1
            .byte 0x48,0x0f,0x6f,0xc1
            .byte 0x66,0x48,0x0f,0x6f,0xc1
            """;

    private static final String PARTIAL_MOVES = """
            movq %xmm1,%xmm2; movq (%rax),%xmm1; movq 8(%r8),%xmm13; movq %xmm1,(%rax); movq %xmm14,(%r9,%rax,8)
            .byte 0x66,0x0f,0xd6,0xca
            .byte 0x66,0x45,0x0f,0xd6,0xca
            movss %xmm1,%xmm2; movss (%rax),%xmm1; movss %xmm1,(%rax); movss %xmm10,%xmm11; movss 4(%r12),%xmm8
            movsd %xmm1,%xmm2; movsd (%rax),%xmm1; movsd %xmm1,(%rax); movsd %xmm15,(%rsp)
            .byte 0xf3,0x0f,0x11,0xca
            .byte 0xf2,0x0f,0x11,0xca
            .byte 0xf2,0x44,0x0f,0x11,0xca
            movlps (%rax),%xmm1; movlps %xmm1,(%rax); movlpd (%rax),%xmm9; movlpd %xmm9,8(%rax)
            movhps (%rax),%xmm1; movhps %xmm1,(%rax); movhpd (%r8),%xmm2; movhpd %xmm2,(%r8)
            movhlps %xmm1,%xmm2; movhlps %xmm9,%xmm10; movlhps %xmm1,%xmm2; movlhps %xmm15,%xmm0
            movsldup %xmm1,%xmm2; movsldup (%rax),%xmm9; movshdup %xmm1,%xmm2; movshdup (%rax),%xmm3
            movddup %xmm1,%xmm2; movddup (%rax),%xmm2; movddup 8(%r10),%xmm12
            """;

    private static final String ELEMENTS = """
            pmovmskb %mm1,%eax; pmovmskb %mm7,%r9d; pmovmskb %xmm1,%eax; pmovmskb %xmm9,%r10d
            .byte 0x48,0x0f,0xd7,0xc1
            .byte 0x66,0x48,0x0f,0xd7,0xc1
            movmskps %xmm1,%eax; movmskps %xmm10,%r8d; movmskpd %xmm1,%eax; movmskpd %xmm15,%ecx
            .byte 0x48,0x0f,0x50,0xc1
            .byte 0x66,0x48,0x0f,0x50,0xc1
            pextrw $1,%mm1,%eax; pextrw $3,%mm7,%r9d; pextrw $7,%xmm1,%eax; pextrw $0,%xmm9,%r11d
            .byte 0x66,0x48,0x0f,0xc5,0xc1,0x01
            .byte 0x48,0x0f,0xc5,0xc1,0x01
            pextrw $1,%xmm1,(%rax); pextrw $0xff,%xmm11,0x10(%rax)
            .byte 0x66,0x0f,0x3a,0x15,0xc8,0x01
            .byte 0x66,0x48,0x0f,0x3a,0x15,0xc8,0x01
            pextrb $1,%xmm1,%eax; pextrb $15,%xmm1,(%rax); pextrb $0,%xmm12,%r9d
            .byte 0x66,0x48,0x0f,0x3a,0x14,0xc8,0x01
            pextrd $1,%xmm1,%eax; pextrd $3,%xmm9,(%rax); pextrq $1,%xmm1,%rax; pextrq $0,%xmm10,(%r11); pextrq $1,%xmm2,%r12
            extractps $1,%xmm1,%eax; extractps $3,%xmm9,(%rax); extractps $2,%xmm2,%r8d
            .byte 0x66,0x48,0x0f,0x3a,0x17,0xc8,0x01
            pinsrw $1,%eax,%mm1; pinsrw $2,(%rax),%mm1; pinsrw $3,%r9d,%mm7; pinsrw $5,%eax,%xmm1; pinsrw $7,(%rax),%xmm10
            .byte 0x66,0x48,0x0f,0xc4,0xc8,0x01
            pinsrb $1,%eax,%xmm1; pinsrb $15,(%rax),%xmm1; pinsrb $3,%r10d,%xmm11
            pinsrd $1,%eax,%xmm1; pinsrd $3,(%rax),%xmm9; pinsrq $1,%rax,%xmm1; pinsrq $0,(%rax),%xmm1; pinsrq $1,%r15,%xmm15
            insertps $0x4f,%xmm1,%xmm2; insertps $0x30,(%rax),%xmm2; insertps $0xff,%xmm9,%xmm10
            """;

    private static final String LOGIC = """
            pand %mm1,%mm2; pand (%rax),%mm3; pandn %mm4,%mm5; pandn 8(%rax),%mm6; por %mm7,%mm0; por (%rbx),%mm1; pxor %mm0,%mm1; pxor 8(%rax),%mm3
            pand %xmm1,%xmm2; pand (%rax),%xmm11; pandn %xmm9,%xmm3; pandn (%r8),%xmm4; por %xmm5,%xmm6; por (%rip),%xmm7; pxor %xmm1,%xmm2; pxor (%rax),%xmm11
            andps %xmm1,%xmm2; andps (%rax),%xmm9; andpd %xmm1,%xmm2; andpd (%rax),%xmm3; andnps %xmm1,%xmm2; andnpd (%rax),%xmm12
            orps %xmm1,%xmm2; orpd (%rax),%xmm3; xorps %xmm8,%xmm8; xorps (%rax),%xmm1; xorpd %xmm1,%xmm2; xorpd (%r9),%xmm10
            ptest %xmm1,%xmm2; ptest (%rax),%xmm9; ptest %xmm15,%xmm0
            """;

    private static final String SHUFFLES = """
            pshufw $0x1b,%mm1,%mm2; pshufw $0,(%rax),%mm7; pshufd $0x1b,%xmm1,%xmm2; pshufd $0xe4,(%rax),%xmm9
            pshufhw $0x1b,%xmm1,%xmm2; pshufhw $0xff,(%r8),%xmm3; pshuflw $0x1b,%xmm10,%xmm2; pshuflw $0,(%rax),%xmm4
            shufps $0x1b,%xmm1,%xmm2; shufps $0x44,(%rax),%xmm12; shufpd $1,%xmm1,%xmm2; shufpd $3,(%rax),%xmm3
            pshufb %mm1,%mm2; pshufb (%rax),%mm3; pshufb %xmm1,%xmm2; pshufb (%rax),%xmm10; pshufb %xmm9,%xmm0
            palignr $3,%mm1,%mm2; palignr $0xf,(%rax),%mm3; palignr $3,%xmm1,%xmm2; palignr $0x20,(%r10),%xmm11
            """;

    private static final String UNPACKS_AND_PACKS = """
            punpcklbw %mm1,%mm2; punpcklbw (%rax),%mm1; punpcklwd %mm1,%mm2; punpcklwd (%rax),%mm3; punpckldq %mm1,%mm2; punpckldq (%rax),%mm4
            punpckhbw %mm1,%mm2; punpckhbw (%rax),%mm1; punpckhwd %mm1,%mm2; punpckhwd (%rax),%mm3; punpckhdq %mm1,%mm2; punpckhdq (%rax),%mm4
            punpcklbw %xmm1,%xmm2; punpcklbw (%rax),%xmm9; punpcklwd %xmm1,%xmm2; punpckldq %xmm10,%xmm2; punpcklqdq %xmm1,%xmm2; punpcklqdq (%rax),%xmm3
            punpckhbw %xmm1,%xmm2; punpckhwd (%rax),%xmm9; punpckhdq %xmm1,%xmm12; punpckhqdq %xmm1,%xmm2; punpckhqdq (%r8),%xmm3
            unpcklps %xmm1,%xmm2; unpcklps (%rax),%xmm9; unpckhps %xmm1,%xmm2; unpcklpd %xmm1,%xmm2; unpckhpd (%rax),%xmm10
            packsswb %mm1,%mm2; packsswb (%rax),%mm3; packssdw %mm1,%mm2; packuswb (%rax),%mm4
            packsswb %xmm1,%xmm2; packssdw (%rax),%xmm9; packuswb %xmm1,%xmm2; packusdw %xmm1,%xmm2; packusdw (%rax),%xmm13
            """;

    private static final String BLENDS_AND_WIDENING = """
            pblendw $5,%xmm1,%xmm2; pblendw $0xff,(%rax),%xmm9; blendps $5,%xmm1,%xmm2; blendps $0xf,(%rax),%xmm3
            blendpd $1,%xmm1,%xmm2; blendpd $3,(%r8),%xmm11
            pblendvb %xmm0,%xmm1,%xmm2; pblendvb %xmm0,(%rax),%xmm9; blendvps %xmm0,%xmm1,%xmm2; blendvps %xmm0,(%rax),%xmm2
            blendvpd %xmm0,%xmm9,%xmm2; blendvpd %xmm0,(%rax),%xmm15
            pmovsxbw %xmm1,%xmm2; pmovsxbw (%rax),%xmm1; pmovsxbd %xmm1,%xmm2; pmovsxbd (%rax),%xmm9; pmovsxbq %xmm1,%xmm2; pmovsxbq (%rax),%xmm3
            pmovsxwd %xmm1,%xmm2; pmovsxwd (%rax),%xmm4; pmovsxwq %xmm10,%xmm2; pmovsxwq (%rax),%xmm5; pmovsxdq %xmm1,%xmm2; pmovsxdq (%rax),%xmm6
            pmovzxbw %xmm1,%xmm2; pmovzxbw (%rax),%xmm1; pmovzxbd %xmm1,%xmm2; pmovzxbd (%rax),%xmm9; pmovzxbq %xmm1,%xmm9; pmovzxbq (%rax),%xmm3
            pmovzxwd %xmm1,%xmm2; pmovzxwd (%rax),%xmm4; pmovzxwq %xmm10,%xmm2; pmovzxwq (%rax),%xmm5; pmovzxdq %xmm1,%xmm2; pmovzxdq (%r12),%xmm6
            """;

    private static final String SHIFTS = """
            psrlw $3,%mm1; psraw $15,%mm2; psllw $0xff,%mm7; psrld $1,%mm1; psrad $31,%mm2; pslld $32,%mm3; psrlq $63,%mm4; psllq $64,%mm5
            psrlw $3,%xmm1; psraw $15,%xmm9; psllw $16,%xmm2; psrld $1,%xmm1; psrad $31,%xmm10; pslld $32,%xmm3; psrlq $63,%xmm4; psllq $1,%xmm15
            psrldq $3,%xmm1; psrldq $16,%xmm9; pslldq $3,%xmm9; pslldq $0xff,%xmm0
            psrlw %mm1,%mm2; psrlw (%rax),%mm2; psrld %mm1,%mm2; psrlq (%rax),%mm3; psraw %mm1,%mm2; psrad (%rax),%mm4; psllw %mm1,%mm2; pslld (%rax),%mm5; psllq %mm6,%mm7
            psrlw %xmm1,%xmm2; psrlw (%rax),%xmm2; psrld %xmm9,%xmm2; psrlq (%rax),%xmm3; psraw %xmm1,%xmm12; psrad (%rax),%xmm4; psllw %xmm1,%xmm2; pslld (%rax),%xmm5; psllq %xmm14,%xmm15
            """;

    /** 32-bit code: no REX; 16-bit addressing through 67 names its registers. */
    private static final String CODE32 = """
            movq %mm1,%mm2; movd %eax,%xmm1; movq (%eax),%xmm1; movss (%ebx),%xmm2; movhps %xmm1,(%eax); maskmovq %mm1,%mm0; maskmovdqu %xmm1,%xmm0
            pextrw $1,%xmm1,%eax; pinsrw $2,(%eax),%mm1; pextrd $1,%xmm1,(%eax); pinsrd $2,%ecx,%xmm3; pextrb $1,%xmm1,%edx
            pshufd $0x1b,(%eax),%xmm2; punpcklbw (%ecx),%mm1; psrlw $3,%mm1; pslldq $4,%xmm7; pblendvb %xmm0,(%eax),%xmm1; pmovzxbd (%esi),%xmm1
            movnti %eax,(%ecx); pmovmskb %xmm1,%eax; movmskps %xmm2,%ecx
            .byte 0x67,0x0f,0xf7,0xc1
            .byte 0x67,0x0f,0x6f,0x07
            """;

    private Stream<DynamicTest> code64(String label, String source) throws IOException {
        return Snippets.compare(scratch, label, ".code64", source, Decoder.CODE64, "--64");
    }

    @TestFactory
    Stream<DynamicTest> moves() throws IOException {
        return code64("moves", MOVES);
    }

    @TestFactory
    Stream<DynamicTest> partialMoves() throws IOException {
        return code64("partial", PARTIAL_MOVES);
    }

    @TestFactory
    Stream<DynamicTest> elementMoves() throws IOException {
        return code64("elements", ELEMENTS);
    }

    @TestFactory
    Stream<DynamicTest> logic() throws IOException {
        return code64("logic", LOGIC);
    }

    @TestFactory
    Stream<DynamicTest> shuffles() throws IOException {
        return code64("shuffles", SHUFFLES);
    }

    @TestFactory
    Stream<DynamicTest> unpacksAndPacks() throws IOException {
        return code64("packs", UNPACKS_AND_PACKS);
    }

    @TestFactory
    Stream<DynamicTest> blendsAndWidening() throws IOException {
        return code64("blends", BLENDS_AND_WIDENING);
    }

    @TestFactory
    Stream<DynamicTest> shifts() throws IOException {
        return code64("shifts", SHIFTS);
    }

    @TestFactory
    Stream<DynamicTest> code32() throws IOException {
        return Snippets.compare(scratch, "code32", ".code32", CODE32, Decoder.CODE32, "--32");
    }
}

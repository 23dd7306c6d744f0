package dev.multiverse.cpu.disasm;

import dev.multiverse.cpu.decode.Decoder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * SSE, SSE2, SSE3 and SSE4.1 floating-point arithmetic, comparison and conversion (see {@link Snippets}):
 * register and memory forms, REX-extended registers, CMP predicates as objdump names them (cmpltps...,
 * and the plain form with an immediate above 7), conversion size suffixes for memory sources
 * (cvtsi2sdl/cvtsi2sdq), and prefixes the instructions do not use.
 */
class SseFloatSnippetsTest {
    @TempDir
    Path scratch;

    private static final String ARITHMETIC = """
            addps %xmm1,%xmm2; addps (%rax),%xmm9; addpd %xmm10,%xmm2; addpd 0x10(%rsp),%xmm3; addss %xmm1,%xmm2; addss (%rax),%xmm15; addsd %xmm8,%xmm0; addsd -0x8(%rbp),%xmm1
            subps %xmm1,%xmm2; subps (%r9),%xmm3; subpd %xmm1,%xmm2; subpd (%rax,%rbx,4),%xmm11; subss %xmm1,%xmm2; subss 4(%rax),%xmm3; subsd %xmm1,%xmm12; subsd (%rax),%xmm3
            mulps %xmm1,%xmm2; mulps (%rax),%xmm3; mulpd %xmm1,%xmm2; mulpd (%rax),%xmm3; mulss %xmm9,%xmm2; mulss (%rax),%xmm3; mulsd %xmm1,%xmm2; mulsd 0x20(%rip),%xmm3
            divps %xmm1,%xmm2; divps (%rax),%xmm3; divpd %xmm1,%xmm2; divpd (%rax),%xmm3; divss %xmm1,%xmm2; divss (%rax),%xmm13; divsd %xmm1,%xmm2; divsd (%r12),%xmm3
            sqrtps %xmm1,%xmm2; sqrtps (%rax),%xmm3; sqrtpd %xmm1,%xmm2; sqrtpd (%rax),%xmm3; sqrtss %xmm1,%xmm2; sqrtss (%rax),%xmm3; sqrtsd %xmm11,%xmm2; sqrtsd (%rax),%xmm3
            minps %xmm1,%xmm2; minps (%rax),%xmm3; minpd %xmm1,%xmm2; minpd (%rax),%xmm3; minss %xmm1,%xmm2; minss (%rax),%xmm3; minsd %xmm1,%xmm2; minsd (%rax),%xmm14
            maxps %xmm1,%xmm2; maxps (%rax),%xmm3; maxpd %xmm1,%xmm2; maxpd (%rax),%xmm3; maxss %xmm1,%xmm2; maxss (%rax),%xmm3; maxsd %xmm1,%xmm2; maxsd (%rax),%xmm3
            rcpps %xmm1,%xmm2; rcpps (%rax),%xmm10; rcpss %xmm1,%xmm2; rcpss (%rax),%xmm3; rsqrtps %xmm1,%xmm2; rsqrtps (%rax),%xmm3; rsqrtss %xmm9,%xmm2; rsqrtss (%rax),%xmm3
            .byte 0x66,0xf3,0x0f,0x58,0xca
            .byte 0xf3,0x66,0x0f,0x58,0xca
            .byte 0xf2,0xf3,0x0f,0x59,0xca
            .byte 0x48,0x0f,0x58,0xca
            .byte 0xf3,0x48,0x0f,0x51,0xca
            """;

    private static final String COMPARISONS = """
            cmpeqps %xmm1,%xmm2; cmpltps (%rax),%xmm2; cmpleps %xmm1,%xmm2; cmpunordps %xmm1,%xmm2; cmpneqps %xmm1,%xmm2; cmpnltps %xmm1,%xmm2; cmpnleps %xmm1,%xmm2; cmpordps (%rax),%xmm9
            cmpeqpd %xmm1,%xmm2; cmpltpd %xmm1,%xmm2; cmplepd (%rax),%xmm2; cmpunordpd %xmm1,%xmm2; cmpneqpd %xmm1,%xmm2; cmpnltpd %xmm1,%xmm2; cmpnlepd %xmm1,%xmm2; cmpordpd %xmm11,%xmm2
            cmpeqss %xmm1,%xmm2; cmpltss %xmm1,%xmm2; cmpless %xmm1,%xmm2; cmpunordss (%rax),%xmm2; cmpneqss %xmm1,%xmm2; cmpnltss %xmm1,%xmm2; cmpnless %xmm1,%xmm12; cmpordss %xmm1,%xmm2
            cmpeqsd %xmm1,%xmm2; cmpltsd %xmm1,%xmm2; cmplesd %xmm1,%xmm2; cmpunordsd %xmm1,%xmm2; cmpneqsd (%rax),%xmm2; cmpnltsd %xmm1,%xmm2; cmpnlesd %xmm1,%xmm2; cmpordsd %xmm1,%xmm2
            cmpps $0x8,%xmm1,%xmm2; cmppd $0xff,(%rax),%xmm2; cmpss $0x10,%xmm1,%xmm2; cmpsd $0x1f,%xmm9,%xmm2
            comiss %xmm1,%xmm2; comiss (%rax),%xmm2; ucomiss %xmm1,%xmm10; ucomiss (%rax),%xmm2; comisd %xmm1,%xmm2; comisd (%rax),%xmm2; ucomisd %xmm1,%xmm2; ucomisd 8(%r8),%xmm2
            """;

    private static final String CONVERSIONS = """
            cvtpi2ps %mm1,%xmm2; cvtpi2ps (%rax),%xmm2; cvtpi2pd %mm1,%xmm2; cvtpi2pd (%rax),%xmm10
            cvtps2pi %xmm1,%mm2; cvtps2pi (%rax),%mm2; cvttps2pi %xmm9,%mm2; cvttps2pi (%rax),%mm2; cvtpd2pi %xmm1,%mm2; cvtpd2pi (%rax),%mm2; cvttpd2pi %xmm1,%mm7; cvttpd2pi (%rax),%mm2
            cvtsi2ss %eax,%xmm1; cvtsi2ss %rax,%xmm1; cvtsi2ssl (%rax),%xmm1; cvtsi2ssq (%rax),%xmm1; cvtsi2ss %r9d,%xmm10
            cvtsi2sd %eax,%xmm1; cvtsi2sd %r10,%xmm1; cvtsi2sdl (%rax),%xmm1; cvtsi2sdq 8(%rsp),%xmm13
            cvtss2si %xmm1,%eax; cvtss2si %xmm1,%rax; cvtss2si (%rax),%eax; cvtss2si (%rax),%r11; cvttss2si %xmm9,%ecx; cvttss2si (%rax),%rcx
            cvtsd2si %xmm1,%eax; cvtsd2si %xmm1,%rax; cvtsd2si (%rax),%eax; cvtsd2si (%rax),%rdx; cvttsd2si %xmm1,%r8d; cvttsd2si (%rax),%rcx
            cvtdq2ps %xmm1,%xmm2; cvtdq2ps (%rax),%xmm2; cvtps2dq %xmm1,%xmm2; cvtps2dq (%rax),%xmm12; cvttps2dq %xmm1,%xmm2; cvttps2dq (%rax),%xmm2
            cvtpd2dq %xmm1,%xmm2; cvtpd2dq (%rax),%xmm2; cvttpd2dq %xmm1,%xmm2; cvttpd2dq (%rax),%xmm2; cvtdq2pd %xmm1,%xmm2; cvtdq2pd (%rax),%xmm11
            cvtps2pd %xmm1,%xmm2; cvtps2pd (%rax),%xmm2; cvtpd2ps %xmm1,%xmm2; cvtpd2ps (%rax),%xmm2; cvtss2sd %xmm1,%xmm2; cvtss2sd (%rax),%xmm2; cvtsd2ss %xmm10,%xmm2; cvtsd2ss (%rax),%xmm2
            .byte 0x66,0xf3,0x0f,0x2a,0xc8
            .byte 0x66,0x0f,0x2d,0xc1
            .byte 0x41,0x0f,0x2a,0xca
            .byte 0x66,0xf2,0x0f,0x2d,0xc1
            """;

    private static final String SSE3_AND_SSE41 = """
            addsubps %xmm1,%xmm2; addsubps (%rax),%xmm9; addsubpd %xmm1,%xmm2; addsubpd (%rax),%xmm2
            haddps %xmm1,%xmm2; haddps (%rax),%xmm2; haddpd %xmm10,%xmm2; haddpd (%rax),%xmm2; hsubps %xmm1,%xmm2; hsubps (%rax),%xmm2; hsubpd %xmm1,%xmm2; hsubpd (%r9),%xmm2
            roundps $0x1,%xmm1,%xmm2; roundps $0xc,(%rax),%xmm2; roundpd $0x4,%xmm1,%xmm12; roundpd $0xff,(%rax),%xmm2
            roundss $0x2,%xmm1,%xmm2; roundss $0x3,(%rax),%xmm2; roundsd $0x8,%xmm9,%xmm2; roundsd $0x0,(%rax),%xmm2
            dpps $0xff,%xmm1,%xmm2; dpps $0x71,(%rax),%xmm2; dppd $0x33,%xmm1,%xmm10; dppd $0x31,(%rax),%xmm2
            """;

    /** 32-bit code: no REX; the general-register conversions are 32-bit only. */
    private static final String CODE32 = """
            addps %xmm1,%xmm2; mulsd (%eax),%xmm1; cmpltss %xmm1,%xmm2; cmpps $0x9,(%ecx),%xmm3; ucomisd %xmm1,%xmm2
            cvtsi2ss %eax,%xmm1; cvtsi2sdl (%eax),%xmm1; cvttss2si %xmm1,%eax; cvtsd2si (%eax),%edx; cvtpi2ps %mm1,%xmm2; cvtpd2pi (%eax),%mm1
            haddps %xmm1,%xmm2; roundsd $0x1,(%eax),%xmm2; dpps $0xf1,%xmm1,%xmm2
            """;

    private Stream<DynamicTest> code64(String label, String source) throws IOException {
        return Snippets.compare(scratch, label, ".code64", source, Decoder.CODE64, "--64");
    }

    @TestFactory
    Stream<DynamicTest> arithmetic() throws IOException {
        return code64("arithmetic", ARITHMETIC);
    }

    @TestFactory
    Stream<DynamicTest> comparisons() throws IOException {
        return code64("comparisons", COMPARISONS);
    }

    @TestFactory
    Stream<DynamicTest> conversions() throws IOException {
        return code64("conversions", CONVERSIONS);
    }

    @TestFactory
    Stream<DynamicTest> sse3AndSse41() throws IOException {
        return code64("sse3-sse41", SSE3_AND_SSE41);
    }

    @TestFactory
    Stream<DynamicTest> code32() throws IOException {
        return Snippets.compare(scratch, "code32", ".code32", CODE32, Decoder.CODE32, "--32");
    }
}

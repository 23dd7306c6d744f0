package dev.multiverse.cpu.disasm;

import dev.multiverse.cpu.decode.Decoder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * MMX/SSE2/SSSE3/SSE4 integer arithmetic and comparison, PCMPxSTRx and CRC32 (see {@link Snippets}):
 * register and memory forms, MMX and XMM forms, REX-extended registers, and prefixes the instructions
 * do not use (REX bits on MMX registers, a second 66, REX.W where it selects nothing).
 */
class SimdIntegerSnippetsTest {
    @TempDir
    Path scratch;

    /** Wrapping and saturating addition and subtraction, averages. */
    private static final String ADD_SUB = """
            paddb %mm1,%mm2; paddb (%rax),%mm7; paddb %xmm3,%xmm4; paddb 0x10(%rsp),%xmm13; paddb %xmm9,%xmm1
            paddw %mm1,%mm2; paddw 0x10(%rsp),%mm7; paddw %xmm3,%xmm4; paddw -0x8(%rbp,%rcx,2),%xmm13; paddw %xmm9,%xmm1
            paddd %mm1,%mm2; paddd -0x8(%rbp,%rcx,2),%mm7; paddd %xmm3,%xmm4; paddd (%r9),%xmm13; paddd %xmm9,%xmm1
            paddq %mm1,%mm2; paddq (%r9),%mm7; paddq %xmm3,%xmm4; paddq 0x20(%rip),%xmm13; paddq %xmm9,%xmm1
            paddsb %mm1,%mm2; paddsb 0x20(%rip),%mm7; paddsb %xmm3,%xmm4; paddsb (%rax,%r12,8),%xmm13; paddsb %xmm9,%xmm1
            paddsw %mm1,%mm2; paddsw (%rax,%r12,8),%mm7; paddsw %xmm3,%xmm4; paddsw (%rax),%xmm13; paddsw %xmm9,%xmm1
            paddusb %mm1,%mm2; paddusb (%rax),%mm7; paddusb %xmm3,%xmm4; paddusb 0x10(%rsp),%xmm13; paddusb %xmm9,%xmm1
            paddusw %mm1,%mm2; paddusw 0x10(%rsp),%mm7; paddusw %xmm3,%xmm4; paddusw -0x8(%rbp,%rcx,2),%xmm13; paddusw %xmm9,%xmm1
            psubb %mm1,%mm2; psubb -0x8(%rbp,%rcx,2),%mm7; psubb %xmm3,%xmm4; psubb (%r9),%xmm13; psubb %xmm9,%xmm1
            psubw %mm1,%mm2; psubw (%r9),%mm7; psubw %xmm3,%xmm4; psubw 0x20(%rip),%xmm13; psubw %xmm9,%xmm1
            psubd %mm1,%mm2; psubd 0x20(%rip),%mm7; psubd %xmm3,%xmm4; psubd (%rax,%r12,8),%xmm13; psubd %xmm9,%xmm1
            psubq %mm1,%mm2; psubq (%rax,%r12,8),%mm7; psubq %xmm3,%xmm4; psubq (%rax),%xmm13; psubq %xmm9,%xmm1
            psubsb %mm1,%mm2; psubsb (%rax),%mm7; psubsb %xmm3,%xmm4; psubsb 0x10(%rsp),%xmm13; psubsb %xmm9,%xmm1
            psubsw %mm1,%mm2; psubsw 0x10(%rsp),%mm7; psubsw %xmm3,%xmm4; psubsw -0x8(%rbp,%rcx,2),%xmm13; psubsw %xmm9,%xmm1
            psubusb %mm1,%mm2; psubusb -0x8(%rbp,%rcx,2),%mm7; psubusb %xmm3,%xmm4; psubusb (%r9),%xmm13; psubusb %xmm9,%xmm1
            psubusw %mm1,%mm2; psubusw (%r9),%mm7; psubusw %xmm3,%xmm4; psubusw 0x20(%rip),%xmm13; psubusw %xmm9,%xmm1
            pavgb %mm1,%mm2; pavgb 0x20(%rip),%mm7; pavgb %xmm3,%xmm4; pavgb (%rax,%r12,8),%xmm13; pavgb %xmm9,%xmm1
            pavgw %mm1,%mm2; pavgw (%rax,%r12,8),%mm7; pavgw %xmm3,%xmm4; pavgw (%rax),%xmm13; pavgw %xmm9,%xmm1
            """;

    /** Multiplications and multiply-adds. */
    private static final String MULTIPLY = """
            pmullw %mm1,%mm2; pmullw (%rax),%mm7; pmullw %xmm3,%xmm4; pmullw 0x10(%rsp),%xmm13; pmullw %xmm9,%xmm1
            pmulhw %mm1,%mm2; pmulhw 0x10(%rsp),%mm7; pmulhw %xmm3,%xmm4; pmulhw -0x8(%rbp,%rcx,2),%xmm13; pmulhw %xmm9,%xmm1
            pmulhuw %mm1,%mm2; pmulhuw -0x8(%rbp,%rcx,2),%mm7; pmulhuw %xmm3,%xmm4; pmulhuw (%r9),%xmm13; pmulhuw %xmm9,%xmm1
            pmuludq %mm1,%mm2; pmuludq (%r9),%mm7; pmuludq %xmm3,%xmm4; pmuludq 0x20(%rip),%xmm13; pmuludq %xmm9,%xmm1
            pmaddwd %mm1,%mm2; pmaddwd 0x20(%rip),%mm7; pmaddwd %xmm3,%xmm4; pmaddwd (%rax,%r12,8),%xmm13; pmaddwd %xmm9,%xmm1
            pmaddubsw %mm1,%mm2; pmaddubsw (%rax,%r12,8),%mm7; pmaddubsw %xmm3,%xmm4; pmaddubsw (%rax),%xmm13; pmaddubsw %xmm9,%xmm1
            pmulhrsw %mm1,%mm2; pmulhrsw (%rax),%mm7; pmulhrsw %xmm3,%xmm4; pmulhrsw 0x10(%rsp),%xmm13; pmulhrsw %xmm9,%xmm1
            """;

    /** Equality and greater-than masks, minima and maxima of the MMX/SSE2 set. */
    private static final String COMPARE = """
            pcmpeqb %mm1,%mm2; pcmpeqb 0x10(%rsp),%mm7; pcmpeqb %xmm3,%xmm4; pcmpeqb -0x8(%rbp,%rcx,2),%xmm13; pcmpeqb %xmm9,%xmm1
            pcmpeqw %mm1,%mm2; pcmpeqw -0x8(%rbp,%rcx,2),%mm7; pcmpeqw %xmm3,%xmm4; pcmpeqw (%r9),%xmm13; pcmpeqw %xmm9,%xmm1
            pcmpeqd %mm1,%mm2; pcmpeqd (%r9),%mm7; pcmpeqd %xmm3,%xmm4; pcmpeqd 0x20(%rip),%xmm13; pcmpeqd %xmm9,%xmm1
            pcmpgtb %mm1,%mm2; pcmpgtb 0x20(%rip),%mm7; pcmpgtb %xmm3,%xmm4; pcmpgtb (%rax,%r12,8),%xmm13; pcmpgtb %xmm9,%xmm1
            pcmpgtw %mm1,%mm2; pcmpgtw (%rax,%r12,8),%mm7; pcmpgtw %xmm3,%xmm4; pcmpgtw (%rax),%xmm13; pcmpgtw %xmm9,%xmm1
            pcmpgtd %mm1,%mm2; pcmpgtd (%rax),%mm7; pcmpgtd %xmm3,%xmm4; pcmpgtd 0x10(%rsp),%xmm13; pcmpgtd %xmm9,%xmm1
            pminub %mm1,%mm2; pminub 0x10(%rsp),%mm7; pminub %xmm3,%xmm4; pminub -0x8(%rbp,%rcx,2),%xmm13; pminub %xmm9,%xmm1
            pmaxub %mm1,%mm2; pmaxub -0x8(%rbp,%rcx,2),%mm7; pmaxub %xmm3,%xmm4; pmaxub (%r9),%xmm13; pmaxub %xmm9,%xmm1
            pminsw %mm1,%mm2; pminsw (%r9),%mm7; pminsw %xmm3,%xmm4; pminsw 0x20(%rip),%xmm13; pminsw %xmm9,%xmm1
            pmaxsw %mm1,%mm2; pmaxsw 0x20(%rip),%mm7; pmaxsw %xmm3,%xmm4; pmaxsw (%rax,%r12,8),%xmm13; pmaxsw %xmm9,%xmm1
            """;

    /** SSSE3's absolute values, sign transfers and horizontal sums, and PSADBW. */
    private static final String SSSE3 = """
            pabsb %mm1,%mm2; pabsb (%rax,%r12,8),%mm7; pabsb %xmm3,%xmm4; pabsb (%rax),%xmm13; pabsb %xmm9,%xmm1
            pabsw %mm1,%mm2; pabsw (%rax),%mm7; pabsw %xmm3,%xmm4; pabsw 0x10(%rsp),%xmm13; pabsw %xmm9,%xmm1
            pabsd %mm1,%mm2; pabsd 0x10(%rsp),%mm7; pabsd %xmm3,%xmm4; pabsd -0x8(%rbp,%rcx,2),%xmm13; pabsd %xmm9,%xmm1
            psignb %mm1,%mm2; psignb -0x8(%rbp,%rcx,2),%mm7; psignb %xmm3,%xmm4; psignb (%r9),%xmm13; psignb %xmm9,%xmm1
            psignw %mm1,%mm2; psignw (%r9),%mm7; psignw %xmm3,%xmm4; psignw 0x20(%rip),%xmm13; psignw %xmm9,%xmm1
            psignd %mm1,%mm2; psignd 0x20(%rip),%mm7; psignd %xmm3,%xmm4; psignd (%rax,%r12,8),%xmm13; psignd %xmm9,%xmm1
            phaddw %mm1,%mm2; phaddw (%rax,%r12,8),%mm7; phaddw %xmm3,%xmm4; phaddw (%rax),%xmm13; phaddw %xmm9,%xmm1
            phaddd %mm1,%mm2; phaddd (%rax),%mm7; phaddd %xmm3,%xmm4; phaddd 0x10(%rsp),%xmm13; phaddd %xmm9,%xmm1
            phaddsw %mm1,%mm2; phaddsw 0x10(%rsp),%mm7; phaddsw %xmm3,%xmm4; phaddsw -0x8(%rbp,%rcx,2),%xmm13; phaddsw %xmm9,%xmm1
            phsubw %mm1,%mm2; phsubw -0x8(%rbp,%rcx,2),%mm7; phsubw %xmm3,%xmm4; phsubw (%r9),%xmm13; phsubw %xmm9,%xmm1
            phsubd %mm1,%mm2; phsubd (%r9),%mm7; phsubd %xmm3,%xmm4; phsubd 0x20(%rip),%xmm13; phsubd %xmm9,%xmm1
            phsubsw %mm1,%mm2; phsubsw 0x20(%rip),%mm7; phsubsw %xmm3,%xmm4; phsubsw (%rax,%r12,8),%xmm13; phsubsw %xmm9,%xmm1
            psadbw %mm1,%mm2; psadbw (%rax,%r12,8),%mm7; psadbw %xmm3,%xmm4; psadbw (%rax),%xmm13; psadbw %xmm9,%xmm1
            """;

    /** SSE4.1 and SSE4.2 forms that exist only for XMM registers. */
    private static final String SSE4 = """
            pmuldq %xmm1,%xmm2; pmuldq (%rax),%xmm5; pmuldq %xmm15,%xmm8
            pmulld %xmm1,%xmm2; pmulld 0x10(%rsp),%xmm5; pmulld %xmm15,%xmm8
            pcmpeqq %xmm1,%xmm2; pcmpeqq -0x8(%rbp,%rcx,2),%xmm5; pcmpeqq %xmm15,%xmm8
            pcmpgtq %xmm1,%xmm2; pcmpgtq (%r9),%xmm5; pcmpgtq %xmm15,%xmm8
            pminsb %xmm1,%xmm2; pminsb 0x20(%rip),%xmm5; pminsb %xmm15,%xmm8
            pminsd %xmm1,%xmm2; pminsd (%rax,%r12,8),%xmm5; pminsd %xmm15,%xmm8
            pminuw %xmm1,%xmm2; pminuw (%rax),%xmm5; pminuw %xmm15,%xmm8
            pminud %xmm1,%xmm2; pminud 0x10(%rsp),%xmm5; pminud %xmm15,%xmm8
            pmaxsb %xmm1,%xmm2; pmaxsb -0x8(%rbp,%rcx,2),%xmm5; pmaxsb %xmm15,%xmm8
            pmaxsd %xmm1,%xmm2; pmaxsd (%r9),%xmm5; pmaxsd %xmm15,%xmm8
            pmaxuw %xmm1,%xmm2; pmaxuw 0x20(%rip),%xmm5; pmaxuw %xmm15,%xmm8
            pmaxud %xmm1,%xmm2; pmaxud (%rax,%r12,8),%xmm5; pmaxud %xmm15,%xmm8
            phminposuw %xmm1,%xmm2; phminposuw (%rax),%xmm5; phminposuw %xmm15,%xmm8
            """;

    /** The string comparisons (REX.W gives PCMPESTRx 64-bit lengths and a q suffix) and CRC32 in every size. */
    private static final String STRINGS_AND_CRC = """
            mpsadbw $0x5,%xmm1,%xmm2; mpsadbw $0x7,(%r8),%xmm12; mpsadbw $0x0,0x10(%rax),%xmm0
            pcmpestri $0x1c,%xmm1,%xmm2; pcmpestri $0x0,(%rax),%xmm9; pcmpestriq $0x7f,(%rax),%xmm9; pcmpestriq $0x40,%xmm11,%xmm3
            pcmpestrm $0x44,%xmm1,%xmm2; pcmpestrm $0x8,0x10(%rsp),%xmm2; pcmpestrmq $0xff,%xmm1,%xmm14
            pcmpistri $0x1c,%xmm1,%xmm2; pcmpistri $0x4a,(%rdi,%rsi,1),%xmm9; pcmpistrm $0x44,%xmm15,%xmm2; pcmpistrm $0x2,-0x10(%rbp),%xmm2
            .byte 0x66,0x48,0x0f,0x3a,0x62,0xd1,0x1c; .byte 0x66,0x48,0x0f,0x3a,0x63,0xd1,0x1c
            crc32b %al,%ecx; crc32b (%rax),%ecx; crc32w %ax,%ecx; crc32w (%rax),%ecx; crc32l %eax,%ecx; crc32l (%rax),%r9d
            crc32q %rax,%rcx; crc32q (%rax),%rcx; crc32b %al,%rcx; crc32b (%rax),%rcx; crc32b %r9b,%r8d; crc32b %sil,%eax; crc32q %r15,%r8
            .byte 0x66,0xf2,0x0f,0x38,0xf0,0xc1; .byte 0xf2,0x66,0x0f,0x38,0xf1,0xd1
            """;

    /** Prefixes that change nothing: REX bits on MMX registers, a repeated 66, REX.W on packed forms. */
    private static final String UNUSED_PREFIXES = """
            .byte 0x48,0x0f,0xfc,0xd1; .byte 0x41,0x0f,0xfc,0xd1; .byte 0x44,0x0f,0xd5,0xd1; .byte 0x66,0x66,0x0f,0xfc,0xd1
            .byte 0x66,0x48,0x0f,0xfc,0xc1; .byte 0x48,0x0f,0x38,0x01,0xd1; .byte 0x66,0x48,0x0f,0x38,0x01,0xd1
            .byte 0x41,0x0f,0xfc,0x10; .byte 0x66,0x48,0x0f,0x38,0x41,0xd1
            """;

    /** 32-bit code: no REX, 32-bit addresses. */
    private static final String LEGACY = """
            paddb %mm1,%mm2; paddsw (%eax),%mm3; psubq %xmm1,%xmm7; pmaddwd 0x10(%esp),%xmm0
            pabsd (%ebx,%esi,4),%mm1; phaddw %xmm6,%xmm5; pminud (%ecx),%xmm2; pcmpgtq %xmm0,%xmm1
            pcmpestri $0x1,%xmm1,%xmm2; pcmpestrm $0x1,(%eax),%xmm2; pcmpistri $0x3a,0x4(%edx),%xmm7
            crc32b %al,%ecx; crc32w (%eax),%ecx; crc32l %eax,%ecx; crc32b %dh,%eax; mpsadbw $0x3,(%eax),%xmm1
            """;

    @TestFactory
    Stream<DynamicTest> addSub() throws IOException {
        return Snippets.compare(scratch, "add-sub", ".code64", ADD_SUB, Decoder.CODE64, "--64");
    }

    @TestFactory
    Stream<DynamicTest> multiply() throws IOException {
        return Snippets.compare(scratch, "multiply", ".code64", MULTIPLY, Decoder.CODE64, "--64");
    }

    @TestFactory
    Stream<DynamicTest> compare() throws IOException {
        return Snippets.compare(scratch, "compare", ".code64", COMPARE, Decoder.CODE64, "--64");
    }

    @TestFactory
    Stream<DynamicTest> ssse3() throws IOException {
        return Snippets.compare(scratch, "ssse3", ".code64", SSSE3, Decoder.CODE64, "--64");
    }

    @TestFactory
    Stream<DynamicTest> sse4() throws IOException {
        return Snippets.compare(scratch, "sse4", ".code64", SSE4, Decoder.CODE64, "--64");
    }

    @TestFactory
    Stream<DynamicTest> stringsAndCrc() throws IOException {
        return Snippets.compare(scratch, "strings-crc", ".code64", STRINGS_AND_CRC, Decoder.CODE64, "--64");
    }

    @TestFactory
    Stream<DynamicTest> unusedPrefixes() throws IOException {
        return Snippets.compare(scratch, "unused-prefixes", ".code64", UNUSED_PREFIXES, Decoder.CODE64, "--64");
    }

    @TestFactory
    Stream<DynamicTest> legacy() throws IOException {
        return Snippets.compare(scratch, "legacy", ".code32", LEGACY, Decoder.CODE32, "--32");
    }
}

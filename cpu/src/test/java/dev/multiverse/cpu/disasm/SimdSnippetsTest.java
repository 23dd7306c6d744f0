package dev.multiverse.cpu.disasm;

import dev.multiverse.cpu.decode.Decoder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** MMX and SSE encodings: register and memory forms, REX-extended registers, mandatory prefixes (see {@link Snippets}). */
class SimdSnippetsTest {
    @TempDir
    Path scratch;

    private static final String MOVES = """
            movaps %xmm1,%xmm2; movaps (%rax),%xmm15; movaps %xmm8,0x10(%rsp); movups (%rax,%rbx,4),%xmm3; movupd %xmm0,(%rdi)
            movdqa %xmm9,%xmm10; movdqu -0x10(%rbp),%xmm1; movdqu %xmm7,(%r12); movapd 0x20(%rip),%xmm4
            movq %mm1,%mm2; movq (%rax),%mm7; movq %mm3,(%rcx); movd %eax,%mm1; movd %mm1,%ecx; movq %rax,%mm2; movq %mm2,%rdx
            movd %eax,%xmm1; movd %xmm2,(%rax); movq %r9,%xmm14; movq %xmm14,%r9; movd (%rbx),%xmm3
            emms; pxor %xmm1,%xmm2; pxor (%rax),%xmm11; pxor %mm0,%mm1; pxor 8(%rax),%mm3
            """;

    @TestFactory
    Stream<DynamicTest> moves() throws IOException {
        return Snippets.compare(scratch, "moves", ".code64", MOVES, Decoder.CODE64, "--64");
    }
}

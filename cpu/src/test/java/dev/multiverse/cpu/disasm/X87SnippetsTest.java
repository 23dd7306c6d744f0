package dev.multiverse.cpu.disasm;

import dev.multiverse.cpu.decode.Decoder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Every x87 instruction form: memory forms with objdump's size suffixes ({@code flds}, {@code fildll},
 * {@code fiadds}...), register forms with {@code %st} and {@code %st(i)} (and objdump's swapped
 * fsub/fsubr and fdiv/fdivr names in the DC and DE maps), the control instructions, the undocumented
 * aliases objdump calls {@code (bad)}, FNENI and friends, and the prefixes objdump names unused
 * ({@code data16}, {@code rex.B}) or that select the 16-bit environment ({@code fnstenvs}). The waiting
 * forms (FSTSW, FINIT...) are FWAIT and a second instruction, which objdump prints as one line: FWAIT
 * appears here alone (see {@link Snippets}).
 */
class X87SnippetsTest {
    @TempDir
    Path scratch;

    private static final String ARITHMETIC = """
            fadds (%rax); fmuls 4(%rbx); fsubs (%rcx,%rdx,4); fsubrs (%r8); fdivs -8(%rbp); fdivrs 0x10(%rip)
            faddl (%rax); fmull (%rax); fsubl (%r9); fsubrl (%rax); fdivl 8(%rsp); fdivrl (%rax)
            fiadds (%rax); fimuls (%rax); fisubs (%rax); fisubrs (%rax); fidivs (%rax); fidivrs (%r10)
            fiaddl (%rax); fimull (%rax); fisubl (%rax); fisubrl (%rax); fidivl (%rax); fidivrl (%rax)
            fadd %st(1),%st; fadd %st(0),%st; fmul %st(7),%st; fsub %st(2),%st; fsubr %st(3),%st; fdiv %st(4),%st; fdivr %st(5),%st
            .byte 0xdc,0xc1
            .byte 0xdc,0xc9
            .byte 0xdc,0xe1
            .byte 0xdc,0xe9
            .byte 0xdc,0xf1
            .byte 0xdc,0xf9
            .byte 0xde,0xc1
            .byte 0xde,0xc9
            .byte 0xde,0xe1
            .byte 0xde,0xe9
            .byte 0xde,0xf1
            .byte 0xde,0xf9
            .byte 0xde,0xc7
            fsqrt; frndint; f2xm1; fyl2x; fptan; fpatan; fxtract; fprem1; fprem; fyl2xp1; fsincos; fscale; fsin; fcos
            """;

    private static final String COMPARES = """
            fcoms (%rax); fcomps (%rax); fcoml (%rax); fcompl (%rax); ficoms (%rax); ficomps (%rax); ficoml (%rax); ficompl (%rax)
            fcom %st(1); fcomp %st(2); fcompp; fucom %st(3); fucomp %st(4); fucompp; ftst; fxam
            fcomi %st(1),%st; fcomip %st(2),%st; fucomi %st(3),%st; fucomip %st(7),%st
            .byte 0xdc,0xd1
            .byte 0xdc,0xd9
            .byte 0xde,0xd1
            .byte 0xde,0xd8
            .byte 0xda,0xe8
            """;

    private static final String LOADS_AND_STORES = """
            flds (%rax); fldl (%rax); fldt (%rax); fld %st(1); fld %st(0); filds (%rax); fildl (%rax); fildll (%rax); fbld (%rax)
            fld1; fldl2t; fldl2e; fldpi; fldlg2; fldln2; fldz
            fsts (%rax); fstl (%rax); fstps (%rax); fstpl (%rax); fstpt (%rax); fst %st(1); fstp %st(2); fstp %st(0)
            fists (%rax); fistl (%rax); fistps (%rax); fistpl (%rax); fistpll (%rax); fbstp (%rax)
            fisttps (%rax); fisttpl (%rax); fisttpll (%rax)
            .byte 0xd9,0xd9
            .byte 0xdf,0xd1
            .byte 0xdf,0xd9
            """;

    private static final String REGISTER_OPS = """
            fxch %st(1); fxch %st(0); ffree %st(3); ffreep %st(1); fincstp; fdecstp; fchs; fabs; fnop
            fcmovb %st(1),%st; fcmove %st(2),%st; fcmovbe %st(3),%st; fcmovu %st(4),%st
            fcmovnb %st(5),%st; fcmovne %st(6),%st; fcmovnbe %st(7),%st; fcmovnu %st(0),%st
            .byte 0xdd,0xc9
            .byte 0xdf,0xc9
            .byte 0xd9,0xd1
            .byte 0xd9,0xe2
            .byte 0xd9,0xef
            .byte 0xda,0xe0
            .byte 0xdb,0xf8
            """;

    private static final String CONTROL = """
            fninit; fnclex; fldcw (%rax); fnstcw (%rax); fnstsw (%rax); fnstsw %ax; fldenv (%rax); fnstenv (%rax); frstor (%rax); fnsave (%rax)
            fwait; nop
            .byte 0xdb,0xe0
            .byte 0xdb,0xe1
            .byte 0xdb,0xe4
            .byte 0xdf,0xe1
            """;

    /** Prefixes: 66 selects the 16-bit environment and state images and is otherwise unused, as REX is. */
    private static final String PREFIXES = """
            .byte 0x66,0xd9,0x30
            .byte 0x66,0xd9,0x20
            .byte 0x66,0xdd,0x30
            .byte 0x66,0xdd,0x20
            .byte 0x66,0xd9,0x00
            .byte 0x66,0xd9,0x38
            .byte 0x66,0xdf,0xe0
            .byte 0x66,0xd8,0xc1
            .byte 0x48,0xd9,0x30
            .byte 0x48,0xd9,0x00
            .byte 0x48,0xdf,0x28
            .byte 0x41,0xd9,0xc1
            .byte 0x41,0xd8,0x00
            .byte 0x64,0xd9,0x00
            .byte 0x67,0xdd,0x00
            .byte 0xf3,0xd9,0xc1
            .byte 0xf2,0xd8,0x00
            """;

    private static final String CODE32 = """
            flds (%eax); fldt 4(%ebx); fiadds (%esi); fadd %st(2),%st; fstpl (%ecx,%edx,8); fnstsw %ax; fnstenv (%eax); frstor (%eax)
            .byte 0x66,0xd9,0x30
            .byte 0x66,0xdd,0x20
            .byte 0x66,0xd8,0x00
            .byte 0x67,0xd9,0x07
            """;

    private static final String CODE16 = """
            flds (%bx); fldt 4(%bp,%si); fnstenv (%bx); fnsave (%bx); fildll (%bx); fadd %st(1),%st
            .byte 0x66,0xd9,0x37
            .byte 0x66,0xdd,0x27
            .byte 0x66,0xd9,0x07
            .byte 0x67,0xd9,0x00
            """;

    private Stream<DynamicTest> code64(String label, String source) throws IOException {
        return Snippets.compare(scratch, label, ".code64", source, Decoder.CODE64, "--64");
    }

    @TestFactory
    Stream<DynamicTest> arithmetic() throws IOException {
        return code64("arithmetic", ARITHMETIC);
    }

    @TestFactory
    Stream<DynamicTest> compares() throws IOException {
        return code64("compares", COMPARES);
    }

    @TestFactory
    Stream<DynamicTest> loadsAndStores() throws IOException {
        return code64("loads", LOADS_AND_STORES);
    }

    @TestFactory
    Stream<DynamicTest> registerOps() throws IOException {
        return code64("registers", REGISTER_OPS);
    }

    @TestFactory
    Stream<DynamicTest> control() throws IOException {
        return code64("control", CONTROL);
    }

    @TestFactory
    Stream<DynamicTest> prefixes() throws IOException {
        return code64("prefixes", PREFIXES);
    }

    @TestFactory
    Stream<DynamicTest> code32() throws IOException {
        return Snippets.compare(scratch, "code32", ".code32", CODE32, Decoder.CODE32, "--32");
    }

    @TestFactory
    Stream<DynamicTest> code16() throws IOException {
        return Snippets.compare(scratch, "code16", ".code16", CODE16, Decoder.CODE16, "--32", "-M", "i8086");
    }
}

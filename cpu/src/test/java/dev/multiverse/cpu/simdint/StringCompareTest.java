package dev.multiverse.cpu.simdint;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.flags.Flags;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * PCMPxSTRx in the ways string functions use them (strpbrk, strspn over ranges, strcmp, strstr), with the
 * results and flags the host CPU gives for the same operands. The first operand (set, ranges or needle) is
 * xmm1, the text xmm2; RCX starts as garbage so the index write is visible.
 */
class StringCompareTest {
    private static final int STATUS = Flags.CF | Flags.PF | Flags.AF | Flags.ZF | Flags.SF | Flags.OF;
    private static final long GARBAGE = 0xdead_beef_cafe_f00dL;
    private final SimdIntFixture f = new SimdIntFixture();

    /** Loads a string (zero-padded to 16 bytes) into XMM {@code n}. */
    private void string(int n, String s) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.put(s.getBytes(StandardCharsets.ISO_8859_1));
        f.xmm(n, b.getLong(0), b.getLong(8));
    }

    /** Runs {@code code} on xmm1 = {@code first}, xmm2 = {@code text} and checks RCX and the status flags. */
    private void index(String first, String text, long rcx, int flags, int... code) {
        string(1, first);
        string(2, text);
        f.cpu.gpr[Cpu.RCX] = GARBAGE;
        f.cpu.flags.put(2 | Flags.PF | Flags.AF);
        f.run(code);
        assertEquals(rcx, f.cpu.gpr[Cpu.RCX], "rcx");
        assertEquals(flags, f.cpu.flags.get() & STATUS, "flags");
    }

    @Test
    void implicitLengthIndexForms() {
        int cf = Flags.CF, zf = Flags.ZF, sf = Flags.SF, of = Flags.OF;
        // Equal any: the first vowel.
        index("aeiou", "hello world", 1, cf | zf | sf, 0x66, 0x0f, 0x3a, 0x63, 0xca, 0x00);
        // Ranges, negative polarity: the first character outside a..z.
        index("az", "hello World", 5, cf | zf | sf, 0x66, 0x0f, 0x3a, 0x63, 0xca, 0x14);
        // Equal each, negative polarity: where two strings first differ.
        index("hello world", "hello there", 6, cf | zf | sf, 0x66, 0x0f, 0x3a, 0x63, 0xca, 0x18);
        // Equal ordered: where a substring starts; with imm8 bit 6 the last place.
        index("lo w", "hello world", 3, cf | zf | sf, 0x66, 0x0f, 0x3a, 0x63, 0xca, 0x0c);
        index("l", "hello world", 9, cf | zf | sf, 0x66, 0x0f, 0x3a, 0x63, 0xca, 0x4c);
        // Two empty strings are equal everywhere: index 0, and OF for bit 0.
        index("", "", 0, cf | zf | sf | of, 0x66, 0x0f, 0x3a, 0x63, 0xca, 0x08);
    }

    @Test
    void maskFormsWriteXmm0() {
        f.xmm(0, -1, -1);
        index("lo", "hello world", GARBAGE, Flags.CF | Flags.ZF | Flags.SF, 0x66, 0x0f, 0x3a, 0x62, 0xca, 0x40);
        assertEquals(0xff00_00ff_ffff_0000L, f.low(0), "byte mask at 2, 3, 4, 7 and 9");
        assertEquals(0xff00, f.high(0));
        index("lo", "hello world", GARBAGE, Flags.CF | Flags.ZF | Flags.SF, 0x66, 0x0f, 0x3a, 0x62, 0xca, 0x00);
        assertEquals(0x29c, f.low(0), "bit mask");
        assertEquals(0, f.high(0));
    }

    @Test
    void explicitLengthsAreAbsoluteValuesOfEaxAndEdxOrOfRaxAndRdxWithRexW() {
        int[] pcmpestri = {0x66, 0x0f, 0x3a, 0x61, 0xca, 0x0c};
        f.cpu.gpr[Cpu.RAX] = -2;                                  // the needle "lo"
        f.cpu.gpr[Cpu.RDX] = 5;                                   // in "hello"
        index("lollipop", "hello", 3, Flags.CF | Flags.ZF | Flags.SF, pcmpestri);
        f.cpu.gpr[Cpu.RAX] = 0x1_0000_0002L;                      // EAX = 2
        index("lollipop", "hello", 3, Flags.CF | Flags.ZF | Flags.SF, pcmpestri);
        // With REX.W all of RAX counts: 2^32 + 2 saturates at 16, and "lollipop" plus eight zeros is not in "hello".
        index("lollipop", "hello", 16, Flags.ZF, 0x66, 0x48, 0x0f, 0x3a, 0x61, 0xca, 0x0c);
    }

    @Test
    void wordElementsAndMaskedNegativePolarity() {
        // Unsigned words, equal any, word mask: the zero words past the needle's end still count as its
        // elements while RAX says they are inside it.
        f.cpu.gpr[Cpu.RAX] = 4;
        f.cpu.gpr[Cpu.RDX] = 16;
        index("a", "xxaaxxbbcc", GARBAGE, Flags.CF | Flags.SF, 0x66, 0x0f, 0x3a, 0x60, 0xca, 0x41);
        assertEquals(0xffff_ffff_ffff_0000L, f.high(0));
        assertEquals(0, f.low(0));
        // Equal each with masked negative polarity inverts only the text's three elements: no bit is set.
        f.cpu.gpr[Cpu.RAX] = 16;
        f.cpu.gpr[Cpu.RDX] = 3;
        index("abcdabcd", "abcdabcd", 16, Flags.ZF, 0x66, 0x0f, 0x3a, 0x61, 0xca, 0x3a);
    }

    @Test
    void memoryOperandNeedNotBeAligned() {
        f.poke(SimdIntFixture.DATA + 3, 8, 0x6f77_206f_6c6c_6568L);   // "hello wo"
        f.poke(SimdIntFixture.DATA + 11, 8, 0x646c72);                 // "rld"
        string(1, "wor");
        f.cpu.gpr[Cpu.RSI] = SimdIntFixture.DATA + 3;
        f.run(0x66, 0x0f, 0x3a, 0x63, 0x0e, 0x0c);                     // pcmpistri $0xc,(%rsi),%xmm1
        assertEquals(6, f.cpu.gpr[Cpu.RCX]);
    }
}

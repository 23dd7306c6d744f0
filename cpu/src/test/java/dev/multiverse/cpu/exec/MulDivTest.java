package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.fault.CpuException;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Random;

import static dev.multiverse.cpu.flags.Flags.AF;
import static dev.multiverse.cpu.flags.Flags.CF;
import static dev.multiverse.cpu.flags.Flags.OF;
import static dev.multiverse.cpu.flags.Flags.PF;
import static dev.multiverse.cpu.flags.Flags.SF;
import static dev.multiverse.cpu.flags.Flags.ZF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MUL, IMUL (1, 2, 3 operands), DIV and IDIV, with the host CPU's choices for undefined flags. */
class MulDivTest {
    private final ExecFixture f = new ExecFixture();
    private final Cpu c = f.cpu;

    // ---- MUL ----

    @Test
    void mul64ProducesRdxRax() {
        c.gpr[Cpu.RAX] = -1L;
        c.gpr[Cpu.RBX] = 2;
        f.run(0x48, 0xf7, 0xe3);                       // mul rbx
        assertEquals(1, c.gpr[Cpu.RDX]);
        assertEquals(0xffff_ffff_ffff_fffeL, c.gpr[Cpu.RAX]);
        f.assertStatus(CF | OF | SF);                  // SF from the low half; PF(0xfe) odd; ZF, AF clear
    }

    @Test
    void mul8WritesAxAndKeepsUpperBits() {
        c.gpr[Cpu.RAX] = 0x1234_5678_9abc_de10L;
        c.gpr[Cpu.RBX] = 0x10;
        f.setStatus(ZF | AF);
        f.run(0xf6, 0xe3);                             // mul bl
        assertEquals(0x1234_5678_9abc_0100L, c.gpr[Cpu.RAX]);
        f.assertStatus(CF | OF | PF);                  // AL = 0, yet ZF stays clear as on Intel CPUs
    }

    @Test
    void mul16FromMemory() {
        c.gpr[Cpu.RAX] = 0x1234;
        c.gpr[Cpu.RDX] = 0xffff_ffff_ffff_ffffL;
        c.gpr[Cpu.RSI] = ExecFixture.DATA;
        f.poke(ExecFixture.DATA, 2, 0x100);
        f.run(0x66, 0xf7, 0x26);                       // mul word [rsi]
        assertEquals(0x3400, c.gpr[Cpu.RAX]);
        assertEquals(0xffff_ffff_ffff_0012L, c.gpr[Cpu.RDX]);
        f.assertStatus(CF | OF | PF);
    }

    @Test
    void mul32ZeroExtendsBothHalves() {
        c.gpr[Cpu.RAX] = 0xdead_beef_8000_0000L;
        c.gpr[Cpu.RCX] = 2;
        c.gpr[Cpu.RDX] = 0xdead_beef_0000_0000L;
        f.run(0xf7, 0xe1);                             // mul ecx
        assertEquals(0, c.gpr[Cpu.RAX]);
        assertEquals(1, c.gpr[Cpu.RDX]);
        f.assertStatus(CF | OF | PF);
    }

    @Test
    void mulWithoutHighHalfClearsCarryAndOverflow() {
        c.gpr[Cpu.RAX] = 0x40;
        c.gpr[Cpu.RBX] = 3;
        f.setStatus(CF | OF | ZF | AF);
        f.run(0x48, 0xf7, 0xe3);                       // mul rbx
        assertEquals(0xc0, c.gpr[Cpu.RAX]);
        assertEquals(0, c.gpr[Cpu.RDX]);
        f.assertStatus(PF);                            // 0xc0 has two bits set; the 64-bit sign is clear
    }

    // ---- one-operand IMUL ----

    @Test
    void imul8SignedProductFitsInAl() {
        c.gpr[Cpu.RAX] = 0xfe;                         // -2
        c.gpr[Cpu.RBX] = 3;
        f.run(0xf6, 0xeb);                             // imul bl
        assertEquals(0xfffa, c.gpr[Cpu.RAX]);
        f.assertStatus(SF | PF);                       // -6 fits: CF = OF = 0; 0xfa has six bits set
    }

    @Test
    void imul64NegativeTimesNegative() {
        c.gpr[Cpu.RAX] = -1;
        c.gpr[Cpu.RCX] = -1;
        f.run(0x48, 0xf7, 0xe9);                       // imul rcx
        assertEquals(1, c.gpr[Cpu.RAX]);
        assertEquals(0, c.gpr[Cpu.RDX]);
        f.assertStatus(0);
    }

    @Test
    void imul64Overflow() {
        c.gpr[Cpu.RAX] = 1L << 62;
        c.gpr[Cpu.RCX] = -4;
        f.run(0x48, 0xf7, 0xe9);                       // imul rcx: -2^64
        assertEquals(0, c.gpr[Cpu.RAX]);
        assertEquals(-1, c.gpr[Cpu.RDX]);
        f.assertStatus(CF | OF | PF);
    }

    @Test
    void imul32And16Overflow() {
        c.gpr[Cpu.RAX] = 0x10000;
        c.gpr[Cpu.RCX] = 0x10000;
        f.run(0xf7, 0xe9);                             // imul ecx
        assertEquals(1, c.gpr[Cpu.RDX]);
        assertEquals(0, c.gpr[Cpu.RAX]);
        f.assertStatus(CF | OF | PF);

        c.gpr[Cpu.RAX] = 0x8000;                       // -32768 * -1 = 32768 does not fit
        c.gpr[Cpu.RCX] = 0xffff;
        f.run(0x66, 0xf7, 0xe9);                       // imul cx
        assertEquals(0x8000, c.gpr[Cpu.RAX]);
        assertEquals(0, c.gpr[Cpu.RDX] & 0xffff);
        f.assertStatus(CF | OF | SF | PF);
    }

    // ---- two- and three-operand IMUL ----

    @Test
    void imulTwoOperand() {
        c.gpr[Cpu.RAX] = 0x1_0000_0000L;
        c.gpr[Cpu.RBX] = 0x1_0000_0000L;
        f.run(0x48, 0x0f, 0xaf, 0xc3);                 // imul rax, rbx: 2^64 truncates to 0
        assertEquals(0, c.gpr[Cpu.RAX]);
        f.assertStatus(CF | OF | PF);

        c.gpr[Cpu.RAX] = 0xffff_ffff_0000_0007L;
        c.gpr[Cpu.RSI] = ExecFixture.DATA;
        f.poke(ExecFixture.DATA, 4, -6);
        f.run(0x0f, 0xaf, 0x06);                       // imul eax, [rsi]
        assertEquals(0xffff_ffd6L, c.gpr[Cpu.RAX]);     // -42, zero-extended
        f.assertStatus(SF);                            // 0xd6 has five bits set

        c.gpr[Cpu.RAX] = 0x7777_0100;
        c.gpr[Cpu.RBX] = 0x80;
        f.run(0x66, 0x0f, 0xaf, 0xc3);                 // imul ax, bx = 0x8000: overflows 16 bits
        assertEquals(0x7777_8000L, c.gpr[Cpu.RAX]);
        f.assertStatus(CF | OF | SF | PF);
    }

    @Test
    void imulThreeOperandImmediates() {
        c.gpr[Cpu.RBX] = 5;
        f.run(0x48, 0x6b, 0xc3, 0xfd);                 // imul rax, rbx, -3
        assertEquals(-15, c.gpr[Cpu.RAX]);
        assertEquals(5, c.gpr[Cpu.RBX]);
        f.assertStatus(SF);

        c.gpr[Cpu.RBX] = 0x10;
        f.run(0x69, 0xc3, 0x78, 0x56, 0x34, 0x12);     // imul eax, ebx, 0x12345678
        assertEquals(0x2345_6780L, c.gpr[Cpu.RAX]);
        f.assertStatus(CF | OF);

        c.gpr[Cpu.RAX] = 0xaaaa_aaaa_aaaa_aaaaL;
        c.gpr[Cpu.RBX] = 2;
        f.run(0x66, 0x69, 0xc3, 0x34, 0x12);           // imul ax, bx, 0x1234
        assertEquals(0xaaaa_aaaa_aaaa_2468L, c.gpr[Cpu.RAX]);
        f.assertStatus(0);

        c.gpr[Cpu.RBX] = 2;
        f.run(0x48, 0x69, 0xc3, 0x00, 0x00, 0x00, 0x80); // imul rax, rbx, -2^31 (imm32 sign-extended)
        assertEquals(-(1L << 32), c.gpr[Cpu.RAX]);
        f.assertStatus(SF | PF);

        c.gpr[Cpu.RSI] = ExecFixture.DATA;
        f.poke(ExecFixture.DATA + 8, 8, 1L << 61);
        f.run(0x48, 0x6b, 0x46, 0x08, 0x07);           // imul rax, [rsi+8], 7
        assertEquals(7L << 61, c.gpr[Cpu.RAX]);
        f.assertStatus(CF | OF | SF | PF);
    }

    // ---- DIV and IDIV ----

    @Test
    void div8() {
        c.gpr[Cpu.RAX] = 0xffff_0000_0000_03e8L;       // 1000
        c.gpr[Cpu.RBX] = 7;
        f.setStatus(SF | AF | CF);
        f.run(0xf6, 0xf3);                             // div bl
        assertEquals(0xffff_0000_0000_068eL, c.gpr[Cpu.RAX]); // AH = 6, AL = 142
        f.assertStatus(SF | AF | CF);                  // DIV leaves flags alone on Intel CPUs
    }

    @Test
    void div16And32() {
        c.gpr[Cpu.RAX] = 0;
        c.gpr[Cpu.RDX] = 1;
        c.gpr[Cpu.RCX] = 3;
        f.run(0x66, 0xf7, 0xf1);                       // div cx: 0x10000 / 3
        assertEquals(0x5555, c.gpr[Cpu.RAX]);
        assertEquals(1, c.gpr[Cpu.RDX]);

        c.gpr[Cpu.RAX] = 0xffff_ffff_0000_0005L;
        c.gpr[Cpu.RDX] = 0xffff_ffff_0000_0002L;
        c.gpr[Cpu.RCX] = 0x10;
        f.run(0xf7, 0xf1);                             // div ecx: 0x2_0000_0005 / 16
        assertEquals(0x2000_0000L, c.gpr[Cpu.RAX]);
        assertEquals(5, c.gpr[Cpu.RDX]);
    }

    @Test
    void div64WithWideDividend() {
        c.gpr[Cpu.RDX] = 5;
        c.gpr[Cpu.RAX] = 0x0123_4567_89ab_cdefL;
        c.gpr[Cpu.RCX] = 0x8000_0000_0000_0001L;
        f.run(0x48, 0xf7, 0xf1);                       // div rcx
        BigInteger[] qr = unsigned128(5, 0x0123_4567_89ab_cdefL).divideAndRemainder(unsigned(0x8000_0000_0000_0001L));
        assertEquals(qr[0].longValue(), c.gpr[Cpu.RAX]);
        assertEquals(qr[1].longValue(), c.gpr[Cpu.RDX]);

        c.gpr[Cpu.RDX] = 0;
        c.gpr[Cpu.RAX] = 100;
        c.gpr[Cpu.RSI] = ExecFixture.DATA;
        f.poke(ExecFixture.DATA, 8, 7);
        f.run(0x48, 0xf7, 0x36);                       // div qword [rsi]
        assertEquals(14, c.gpr[Cpu.RAX]);
        assertEquals(2, c.gpr[Cpu.RDX]);
    }

    @Test
    void idivTruncatesTowardZero() {
        c.gpr[Cpu.RAX] = 0xff9c;                       // -100
        c.gpr[Cpu.RBX] = 7;
        f.run(0xf6, 0xfb);                             // idiv bl
        assertEquals(0xfef2, c.gpr[Cpu.RAX]);          // AL = -14, AH = -2

        c.gpr[Cpu.RDX] = -1;
        c.gpr[Cpu.RAX] = -7;
        c.gpr[Cpu.RCX] = 2;
        f.run(0x48, 0xf7, 0xf9);                       // idiv rcx
        assertEquals(-3, c.gpr[Cpu.RAX]);
        assertEquals(-1, c.gpr[Cpu.RDX]);

        c.gpr[Cpu.RDX] = 0;
        c.gpr[Cpu.RAX] = 0x64;
        c.gpr[Cpu.RCX] = 0xffff_fff9L;                 // -7
        f.run(0xf7, 0xf9);                             // idiv ecx
        assertEquals(0xffff_fff2L, c.gpr[Cpu.RAX]);     // -14
        assertEquals(2, c.gpr[Cpu.RDX]);

        c.gpr[Cpu.RDX] = 0xffff;                       // DX:AX = -32768
        c.gpr[Cpu.RAX] = 0x8000;
        c.gpr[Cpu.RCX] = 1;
        f.run(0x66, 0xf7, 0xf9);                       // idiv cx: the most negative quotient fits
        assertEquals(0x8000, c.gpr[Cpu.RAX]);
        assertEquals(0, c.gpr[Cpu.RDX] & 0xffff);

        c.gpr[Cpu.RAX] = 0x0081;                       // 129 / -1 = -129 does not fit in AL
        c.gpr[Cpu.RSI] = ExecFixture.DATA;
        f.poke(ExecFixture.DATA, 1, 0xff);
        assertEquals(CpuException.DE, f.runFaulting(0xf6, 0x3e)); // idiv byte [rsi]
    }

    @Test
    void idiv64MostNegativeQuotientFits() {
        c.gpr[Cpu.RDX] = 0;
        c.gpr[Cpu.RAX] = Long.MIN_VALUE;               // +2^63 / -1 = -2^63
        c.gpr[Cpu.RCX] = -1;
        f.run(0x48, 0xf7, 0xf9);
        assertEquals(Long.MIN_VALUE, c.gpr[Cpu.RAX]);
        assertEquals(0, c.gpr[Cpu.RDX]);
    }

    @Test
    void divideByZeroRaisesDeAtTheInstruction() {
        c.gpr[Cpu.RAX] = 0x1234;
        c.gpr[Cpu.RDX] = 0x5678;
        c.gpr[Cpu.RCX] = 0;
        assertEquals(CpuException.DE, f.runFaulting(0x48, 0xf7, 0xf1)); // div rcx
        assertEquals(0x1234, c.gpr[Cpu.RAX]);
        assertEquals(0x5678, c.gpr[Cpu.RDX]);
        assertEquals(ExecFixture.HANDLERS + 1, c.rip);
    }

    @Test
    void divideOverflowRaisesDe() {
        c.gpr[Cpu.RAX] = 0x1000;                       // 0x1000 / 0x10 = 0x100 does not fit in AL
        c.gpr[Cpu.RBX] = 0x10;
        assertEquals(CpuException.DE, f.runFaulting(0xf6, 0xf3));
        assertEquals(0x1000, c.gpr[Cpu.RAX]);

        c.gpr[Cpu.RDX] = 3;
        c.gpr[Cpu.RAX] = 0;
        c.gpr[Cpu.RCX] = 3;
        assertEquals(CpuException.DE, f.runFaulting(0x48, 0xf7, 0xf1)); // div rcx: RDX >= divisor
        assertEquals(CpuException.DE, f.runFaulting(0xf7, 0xf1));       // div ecx
        assertEquals(CpuException.DE, f.runFaulting(0x66, 0xf7, 0xf1)); // div cx
    }

    @Test
    void idivOfMostNegativeByMinusOneRaisesDe() {
        c.gpr[Cpu.RDX] = -1;
        c.gpr[Cpu.RAX] = Long.MIN_VALUE;
        c.gpr[Cpu.RCX] = -1;
        assertEquals(CpuException.DE, f.runFaulting(0x48, 0xf7, 0xf9)); // idiv rcx
        assertEquals(Long.MIN_VALUE, c.gpr[Cpu.RAX]);

        c.gpr[Cpu.RDX] = 0xffff_ffffL;
        c.gpr[Cpu.RAX] = 0x8000_0000L;
        assertEquals(CpuException.DE, f.runFaulting(0xf7, 0xf9));       // idiv ecx

        c.gpr[Cpu.RDX] = 0xffff;
        c.gpr[Cpu.RAX] = 0x8000;
        assertEquals(CpuException.DE, f.runFaulting(0x66, 0xf7, 0xf9)); // idiv cx

        c.gpr[Cpu.RAX] = 0xff80;
        c.gpr[Cpu.RBX] = 0xff;
        assertEquals(CpuException.DE, f.runFaulting(0xf6, 0xfb));       // idiv bl
    }

    @Test
    void divideErrorWithoutIdtTripleFaults() {
        TestCpu t = new TestCpu(3);
        t.cpu.idtLimit = 0;
        t.cpu.gpr[Cpu.RBX] = 0;
        assertEquals(StopReason.TRIPLE_FAULT, t.run(0x1000, TestCpu.bytes(0xf6, 0xf3, 0xf4), 10));
    }

    @Test
    void wideDivisionMatchesBigInteger() {
        Random r = new Random(42);
        for (int n = 0; n < 20000; n++) {
            long d = switch (n % 4) {
                case 0 -> r.nextLong();
                case 1 -> r.nextLong() >>> r.nextInt(64);
                case 2 -> 1L << r.nextInt(64);
                default -> (r.nextLong() | 1) >>> 32;
            };
            if (d == 0) continue;
            long hi = Long.remainderUnsigned(r.nextLong() >>> r.nextInt(64), d);
            long lo = r.nextLong();
            BigInteger expected = unsigned128(hi, lo).divide(unsigned(d));
            assertEquals(expected.longValue(), Divide128.quotient(hi, lo, d),
                    () -> Long.toHexString(hi) + ":" + Long.toHexString(lo) + " / " + Long.toHexString(d));
        }
    }

    @Test
    void signedWideDivisionThroughTheCpu() {
        Random r = new Random(7);
        BigInteger min = BigInteger.valueOf(Long.MIN_VALUE), max = BigInteger.valueOf(Long.MAX_VALUE);
        int faults = 0;
        for (int n = 0; n < 400; n++) {
            long hi = r.nextLong() >> (r.nextInt(66) % 64), lo = r.nextLong();
            long d = r.nextLong() >> r.nextInt(64);
            if (d == 0) continue;
            BigInteger dividend = BigInteger.valueOf(hi).shiftLeft(64).or(unsigned(lo));
            BigInteger[] qr = dividend.divideAndRemainder(BigInteger.valueOf(d));
            c.gpr[Cpu.RDX] = hi;
            c.gpr[Cpu.RAX] = lo;
            c.gpr[Cpu.RCX] = d;
            if (qr[0].compareTo(min) < 0 || qr[0].compareTo(max) > 0) {
                assertEquals(CpuException.DE, f.runFaulting(0x48, 0xf7, 0xf9));
                faults++;
            } else {
                f.run(0x48, 0xf7, 0xf9);               // idiv rcx
                assertEquals(qr[0].longValueExact(), c.gpr[Cpu.RAX]);
                assertEquals(qr[1].longValueExact(), c.gpr[Cpu.RDX]);
            }
            c.gpr[Cpu.RSP] = ExecFixture.STACK;
        }
        assertTrue(faults > 0 && faults < 400, "both outcomes exercised");
    }

    @Test
    void operandSizesIn16And32BitCode() {
        ExecFixture real = new ExecFixture(1);
        real.cpu.gpr[Cpu.RAX] = 0x1234_ffff;
        real.cpu.gpr[Cpu.RBX] = 0xffff;
        real.cpu.gpr[Cpu.RDX] = 0x5555_5555;
        real.run(0xf7, 0xe3);                          // 16-bit code: mul bx
        assertEquals(0x1234_0001, real.cpu.gpr[Cpu.RAX]);
        assertEquals(0x5555_fffe, real.cpu.gpr[Cpu.RDX]);
        real.cpu.gpr[Cpu.RAX] = 0x8000_0000L;
        real.cpu.gpr[Cpu.RBX] = 2;
        real.run(0x66, 0xf7, 0xe3);                    // 16-bit code, 66: mul ebx
        assertEquals(0, real.cpu.gpr[Cpu.RAX]);
        assertEquals(1, real.cpu.gpr[Cpu.RDX]);

        ExecFixture protectedMode = new ExecFixture(2);
        protectedMode.cpu.gpr[Cpu.RBX] = 0x2000_0001;
        protectedMode.run(0x6b, 0xc3, 0x05);           // 32-bit code: imul eax, ebx, 5
        assertEquals(0xa000_0005L, protectedMode.cpu.gpr[Cpu.RAX]);
        protectedMode.assertStatus(CF | OF | SF | PF);
    }

    private static BigInteger unsigned(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    private static BigInteger unsigned128(long hi, long lo) {
        return unsigned(hi).shiftLeft(64).or(unsigned(lo));
    }
}

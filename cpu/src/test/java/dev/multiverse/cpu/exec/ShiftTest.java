package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import org.junit.jupiter.api.Test;

import static dev.multiverse.cpu.flags.Flags.AF;
import static dev.multiverse.cpu.flags.Flags.CF;
import static dev.multiverse.cpu.flags.Flags.OF;
import static dev.multiverse.cpu.flags.Flags.PF;
import static dev.multiverse.cpu.flags.Flags.SF;
import static dev.multiverse.cpu.flags.Flags.ZF;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shifts, rotates and double shifts, with the host CPU's choices for undefined flags. */
class ShiftTest {
    private static final long ALL = CF | PF | AF | ZF | SF | OF;
    private final ExecFixture f = new ExecFixture();
    private final Cpu c = f.cpu;

    /** Runs {@code code} with RAX, RCX (the count) and the status flags preset; returns RAX. */
    private long run(long rax, long rcx, long status, int... code) {
        c.gpr[Cpu.RAX] = rax;
        c.gpr[Cpu.RCX] = rcx;
        f.setStatus(status);
        f.run(code);
        return c.gpr[Cpu.RAX];
    }

    // ---- SHL / SAL ----

    @Test
    void shlByOne() {
        assertEquals(0x82, run(0xc1, 0, AF | ZF, 0xd0, 0xe0));            // shl al, 1
        f.assertStatus(CF | SF | PF);                                  // OF = MSB ^ CF = 0; AF cleared
        assertEquals(0x82, run(0x41, 0, CF, 0xd0, 0xe0));
        f.assertStatus(OF | SF | PF);
    }

    @Test
    void shlSlashSixIsAnAliasOfShl() {
        assertEquals(2, run(0x8000_0001L, 0, 0, 0xd1, 0xf0));          // ModRM.reg = 6: shl eax, 1
        f.assertStatus(CF | OF);
    }

    @Test
    void shlByteCountsAtAndBeyondTheWidth() {
        assertEquals(0, run(0x81, 8, 0, 0xd2, 0xe0));                   // shl al, cl (8): CF = old bit 0
        f.assertStatus(CF | OF | ZF | PF);                             // OF from the top two bits: 1 ^ 0
        assertEquals(0, run(0x81, 9, 0, 0xd2, 0xe0));                   // beyond the width: CF clear
        f.assertStatus(OF | ZF | PF);
        assertEquals(0x10, run(0x51, 4, 0, 0xd2, 0xe0));                // count > 1: OF from the top two bits
        f.assertStatus(CF | OF);
    }

    @Test
    void countIsMaskedToFiveOrSixBits() {
        assertEquals(0x8000_0000L, run(0xffff_ffff_4000_0000L, 33, 0, 0xd3, 0xe0)); // shl eax, cl: 33 -> 1
        f.assertStatus(OF | SF | PF);
        assertEquals(Long.MIN_VALUE, run(3, 0x7f, 0, 0x48, 0xd3, 0xe0));          // shl rax, cl: 127 -> 63
        f.assertStatus(CF | SF | PF);
    }

    @Test
    void zeroCountKeepsPendingFlagsAndStillZeroExtends() {
        c.gpr[Cpu.RBX] = 1;
        c.gpr[Cpu.RAX] = 0xdead_beef_0000_00ffL;
        c.gpr[Cpu.RCX] = 0;
        f.run(0x00, 0xd8, 0xd3, 0xe0);                                 // add al, bl; shl eax, cl (0)
        assertEquals(0, c.gpr[Cpu.RAX]);
        f.assertStatus(CF | ZF | AF | PF);

        assertEquals(0x1234_5678L, run(0xffff_ffff_1234_5678L, 0, ALL, 0xc1, 0xe0, 0x20)); // shl eax, 32 -> 0
        f.assertStatus(ALL);
        assertEquals(0x77, run(0x77, 0x40, SF, 0x48, 0xd3, 0xe8));      // shr rax, cl: 64 -> 0
        f.assertStatus(SF);
    }

    @Test
    void shiftMemory() {
        c.gpr[Cpu.RSI] = ExecFixture.DATA;
        f.poke(ExecFixture.DATA, 8, 0x1111_1111_9765_4321L);
        run(0, 0, 0, 0xc1, 0x26, 0x04);                                // shl dword [rsi], 4
        assertEquals(0x1111_1111_7654_3210L, f.peek(ExecFixture.DATA, 8));
        f.assertStatus(CF | OF);                                       // OF: top bits 1, 0
        run(0, 36, 0, 0x48, 0xd3, 0x2e);                               // shr qword [rsi], cl
        assertEquals(0x0111_1111L, f.peek(ExecFixture.DATA, 8));
        f.assertStatus(PF);                                            // CF = bit 35 = 0, OF = old MSB = 0
        f.poke(ExecFixture.DATA, 1, 0x80);
        run(0, 0, 0, 0xd0, 0x3e);                                      // sar byte [rsi], 1
        assertEquals(0xc0, f.peek(ExecFixture.DATA, 1));
        f.assertStatus(SF | PF);
    }

    // ---- SHR / SAR ----

    @Test
    void shr() {
        assertEquals(0x40, run(0x81, 1, 0, 0xd2, 0xe8));                // shr al, cl
        f.assertStatus(CF | OF);                                       // OF = original MSB
        assertEquals(0x10, run(0x81, 3, 0, 0xd2, 0xe8));
        f.assertStatus(OF);                                            // count > 1: still the original MSB
        assertEquals(0, run(0x81, 8, 0, 0xd2, 0xe8));
        f.assertStatus(CF | OF | ZF | PF);
        assertEquals(0, run(0xff, 9, 0, 0xd2, 0xe8));
        f.assertStatus(OF | ZF | PF);                                  // beyond the width: CF clear
    }

    @Test
    void sar() {
        assertEquals(0xc0, run(0x81, 1, OF, 0xd2, 0xf8));               // sar al, cl
        f.assertStatus(CF | SF | PF);
        assertEquals(0xff, run(0x81, 20, 0, 0xd2, 0xf8));               // beyond the width: sign fill
        f.assertStatus(CF | SF | PF);
        assertEquals(-2, run(-3, 0, 0, 0x48, 0xd1, 0xf8));              // sar rax, 1
        f.assertStatus(CF | SF);
        assertEquals(0x3fff_ffff_ffff_ffffL, run(0x7fff_ffff_ffff_ffffL, 1, 0, 0x48, 0xd1, 0xf8));
        f.assertStatus(CF | PF);
    }

    // ---- ROL / ROR ----

    @Test
    void rotatesChangeOnlyCarryAndOverflow() {
        assertEquals(0x03, run(0x81, 1, ZF | AF | SF | PF, 0xd2, 0xc0));  // rol al, cl
        f.assertStatus(ZF | AF | SF | PF | CF | OF);
        assertEquals(0x18, run(0x81, 4, ALL, 0xd2, 0xc0));
        f.assertStatus(ALL & ~CF);                                     // OF from the top two bits: 1 ^ 0
        assertEquals(0xc0, run(0x81, 1, 0, 0xd2, 0xc8));                // ror al, cl
        f.assertStatus(CF);                                            // OF = top two result bits 1 ^ 1
        assertEquals(0x10, run(0x01, 4, 0, 0xd2, 0xc8));
        f.assertStatus(OF);                                            // OF = original bit 0 ^ bit 7
    }

    @Test
    void rotateByAMultipleOfTheWidthStillSetsFlags() {
        assertEquals(0x81, run(0x81, 8, ZF, 0xd2, 0xc0));               // rol al, 8: value unchanged
        f.assertStatus(ZF | CF | OF);
        assertEquals(0x81, run(0x81, 16, 0, 0xd2, 0xc8));               // ror al, 16
        f.assertStatus(CF);
    }

    @Test
    void rotateMemoryWord() {
        c.gpr[Cpu.RSI] = ExecFixture.DATA;
        f.poke(ExecFixture.DATA, 4, 0xaaaa_1234L);
        run(0, 0, 0, 0x66, 0xc1, 0x06, 0x04);                          // rol word [rsi], 4
        assertEquals(0xaaaa_2341L, f.peek(ExecFixture.DATA, 4));
        f.assertStatus(CF);
    }

    // ---- RCL / RCR ----

    @Test
    void rclAndRcrThroughCarry() {
        assertEquals(0x01, run(0x80, 1, CF, 0xd2, 0xd0));               // rcl al, cl
        f.assertStatus(CF | OF);
        assertEquals(0x40, run(0x81, 8, 0, 0xd2, 0xd0));                // rcl al, 8 = 9-bit rotate right by 1
        f.assertStatus(CF | OF);
        assertEquals(0x80, run(0x01, 1, CF, 0xd2, 0xd8));               // rcr al, cl
        f.assertStatus(CF | OF);                                       // OF = old MSB ^ old CF
        assertEquals(0x06, run(0x30, 3, ZF, 0xd2, 0xd8));
        f.assertStatus(ZF);
    }

    @Test
    void rcl64AndRcr64() {
        assertEquals(1, run(Long.MIN_VALUE, 1, CF, 0x48, 0xd3, 0xd0));  // rcl rax, cl
        f.assertStatus(CF | OF);
        assertEquals(0x6000_0000_0000_0000L, run(Long.MIN_VALUE, 63, CF, 0x48, 0xd3, 0xd0));
        f.assertStatus(OF);
        assertEquals(0, run(1, 1, ZF, 0x48, 0xd3, 0xd8));               // rcr rax, cl
        f.assertStatus(CF | ZF);
        assertEquals(0xc000_0000_0000_0000L, run(1, 2, CF, 0x48, 0xd3, 0xd8));
        f.assertStatus(OF);                                            // OF = old MSB (0) ^ old CF (1)
    }

    @Test
    void rotateThroughCarryByAMultipleOfNineOrSeventeenChangesNothing() {
        assertEquals(0x80, run(0x80, 9, CF | SF, 0xd2, 0xd0));           // rcl al, 9
        f.assertStatus(CF | SF);
        assertEquals(0x80, run(0x80, 18, OF, 0xd2, 0xd8));               // rcr al, 18
        f.assertStatus(OF);
        assertEquals(0x1234_8001L, run(0x1234_8001L, 17, PF, 0x66, 0xd3, 0xd8)); // rcr ax, 17
        f.assertStatus(PF);
        assertEquals(0x8000_0001L, run(0xffff_ffff_8000_0001L, 32, CF, 0xd3, 0xd0)); // rcl eax, 32 -> 0
        f.assertStatus(CF);
        assertEquals(0xe000_0000L, run(0x8000_0001L, 31, CF, 0xd3, 0xd0)); // rcl eax, 31
        f.assertStatus(OF);
    }

    // ---- SHLD / SHRD ----

    @Test
    void shldImmediateAndCl() {
        c.gpr[Cpu.RBX] = 0x9abc_def0L;
        assertEquals(0x2345_6789L, run(0x1234_5678L, 0, 0, 0x0f, 0xa4, 0xd8, 0x04)); // shld eax, ebx, 4
        f.assertStatus(CF);
        c.gpr[Cpu.RBX] = Long.MIN_VALUE;
        assertEquals(0xc000_0000_0000_0000L, run(1, 127, 0, 0x48, 0x0f, 0xa5, 0xd8)); // shld rax, rbx, cl (63)
        f.assertStatus(SF | PF);
        c.gpr[Cpu.RBX] = 0x8000;
        assertEquals(0x4001, run(0x2000, 1, 0, 0x66, 0x0f, 0xa5, 0xd8));  // shld ax, bx, 1
        f.assertStatus(0);
        assertEquals(0x8001, run(0x4000, 1, 0, 0x66, 0x0f, 0xa5, 0xd8));
        f.assertStatus(OF | SF);                                       // the sign changed
    }

    @Test
    void shrdImmediateAndCl() {
        c.gpr[Cpu.RBX] = 0x9abc_def0L;
        assertEquals(0x0123_4567L, run(0x1234_5678L, 0, 0, 0x0f, 0xac, 0xd8, 0x04)); // shrd eax, ebx, 4
        f.assertStatus(CF);
        c.gpr[Cpu.RBX] = 1;
        assertEquals(0x8000_0000_0000_0001L, run(2, 1, 0, 0x48, 0x0f, 0xad, 0xd8)); // shrd rax, rbx, cl
        f.assertStatus(OF | SF);
        c.gpr[Cpu.RBX] = 0xaabb_ccddL;
        c.gpr[Cpu.RSI] = ExecFixture.DATA;
        f.poke(ExecFixture.DATA, 4, 0x1122_3344L);
        run(0, 0, 0, 0x0f, 0xac, 0x1e, 0x08);                          // shrd dword [rsi], ebx, 8
        assertEquals(0xdd11_2233L, f.peek(ExecFixture.DATA, 4));
        f.assertStatus(OF | SF | PF);
    }

    @Test
    void sixteenBitDoubleShiftBeyondSixteenUsesDestSrcDest() {
        c.gpr[Cpu.RBX] = 0x5678;
        assertEquals(0x6781, run(0x1234, 20, 0, 0x66, 0x0f, 0xa5, 0xd8)); // shld ax, bx, cl (20)
        f.assertStatus(CF | PF);
        assertEquals(0x4567, run(0x1234, 20, 0, 0x66, 0x0f, 0xad, 0xd8)); // shrd ax, bx, cl (20)
        f.assertStatus(CF);
    }

    @Test
    void doubleShiftByZero() {
        c.gpr[Cpu.RBX] = -1;
        assertEquals(0x1234_5678L, run(0xffff_0000_1234_5678L, 32, ALL, 0x0f, 0xa5, 0xd8)); // shld eax, ebx, cl
        f.assertStatus(ALL);
        assertEquals(0x5678, run(0x5678, 0x40, 0, 0x48, 0x0f, 0xac, 0xd8, 0x40)); // shrd rax, rbx, 64 -> 0
        f.assertStatus(0);
    }
}

package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import org.junit.jupiter.api.Test;

import static dev.multiverse.cpu.flags.Flags.AF;
import static dev.multiverse.cpu.flags.Flags.CF;
import static dev.multiverse.cpu.flags.Flags.OF;
import static dev.multiverse.cpu.flags.Flags.PF;
import static dev.multiverse.cpu.flags.Flags.SF;
import static dev.multiverse.cpu.flags.Flags.ZF;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** BT/BTS/BTR/BTC, BSF/BSR, POPCNT, LZCNT, TZCNT and BSWAP. */
class BitOpsTest {
    private static final long ALL = CF | PF | AF | ZF | SF | OF;
    private static final long DATA = ExecFixture.DATA + 0x100;
    private final ExecFixture f = new ExecFixture();
    private final Cpu c = f.cpu;

    /** Runs {@code code} with RAX, RBX (the source) and the status flags preset; returns RAX. */
    private long run(long rax, long rbx, long status, int... code) {
        c.gpr[Cpu.RAX] = rax;
        c.gpr[Cpu.RBX] = rbx;
        f.setStatus(status);
        f.run(code);
        return c.gpr[Cpu.RAX];
    }

    // ---- BT family ----

    @Test
    void btRegisterOffsetIsTakenModuloTheWidthAndChangesOnlyCf() {
        c.gpr[Cpu.RCX] = 35;
        assertEquals(8, run(8, 9, 0, 0x48, 0x39, 0xd8, 0x0f, 0xa3, 0xc8)); // cmp rax, rbx; bt eax, ecx (bit 3)
        f.assertStatus(CF | SF | AF | PF);                              // CF from BT, the rest pending from CMP
        c.gpr[Cpu.RCX] = 36;
        run(8, 9, 0, 0x48, 0x39, 0xd8, 0x0f, 0xa3, 0xc8);
        f.assertStatus(SF | AF | PF);
    }

    @Test
    void btMemoryWithRegisterOffsetReachesBeyondTheOperand() {
        c.gpr[Cpu.RSI] = DATA;
        f.poke(DATA - 8, 8, Long.MIN_VALUE);
        c.gpr[Cpu.RCX] = -1;                                           // qword at rsi-8, bit 63
        run(0, 0, 0, 0x48, 0x0f, 0xa3, 0x0e);                          // bt [rsi], rcx
        f.assertStatus(CF);
        f.poke(DATA + 8, 8, 0x20);
        c.gpr[Cpu.RCX] = 64 + 5;                                       // qword at rsi+8, bit 5
        run(0, 0, ZF, 0x48, 0x0f, 0xa3, 0x0e);
        f.assertStatus(CF | ZF);
        f.poke(DATA - 2, 2, 0x8000);
        c.gpr[Cpu.RCX] = 0xffff;                                       // word at rsi-2, bit 15
        run(0, 0, 0, 0x66, 0x0f, 0xa3, 0x0e);                          // bt word [rsi], cx
        f.assertStatus(CF);
    }

    @Test
    void btsBtrBtcOnMemory() {
        c.gpr[Cpu.RSI] = DATA;
        c.gpr[Cpu.RCX] = 100;                                          // dword at rsi+12, bit 4
        run(0, 0, CF, 0x0f, 0xab, 0x0e);                               // bts dword [rsi], ecx
        assertEquals(0x10, f.peek(DATA + 12, 4));
        f.assertStatus(0);
        run(0, 0, 0, 0xf0, 0x0f, 0xab, 0x0e);                          // lock bts dword [rsi], ecx
        assertEquals(0x10, f.peek(DATA + 12, 4));
        f.assertStatus(CF);

        f.poke(DATA - 16, 8, -1);
        c.gpr[Cpu.RCX] = -65;                                          // qword at rsi-16, bit 63
        run(0, 0, 0, 0x48, 0x0f, 0xb3, 0x0e);                          // btr qword [rsi], rcx
        assertEquals(Long.MAX_VALUE, f.peek(DATA - 16, 8));
        f.assertStatus(CF);

        f.poke(DATA, 8, 0);
        run(0, 0, 0, 0xf0, 0x48, 0x0f, 0xba, 0x3e, 0x01);              // lock btc qword [rsi], 1
        assertEquals(2, f.peek(DATA, 8));
        f.assertStatus(0);
    }

    @Test
    void btImmediateOffsetIsMaskedAndStaysInsideTheOperand() {
        c.gpr[Cpu.RSI] = DATA;
        f.poke(DATA, 4, 0x8);
        f.poke(DATA + 4, 4, 0);
        run(0, 0, 0, 0x0f, 0xba, 0x26, 0x23);                          // bt dword [rsi], 35 -> bit 3
        f.assertStatus(CF);
    }

    @Test
    void btsBtrBtcOnRegisters() {
        assertEquals(Long.MAX_VALUE, run(-1, 0, PF, 0x48, 0x0f, 0xba, 0xf0, 0x3f)); // btr rax, 63
        f.assertStatus(CF | PF);
        c.gpr[Cpu.RCX] = 17;                                           // bit 1 of a word
        assertEquals(0x5555_0003L, run(0x5555_0001L, 0, CF, 0x66, 0x0f, 0xbb, 0xc8)); // btc ax, cx
        f.assertStatus(0);
    }

    @Test
    void lockIsRejectedWithoutAMemoryDestinationAndOnBt() {
        c.gpr[Cpu.RSI] = DATA;
        assertEquals(CpuException.UD, f.runFaulting(0xf0, 0x0f, 0xab, 0xc8)); // lock bts eax, ecx
        assertEquals(CpuException.UD, f.runFaulting(0xf0, 0x0f, 0xa3, 0x0e)); // lock bt [rsi], ecx
    }

    @Test
    void btMemoryOffsetWrapsWithTheAddressSizeIn16BitCode() {
        ExecFixture real = new ExecFixture(1);
        real.cpu.gpr[Cpu.RSI] = 0;
        real.cpu.gpr[Cpu.RAX] = 0xffff;                                // -1: the word at si-2 = 0xfffe
        real.poke(0xfffe, 2, 0x8000);
        real.run(0x0f, 0xa3, 0x04);                                    // bt [si], ax
        real.assertStatus(CF);
    }

    // ---- BSF / BSR ----

    @Test
    void bitScans() {
        assertEquals(4, run(-1, 0x50, ALL, 0x0f, 0xbc, 0xc3));          // bsf eax, ebx
        f.assertStatus(0);
        assertEquals(63, run(0, 0x8000_0000_0000_0001L, 0, 0x48, 0x0f, 0xbd, 0xc3)); // bsr rax, rbx
        f.assertStatus(PF);
        assertEquals(0x1234_000fL, run(0x1234_5678L, 0x8000, 0, 0x66, 0x0f, 0xbc, 0xc3)); // bsf ax, bx
        f.assertStatus(PF);
        c.gpr[Cpu.RSI] = DATA;
        f.poke(DATA, 4, 0x0000_0300);
        assertEquals(9, run(0, 0, 0, 0x0f, 0xbd, 0x06));               // bsr eax, [rsi]
    }

    @Test
    void bitScanOfZeroSetsZfAndLeavesTheWholeRegister() {
        assertEquals(0xdead_beef_1234_5678L, run(0xdead_beef_1234_5678L, 0xffff_ffff_0000_0000L, CF | OF | SF,
                0x0f, 0xbc, 0xc3));                                    // bsf eax, ebx: ebx = 0
        f.assertStatus(ZF | PF);
        assertEquals(-1, run(-1, 0, 0, 0x48, 0x0f, 0xbd, 0xc3));        // bsr rax, rbx
        f.assertStatus(ZF | PF);
    }

    // ---- POPCNT / LZCNT / TZCNT ----

    @Test
    void popcnt() {
        assertEquals(16, run(-1, 0xffff_ffff_0f0f_0f0fL, ALL, 0xf3, 0x0f, 0xb8, 0xc3)); // popcnt eax, ebx
        f.assertStatus(0);
        assertEquals(0, run(-1, 0xffff_ffff_0000_0000L, 0, 0xf3, 0x0f, 0xb8, 0xc3));
        f.assertStatus(ZF);
        c.gpr[Cpu.RSI] = DATA;
        f.poke(DATA, 8, -1);
        assertEquals(64, run(0, 0, 0, 0xf3, 0x48, 0x0f, 0xb8, 0x06));   // popcnt rax, [rsi]
        assertEquals(0x7777_0008L, run(0x7777_ffffL, 0xf0f0, 0, 0x66, 0xf3, 0x0f, 0xb8, 0xc3)); // popcnt ax, bx
    }

    @Test
    void popcntNeedsItsMandatoryPrefix() {
        assertEquals(CpuException.UD, f.runFaulting(0x0f, 0xb8, 0xc3));
    }

    @Test
    void lzcnt() {
        assertEquals(15, run(-1, 0x0001_0000, ALL, 0xf3, 0x0f, 0xbd, 0xc3));   // lzcnt eax, ebx
        f.assertStatus(0);
        assertEquals(32, run(0, 0xffff_ffff_0000_0000L, 0, 0xf3, 0x0f, 0xbd, 0xc3));
        f.assertStatus(CF);
        assertEquals(0, run(-1, 0x8000_0000L, 0, 0xf3, 0x0f, 0xbd, 0xc3));
        f.assertStatus(ZF);
        assertEquals(63, run(0, 1, 0, 0xf3, 0x48, 0x0f, 0xbd, 0xc3));          // lzcnt rax, rbx
        assertEquals(64, run(0, 0, 0, 0xf3, 0x48, 0x0f, 0xbd, 0xc3));
        f.assertStatus(CF);
        assertEquals(0x9999_0010L, run(0x9999_0000L, 0xffff_0000L, 0, 0x66, 0xf3, 0x0f, 0xbd, 0xc3)); // lzcnt ax, bx
        f.assertStatus(CF);
    }

    @Test
    void tzcnt() {
        assertEquals(4, run(-1, 0x10, ALL, 0xf3, 0x0f, 0xbc, 0xc3));    // tzcnt eax, ebx
        f.assertStatus(0);
        assertEquals(32, run(-1, 0, 0, 0xf3, 0x0f, 0xbc, 0xc3));
        f.assertStatus(CF);
        assertEquals(0, run(-1, 1, 0, 0xf3, 0x0f, 0xbc, 0xc3));
        f.assertStatus(ZF);
        assertEquals(63, run(0, Long.MIN_VALUE, 0, 0xf3, 0x48, 0x0f, 0xbc, 0xc3)); // tzcnt rax, rbx
        assertEquals(64, run(0, 0, 0, 0xf3, 0x48, 0x0f, 0xbc, 0xc3));
        f.assertStatus(CF);
        assertEquals(0x10, run(0, 0, 0, 0x66, 0xf3, 0x0f, 0xbc, 0xc3));  // tzcnt ax, bx
        f.assertStatus(CF);
    }

    @Test
    void withoutF3TheCountOpcodesAreBitScans() {
        assertEquals(0x55, run(0x55, 0, 0, 0x0f, 0xbc, 0xc3));          // bsf: destination kept
        f.assertStatus(ZF | PF);
        assertEquals(32, run(0x55, 0, 0, 0xf3, 0x0f, 0xbc, 0xc3));      // tzcnt: operand width
        f.assertStatus(CF);
    }

    // ---- BSWAP ----

    @Test
    void bswap() {
        assertEquals(0x4433_2211L, run(0xffff_ffff_1122_3344L, 0, ALL, 0x0f, 0xc8)); // bswap eax
        f.assertStatus(ALL);
        assertEquals(0x8877_6655_4433_2211L, run(0x1122_3344_5566_7788L, 0, 0, 0x48, 0x0f, 0xc8)); // bswap rax
        c.gpr[9] = 0x0102_0304_0506_0708L;
        f.run(0x49, 0x0f, 0xc9);                                       // bswap r9
        assertEquals(0x0807_0605_0403_0201L, c.gpr[9]);
        assertEquals(0x1122_3344_5566_0000L, run(0x1122_3344_5566_7788L, 0, 0, 0x66, 0x0f, 0xc8)); // bswap ax
    }
}

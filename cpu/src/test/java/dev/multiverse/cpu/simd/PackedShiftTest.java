package dev.multiverse.cpu.simd;

import dev.multiverse.cpu.Cpu;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Element shifts by immediate and by register count, counts beyond the width, and the byte shifts. */
class PackedShiftTest {
    private static final long V = 0x8001_7ffe_f00f_0ff0L;
    private final SimdFixture f = new SimdFixture();
    private final Cpu cpu = f.cpu;

    @Test
    void wordShiftsByImmediate() {
        f.xmm(1, V, V);
        f.run("66 0f 71 d1 04");                    // psrlw $4,%xmm1
        assertEquals(0x0800_07ff_0f00_00ffL, f.low(1));
        assertEquals(f.low(1), f.high(1));
        f.xmm(1, V, V);
        f.run("66 0f 71 e1 04");                    // psraw $4,%xmm1
        assertEquals(0xf800_07ff_ff00_00ffL, f.low(1));
        f.xmm(1, V, V);
        f.run("66 0f 71 f1 04");                    // psllw $4,%xmm1
        assertEquals(0x0010_ffe0_00f0_ff00L, f.high(1));
    }

    @Test
    void countsAtOrAboveTheWidthGiveZeroOrTheSign() {
        f.xmm(1, V, 0);
        f.run("66 0f 71 d1 10");                    // psrlw $16
        assertEquals(0, f.low(1));
        f.xmm(1, V, 0);
        f.run("66 0f 71 e1 ff");                    // psraw $255: copies of each sign bit
        assertEquals(0xffff_0000_ffff_0000L, f.low(1));
        f.xmm(1, V, 0);
        f.run("66 0f 72 f1 20");                    // pslld $32
        assertEquals(0, f.low(1));
        f.xmm(1, V, 0);
        f.run("66 0f 73 d1 3f");                    // psrlq $63
        assertEquals(1, f.low(1));
    }

    @Test
    void registerCountsUseTheWholeLowQuadword() {
        f.xmm(2, 1, -1L);                           // the high quadword of the count is ignored
        f.xmm(1, V, V);
        f.run("66 0f d2 ca");                       // psrld %xmm2,%xmm1
        assertEquals(0x4000_bfff_7807_87f8L, f.low(1));
        f.xmm(2, 0x1_0000_0001L, 0);                // a huge count, whatever its low bits
        f.xmm(1, V, V);
        f.run("66 0f f3 ca");                       // psllq %xmm2,%xmm1
        assertEquals(0, f.low(1));
        f.xmm(1, V, V);
        f.run("66 0f e2 ca");                       // psrad %xmm2,%xmm1
        assertEquals(0xffff_ffff_ffff_ffffL, f.low(1));
        f.xmm(1, 0x7fff_ffff_8000_0000L, 0);
        f.run("66 0f e2 ca");
        assertEquals(0x0000_0000_ffff_ffffL, f.low(1));
    }

    @Test
    void countFromMemoryIsSixteenAlignedBytes() {
        cpu.gpr[Cpu.RAX] = SimdFixture.DATA;
        f.poke(SimdFixture.DATA, 8, 8);
        f.xmm(1, V, 0);
        f.run("66 0f f1 08");                       // psllw (%rax),%xmm1
        assertEquals(0x0100_fe00_0f00_f000L, f.low(1));
        cpu.gpr[Cpu.RAX] = SimdFixture.DATA + 8;
        assertEquals(13, f.exception("66 0f f1 08"));
    }

    @Test
    void mmxShifts() {
        f.mm(1, V);
        f.run("0f 73 d1 01");                       // psrlq $1,%mm1
        assertEquals(V >>> 1, f.mm(1));
        f.mm(1, V);
        f.mm(2, 15);
        f.run("0f e1 ca");                          // psraw %mm2,%mm1
        assertEquals(0xffff_0000_ffff_0000L, f.mm(1));
        f.mm(1, V);
        f.run("0f 72 f1 08");                       // pslld $8,%mm1
        assertEquals(0x017f_fe00_0f0f_f000L, f.mm(1));
        assertEquals(6, f.exception("0f 71 11 02"), "the immediate forms have no memory operand");
    }

    @Test
    void byteShiftsOfTheWholeRegister() {
        f.xmm(1, 0x0706_0504_0302_0100L, 0x0f0e_0d0c_0b0a_0908L);
        f.run("66 0f 73 d9 03");                    // psrldq $3,%xmm1
        assertEquals(0x0a09_0807_0605_0403L, f.low(1));
        assertEquals(0x0000_000f_0e0d_0c0bL, f.high(1));
        f.xmm(1, 0x0706_0504_0302_0100L, 0x0f0e_0d0c_0b0a_0908L);
        f.run("66 0f 73 f9 0a");                    // pslldq $10,%xmm1
        assertEquals(0, f.low(1));
        assertEquals(0x0504_0302_0100_0000L, f.high(1));
        f.run("66 0f 73 f9 10");                    // pslldq $16
        assertEquals(0, f.high(1));
        f.xmm(1, -1L, -1L);
        f.run("66 0f 73 d9 ff");                    // psrldq $255
        assertEquals(0, f.low(1));
        assertEquals(0, f.high(1));
    }
}

package dev.multiverse.cpu.simd;

import dev.multiverse.cpu.Cpu;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Blends by immediate and by XMM0, and PMOVSX/PMOVZX. */
class BlendAndWidenTest {
    private static final long SLO = 0x1111_2222_3333_4444L, SHI = 0x5555_6666_7777_8888L;
    private final SimdFixture f = new SimdFixture();
    private final Cpu cpu = f.cpu;

    BlendAndWidenTest() {
        f.xmm(1, SLO, SHI);
        f.xmm(2, 0, 0);
    }

    @Test
    void blendsByImmediate() {
        f.run("66 0f 3a 0e d1 a5");                 // pblendw $0xa5: words 0, 2, 5, 7 from xmm1
        assertEquals(0x0000_2222_0000_4444L, f.low(2));
        assertEquals(0x5555_0000_7777_0000L, f.high(2));
        f.xmm(2, 0, 0);
        f.run("66 0f 3a 0c d1 06");                 // blendps $6: dwords 1 and 2
        assertEquals(0x1111_2222_0000_0000L, f.low(2));
        assertEquals(0x7777_8888L, f.high(2));
        f.xmm(2, 0, 0);
        f.run("66 0f 3a 0d d1 fe");                 // blendpd: only bit 1 of the imm8 counts above bit 0
        assertEquals(0, f.low(2));
        assertEquals(SHI, f.high(2));
    }

    @Test
    void blendsByTheTopBitsOfXmm0() {
        f.xmm(0, 0x8000_0000_0000_007fL, 0x0000_0080_0000_0000L);
        f.run("66 0f 38 10 d1");                    // pblendvb %xmm0,%xmm1,%xmm2: bytes 7 and 12
        assertEquals(0x1100_0000_0000_0000L, f.low(2));
        assertEquals(0x0000_0066_0000_0000L, f.high(2));
        f.xmm(2, 0, 0);
        f.run("66 0f 38 14 d1");                    // blendvps: dword 1 only
        assertEquals(0x1111_2222_0000_0000L, f.low(2));
        assertEquals(0, f.high(2));
        f.xmm(2, 0, 0);
        f.run("66 0f 38 15 d1");                    // blendvpd: the low quadword only
        assertEquals(SLO, f.low(2));
        assertEquals(0, f.high(2));
    }

    @Test
    void theMaskIsXmm0BeforeTheBlendEvenWhenItIsTheDestination() {
        f.xmm(0, 0x0000_0000_8000_0000L, 0);
        f.run("66 0f 38 14 c1");                    // blendvps %xmm0,%xmm1,%xmm0
        assertEquals(0x3333_4444L, f.low(0));
        assertEquals(0, f.high(0));
    }

    @Test
    void signExtension() {
        f.xmm(1, 0x7f80_01ff_8000_7fffL, 0);
        f.run("66 0f 38 20 d1");                    // pmovsxbw: eight bytes to words
        assertEquals(0xff80_0000_007f_ffffL, f.low(2));
        assertEquals(0x007f_ff80_0001_ffffL, f.high(2));
        f.run("66 0f 38 23 d1");                    // pmovsxwd
        assertEquals(0xffff_8000_0000_7fffL, f.low(2));
        assertEquals(0x0000_7f80_0000_01ffL, f.high(2));
        f.run("66 0f 38 25 d1");                    // pmovsxdq
        assertEquals(0xffff_ffff_8000_7fffL, f.low(2));
        assertEquals(0x7f80_01ffL, f.high(2));
        f.run("66 0f 38 22 d1");                    // pmovsxbq: two bytes
        assertEquals(-1L, f.low(2));
        assertEquals(0x7fL, f.high(2));
    }

    @Test
    void zeroExtensionFromMemoryReadsOnlyWhatItNeeds() {
        cpu.gpr[Cpu.RAX] = SimdFixture.DATA + 3;    // any alignment
        f.poke(SimdFixture.DATA + 3, 8, 0x8180_7f01_ff02_fe03L);
        f.run("66 0f 38 32 10");                    // pmovzxbq (%rax),%xmm2
        assertEquals(0x03L, f.low(2));
        assertEquals(0xfeL, f.high(2));
        f.run("66 0f 38 31 10");                    // pmovzxbd
        assertEquals(0x0000_00fe_0000_0003L, f.low(2));
        assertEquals(0x0000_00ff_0000_0002L, f.high(2));
        f.run("66 0f 38 34 10");                    // pmovzxwq
        assertEquals(0xfe03L, f.low(2));
        assertEquals(0xff02L, f.high(2));
        f.run("66 0f 38 35 10");                    // pmovzxdq
        assertEquals(0xff02_fe03L, f.low(2));
        assertEquals(0x8180_7f01L, f.high(2));
    }
}

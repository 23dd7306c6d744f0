package dev.multiverse.cpu.simd;

import dev.multiverse.cpu.Cpu;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Interleaving unpacks and saturating packs, MMX and XMM. */
class UnpackAndPackTest {
    private final SimdFixture f = new SimdFixture();
    private final Cpu cpu = f.cpu;

    UnpackAndPackTest() {
        f.xmm(1, 0x0706_0504_0302_0100L, 0x0f0e_0d0c_0b0a_0908L);
        f.xmm(2, 0x1716_1514_1312_1110L, 0x1f1e_1d1c_1b1a_1918L);
    }

    @Test
    void unpackLowInterleavesTheLowHalvesDestinationFirst() {
        f.run("66 0f 60 d1");                       // punpcklbw %xmm1,%xmm2
        assertEquals(0x0313_0212_0111_0010L, f.low(2));
        assertEquals(0x0717_0616_0515_0414L, f.high(2));
    }

    @Test
    void unpackHighInterleavesTheHighHalves() {
        f.run("66 0f 69 d1");                       // punpckhwd %xmm1,%xmm2
        assertEquals(0x0b0a_1b1a_0908_1918L, f.low(2));
        assertEquals(0x0f0e_1f1e_0d0c_1d1cL, f.high(2));
    }

    @Test
    void dwordAndQuadwordUnpacksAndTheirFloatingPointNames() {
        f.run("0f 14 d1");                          // unpcklps %xmm1,%xmm2 = punpckldq
        assertEquals(0x0302_0100_1312_1110L, f.low(2));
        assertEquals(0x0706_0504_1716_1514L, f.high(2));
        f.xmm(2, 0x1716_1514_1312_1110L, 0x1f1e_1d1c_1b1a_1918L);
        f.run("66 0f 6d d1");                       // punpckhqdq %xmm1,%xmm2
        assertEquals(0x1f1e_1d1c_1b1a_1918L, f.low(2));
        assertEquals(0x0f0e_0d0c_0b0a_0908L, f.high(2));
        f.run("66 0f 14 d1");                       // unpcklpd %xmm1,%xmm2
        assertEquals(0x1f1e_1d1c_1b1a_1918L, f.low(2));
        assertEquals(0x0706_0504_0302_0100L, f.high(2));
    }

    @Test
    void mmxUnpacks() {
        f.mm(1, 0x0706_0504_0302_0100L);
        f.mm(2, 0x1716_1514_1312_1110L);
        f.run("0f 61 d1");                          // punpcklwd %mm1,%mm2
        assertEquals(0x0302_1312_0100_1110L, f.mm(2));
        f.mm(2, 0x1716_1514_1312_1110L);
        f.run("0f 68 d1");                          // punpckhbw %mm1,%mm2
        assertEquals(0x0717_0616_0515_0414L, f.mm(2));
        cpu.gpr[Cpu.RAX] = SimdFixture.DATA;
        f.poke(SimdFixture.DATA, 8, 0xffff_ffff_8877_6655L);
        f.mm(2, 0x1716_1514_1312_1110L);
        f.run("0f 62 10");                          // punpckldq (%rax),%mm2: a 4-byte source
        assertEquals(0x8877_6655_1312_1110L, f.mm(2));
    }

    @Test
    void signedSaturationToBytesAndWords() {
        f.xmm(1, 0xffff_0001_ff7f_0080L, 0x8000_7fff_ff80_007fL);
        f.xmm(2, 0, 0);
        f.run("66 0f 63 d1");                       // packsswb %xmm1,%xmm2: xmm1's words in the high half
        assertEquals(0, f.low(2));
        assertEquals(0x807f_807f_ff01_807fL, f.high(2));
        f.xmm(1, 0x0000_8000_ffff_7fffL, 0xffff_ffff_7fff_ffffL);
        f.run("66 0f 6b c9");                       // packssdw %xmm1,%xmm1
        assertEquals(0xffff_7fff_7fff_8000L, f.low(1));
        assertEquals(f.low(1), f.high(1));
    }

    @Test
    void unsignedSaturation() {
        f.xmm(1, 0x0100_ffff_0080_00ffL, 0x7fff_8000_0001_0000L);
        f.run("66 0f 67 c9");                       // packuswb %xmm1,%xmm1
        assertEquals(0xff00_0100_ff00_80ffL, f.low(1));
        f.xmm(3, 0xffff_ffff_0001_0000L, 0x0000_8000_0000_ffffL);
        f.run("66 0f 38 2b db");                    // packusdw %xmm3,%xmm3
        assertEquals(0x8000_ffff_0000_ffffL, f.low(3));
    }

    @Test
    void mmxPacks() {
        f.mm(1, 0x0000_0100_ff00_0012L);
        f.mm(2, 0x8000_7fff_0001_ffffL);
        f.run("0f 63 d1");                          // packsswb %mm1,%mm2
        assertEquals(0x007f_8012_807f_01ffL, f.mm(2));
        f.mm(2, 0x0001_0000_ffff_8000L);
        f.run("0f 6b d1");                          // packssdw %mm1,%mm2
        assertEquals(0x0100_8000_7fff_8000L, f.mm(2));
    }
}

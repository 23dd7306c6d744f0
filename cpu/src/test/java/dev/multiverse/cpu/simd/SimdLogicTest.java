package dev.multiverse.cpu.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.flags.Flags;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** PAND/PANDN/POR/PXOR, their PS/PD twins, and PTEST's flags. */
class SimdLogicTest {
    private static final long X = 0xff00_ff00_f0f0_0f0fL, Y = 0x0ff0_0ff0_ffff_0000L;
    private final SimdFixture f = new SimdFixture();
    private final Cpu cpu = f.cpu;

    @Test
    void xmmLogicOnBothHalves() {
        f.xmm(1, X, Y);
        f.xmm(2, Y, X);
        f.run("66 0f db d1");                       // pand %xmm1,%xmm2
        assertEquals(X & Y, f.low(2));
        assertEquals(X & Y, f.high(2));
        f.xmm(2, Y, X);
        f.run("66 0f df d1");                       // pandn %xmm1,%xmm2: (NOT xmm2) AND xmm1
        assertEquals(~Y & X, f.low(2));
        assertEquals(~X & Y, f.high(2));
        f.xmm(2, Y, X);
        f.run("0f 56 d1");                          // orps %xmm1,%xmm2
        assertEquals(X | Y, f.low(2));
        f.xmm(2, Y, X);
        f.run("66 0f 57 d1");                       // xorpd %xmm1,%xmm2
        assertEquals(X ^ Y, f.high(2));
        f.xmm(2, Y, X);
        f.run("0f 55 d1");                          // andnps %xmm1,%xmm2
        assertEquals(~Y & X, f.low(2));
    }

    @Test
    void mmxLogicWithAMemoryOperand() {
        cpu.gpr[Cpu.RAX] = SimdFixture.DATA;
        f.poke(SimdFixture.DATA, 8, Y);
        f.mm(3, X);
        f.run("0f df 18");                          // pandn (%rax),%mm3
        assertEquals(~X & Y, f.mm(3));
        f.mm(3, X);
        f.run("0f eb 18");                          // por (%rax),%mm3
        assertEquals(X | Y, f.mm(3));
        f.run("0f db d8");                          // pand %mm0,%mm3
        assertEquals(0, f.mm(3));
    }

    @Test
    void ptestSetsZfAndCfAndClearsTheOthers() {
        f.xmm(1, 0x00f0, 0);
        f.xmm(2, 0xff00, 0);
        cpu.flags.setStatus(Flags.STATUS);
        f.run("66 0f 38 17 d1");                    // ptest %xmm1,%xmm2: no common bit, xmm1 not within xmm2
        assertEquals(Flags.ZF, cpu.flags.get() & Flags.STATUS);
        f.xmm(2, 0xfff0, 0);
        f.run("66 0f 38 17 d1");                    // xmm1 within xmm2
        assertEquals(Flags.CF, cpu.flags.get() & Flags.STATUS);
        f.xmm(1, 0x000f, 1L << 63);
        f.xmm(2, 0xfff0, 1L << 63);
        f.run("66 0f 38 17 d1");                    // a common bit in the high half, xmm1 bits outside xmm2 in the low
        assertEquals(0, cpu.flags.get() & Flags.STATUS);
        f.xmm(1, 0, 0);
        f.run("66 0f 38 17 d1");
        assertEquals(Flags.ZF | Flags.CF, cpu.flags.get() & Flags.STATUS);
    }
}

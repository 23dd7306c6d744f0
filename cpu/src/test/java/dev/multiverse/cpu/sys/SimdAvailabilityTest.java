package dev.multiverse.cpu.sys;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.state.X87;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** CR0.EM/TS and CR4.OSFXSR before SSE and MMX instructions, 16-byte alignment, and the MMX view of the x87 registers. */
class SimdAvailabilityTest {
    private final SysFixture f = new SysFixture();
    private final Cpu cpu = f.cpu;

    private static final int[] MOVAPS_XMM1_FROM_RAX = {0x0f, 0x28, 0x08};
    private static final int[] PXOR_MM0_MM1 = {0x0f, 0xef, 0xc1};

    private void halts(int... code) {
        int[] all = java.util.Arrays.copyOf(code, code.length + 1);
        all[code.length] = 0xf4;
        assertEquals(StopReason.HALTED, f.run(all));
        assertEquals(-1, f.handlerVector(), "no exception");
    }

    @Test
    void sseNeedsOsfxsrAndNoEmulationAndTsRaisesNm() {
        cpu.gpr[Cpu.RAX] = SysFixture.DATA;
        f.runToHandler(6, MOVAPS_XMM1_FROM_RAX);             // CR4.OSFXSR clear: #UD
        cpu.cr4 |= Cpu.CR4_OSFXSR;
        cpu.cr0 |= Cpu.CR0_EM | Cpu.CR0_TS;
        f.runToHandler(6, MOVAPS_XMM1_FROM_RAX);             // EM wins over TS: #UD
        cpu.cr0 &= ~Cpu.CR0_EM;
        f.runToHandler(7, MOVAPS_XMM1_FROM_RAX);             // TS: #NM, for lazy FPU switching
        cpu.cr0 &= ~Cpu.CR0_TS;
        f.poke(SysFixture.DATA, 8, 0x1122_3344_5566_7788L);
        f.poke(SysFixture.DATA + 8, 8, 0x99aa_bbcc_ddee_ff00L);
        halts(MOVAPS_XMM1_FROM_RAX);
        assertEquals(0x1122_3344_5566_7788L, cpu.xmm[2]);
        assertEquals(0x99aa_bbcc_ddee_ff00L, cpu.xmm[3]);
    }

    @Test
    void alignedFormsFaultOnMisalignedOperandsAndUnalignedFormsDoNot() {
        cpu.cr4 |= Cpu.CR4_OSFXSR;
        cpu.gpr[Cpu.RAX] = SysFixture.DATA + 8;
        f.runToHandler(13, MOVAPS_XMM1_FROM_RAX);
        assertEquals(0, f.frame(0), "#GP(0)");
        f.poke(SysFixture.DATA + 8, 8, 5);
        halts(0x0f, 0x10, 0x08);                            // movups (%rax),%xmm1
        assertEquals(5, cpu.xmm[2]);
    }

    @Test
    void mmxInstructionsNeedNoEmulationAndResetTopAndTags() {
        cpu.cr0 |= Cpu.CR0_EM;
        f.runToHandler(6, PXOR_MM0_MM1);                    // MMX with EM: #UD (x87 would be #NM)
        cpu.cr0 = (cpu.cr0 & ~Cpu.CR0_EM) | Cpu.CR0_TS;
        f.runToHandler(7, PXOR_MM0_MM1);
        cpu.cr0 &= ~Cpu.CR0_TS;
        cpu.x87.init();
        cpu.x87.setTop(5);
        cpu.x87.significand[0] = 0xf0f0;
        cpu.x87.significand[1] = 0xff00;
        halts(PXOR_MM0_MM1);
        assertEquals(0x0ff0, cpu.x87.mmx(0));
        assertEquals(0xffff, cpu.x87.signExponent[0], "an MMX write sets the exponent bits");
        assertEquals(0, cpu.x87.top());
        assertEquals(0, cpu.x87.tag, "every register valid");
        halts(0x0f, 0x77);                                  // emms
        assertEquals(0xffff, cpu.x87.tag);
    }

    @Test
    void movdZeroExtendsIntoXmmAndMovqReadsBack() {
        cpu.cr4 |= Cpu.CR4_OSFXSR;
        cpu.xmm[4] = cpu.xmm[5] = -1;
        cpu.gpr[Cpu.RBX] = 0xdead_beef_1234_5678L;
        halts(0x66, 0x0f, 0x6e, 0xd3,                       // movd %ebx,%xmm2
                0x66, 0x48, 0x0f, 0x7e, 0xd1);              // movq %xmm2,%rcx
        assertEquals(0x1234_5678L, cpu.xmm[4]);
        assertEquals(0, cpu.xmm[5]);
        assertEquals(0x1234_5678L, cpu.gpr[Cpu.RCX]);
    }

    @Test
    void prefixesThatSelectNoSimdFormAreUndefined() {
        cpu.cr4 |= Cpu.CR4_OSFXSR;
        // Each raises #UD on an Intel host: a mandatory prefix no row has, or 66 together with F2/F3.
        int[][] encodings = {
                {0xf3, 0x0f, 0x60, 0xc1}, {0xf2, 0x0f, 0xef, 0xc1}, {0x66, 0x0f, 0x12, 0xc1}, {0x66, 0x0f, 0x16, 0xc1},
                {0x66, 0x0f, 0x77}, {0xf3, 0x0f, 0x77}, {0xf2, 0x66, 0x0f, 0x6f, 0xc1}, {0xf3, 0x66, 0x0f, 0x38, 0x00, 0xc1},
                {0xf3, 0x0f, 0xc5, 0xc1, 0x00}, {0xf3, 0x0f, 0x29, 0xc1}, {0xf2, 0x0f, 0x28, 0xc1},
                {0xf3, 0x0f, 0xc6, 0xc1, 0x00}, {0xf3, 0x0f, 0xd7, 0xc1}};
        for (int[] code : encodings) f.runToHandler(6, code);
        halts(0x66, 0x0f, 0xef, 0xc1);                      // the same opcodes with their own prefix run
        halts(0x0f, 0x29, 0xc1);
    }

    @Test
    void initKeepsSimdStateAndResetClearsIt() {
        cpu.xmm[0] = 7;
        cpu.mxcsr = 0x9fc0;
        cpu.x87.control = X87.CONTROL_INIT;
        cpu.init();
        assertEquals(7, cpu.xmm[0]);
        assertEquals(0x9fc0, cpu.mxcsr);
        assertEquals(X87.CONTROL_INIT, cpu.x87.control);
        cpu.reset();
        assertEquals(0, cpu.xmm[0]);
        assertEquals(Cpu.MXCSR_RESET, cpu.mxcsr);
        assertEquals(0x40, cpu.x87.control);
        assertEquals(0x5555, cpu.x87.tag);
    }
}

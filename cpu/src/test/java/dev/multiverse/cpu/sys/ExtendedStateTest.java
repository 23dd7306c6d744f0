package dev.multiverse.cpu.sys;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.state.CpuidModel;
import dev.multiverse.cpu.state.X87;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FXSAVE/FXRSTOR images, LDMXCSR/STMXCSR, XSAVE/XRSTOR with their header, XGETBV/XSETBV and CPUID leaf 0xD. */
class ExtendedStateTest {
    private final SysFixture f = new SysFixture();
    private final Cpu cpu = f.cpu;
    private static final long AREA = SysFixture.DATA;

    private static final int[] FXSAVE = {0x0f, 0xae, 0x00}, FXSAVE64 = {0x48, 0x0f, 0xae, 0x00},
            FXRSTOR = {0x0f, 0xae, 0x08}, LDMXCSR = {0x0f, 0xae, 0x10}, STMXCSR = {0x0f, 0xae, 0x18},
            XSAVE = {0x0f, 0xae, 0x20}, XRSTOR = {0x0f, 0xae, 0x28}, XGETBV = {0x0f, 0x01, 0xd0},
            XSETBV = {0x0f, 0x01, 0xd1};

    ExtendedStateTest() {
        cpu.cr4 |= Cpu.CR4_OSFXSR;
        cpu.gpr[Cpu.RAX] = AREA;
    }

    private void halts(int... code) {
        int[] all = java.util.Arrays.copyOf(code, code.length + 1);
        all[code.length] = 0xf4;
        assertEquals(StopReason.HALTED, f.run(all));
        assertEquals(-1, f.handlerVector(), "no exception");
    }

    /** A recognisable x87 state: TOP = 6, R6 and R7 in use (ST0 and ST1), the rest empty. */
    private void setX87() {
        X87 x = cpu.x87;
        x.init();
        x.setTop(6);
        x.significand[6] = 0x8000_0000_0000_0000L;   // 1.0
        x.signExponent[6] = 0x3fff;
        x.significand[7] = 0;                       // -0.0
        x.signExponent[7] = 0x8000;
        x.setTag(6, X87.TAG_VALID);
        x.setTag(7, X87.TAG_ZERO);
        x.opcode = 0x5e9;
        x.instructionPointer = 0x1234_5678_9abcL;
        x.instructionSelector = 0x23;
        x.dataPointer = 0xfedc_ba98L;
        x.dataSelector = 0x2b;
    }

    @Test
    void fxsaveWritesTheLegacyImage() {
        setX87();
        cpu.mxcsr = 0x1f80 | 0x6000;   // round toward zero
        cpu.xmm[0] = 0x0011_2233_4455_6677L;
        cpu.xmm[31] = 0x7766_5544_3322_1100L;   // XMM15's high half
        halts(FXSAVE);
        assertEquals(0x037f, f.peek(AREA, 2), "FCW");
        assertEquals(6 << 11, f.peek(AREA + 2, 2), "FSW with TOP");
        assertEquals(0xc0, f.peek(AREA + 4, 1), "abridged tag: R6 and R7 in use");
        assertEquals(0x5e9, f.peek(AREA + 6, 2), "FOP");
        assertEquals(0x5678_9abcL, f.peek(AREA + 8, 4), "FIP, 32 bits without REX.W");
        assertEquals(0x23, f.peek(AREA + 12, 2), "FCS");
        assertEquals(0xfedc_ba98L, f.peek(AREA + 16, 4), "FDP");
        assertEquals(0x2b, f.peek(AREA + 20, 2), "FDS");
        assertEquals(0x7f80, f.peek(AREA + 24, 4), "MXCSR");
        assertEquals(0xffff, f.peek(AREA + 28, 4), "MXCSR_MASK");
        assertEquals(0x8000_0000_0000_0000L, f.peek(AREA + 32, 8), "ST0 is R6");
        assertEquals(0x3fff, f.peek(AREA + 40, 2));
        assertEquals(0x8000, f.peek(AREA + 56, 2), "ST1 is R7");
        assertEquals(0x0011_2233_4455_6677L, f.peek(AREA + 160, 8), "XMM0");
        assertEquals(0x7766_5544_3322_1100L, f.peek(AREA + 160 + 15 * 16 + 8, 8), "XMM15 in 64-bit mode");
    }

    @Test
    void fxsave64StoresSixtyFourBitPointers() {
        setX87();
        halts(FXSAVE64);
        assertEquals(0x1234_5678_9abcL, f.peek(AREA + 8, 8));
        assertEquals(0xfedc_ba98L, f.peek(AREA + 16, 8));
    }

    @Test
    void fxrstorRestoresWhatFxsaveSavedWithTagsFromTheContents() {
        setX87();
        cpu.mxcsr = 0x9fc0;   // FTZ and DAZ
        cpu.xmm[7] = 42;
        halts(FXSAVE);
        cpu.x87.powerOn();
        cpu.mxcsr = Cpu.MXCSR_RESET;
        cpu.xmm[7] = 0;
        halts(FXRSTOR);
        assertEquals(6, cpu.x87.top());
        assertEquals(X87.TAG_VALID, cpu.x87.tagOf(6));
        assertEquals(X87.TAG_ZERO, cpu.x87.tagOf(7));
        assertEquals(X87.TAG_EMPTY, cpu.x87.tagOf(0));
        assertEquals(0x3fff, cpu.x87.signExponent[6]);
        assertEquals(0x9fc0, cpu.mxcsr);
        assertEquals(42, cpu.xmm[7]);
    }

    @Test
    void fxrstorWithReservedMxcsrBitsFaultsAndChangesNothing() {
        halts(FXSAVE);
        f.poke(AREA + 24, 4, 0x1_1f80L);   // bit 16 is reserved
        cpu.x87.setTop(3);
        f.runToHandler(13, FXRSTOR);
        assertEquals(3, cpu.x87.top());
        assertEquals(Cpu.MXCSR_RESET, cpu.mxcsr);
    }

    @Test
    void fxsaveChecksAlignmentAndCr0() {
        cpu.gpr[Cpu.RAX] = AREA + 8;
        f.runToHandler(13, FXSAVE);
        cpu.gpr[Cpu.RAX] = AREA;
        cpu.cr0 |= Cpu.CR0_TS;
        f.runToHandler(7, FXSAVE);
        cpu.cr0 = (cpu.cr0 & ~Cpu.CR0_TS) | Cpu.CR0_EM;
        f.runToHandler(7, FXSAVE);
    }

    @Test
    void ldmxcsrAndStmxcsr() {
        f.poke(AREA, 4, 0x3f80);
        halts(LDMXCSR);
        assertEquals(0x3f80, cpu.mxcsr);
        f.poke(AREA + 4, 4, 0);
        cpu.gpr[Cpu.RAX] = AREA + 4;
        halts(STMXCSR);
        assertEquals(0x3f80, f.peek(AREA + 4, 4));
        f.poke(AREA, 4, 0x1_0000);
        cpu.gpr[Cpu.RAX] = AREA;
        f.runToHandler(13, LDMXCSR);
        assertEquals(0x3f80, cpu.mxcsr);
    }

    @Test
    void xsaveNeedsOsxsaveAndXcr0AcceptsOnlyX87AndSse() {
        f.runToHandler(6, XGETBV);
        cpu.cr4 |= Cpu.CR4_OSXSAVE;
        cpu.gpr[Cpu.RCX] = 0;
        halts(XGETBV);
        assertEquals(1, cpu.gpr[Cpu.RAX]);
        cpu.gpr[Cpu.RDX] = 0;
        for (long bad : new long[]{0, 2, 7}) {
            cpu.gpr[Cpu.RAX] = bad;   // x87 cleared, or AVX (bit 2) that this CPU lacks
            f.runToHandler(13, XSETBV);
        }
        cpu.gpr[Cpu.RAX] = 3;
        halts(XSETBV);
        assertEquals(3, cpu.xcr0);
        assertTrue((CpuidModel.query(1, 0, 0, true)[2] & 1 << 27) != 0, "CPUID.1:ECX.OSXSAVE follows CR4");
        assertEquals(0, CpuidModel.query(1, 0, 0, false)[2] & 1 << 27);
        int[] d0 = CpuidModel.query(0xd, 0, 0);
        assertEquals(3, d0[0], "XCR0 bits supported");
        assertEquals(576, d0[1]);
        assertEquals(576, d0[2]);
        assertEquals(1, CpuidModel.query(0xd, 1, 0)[0], "XSAVEOPT only");
    }

    @Test
    void xsaveWritesTheHeaderAndXrstorInitialisesComponentsItsHeaderLeavesOut() {
        cpu.cr4 |= Cpu.CR4_OSXSAVE;
        cpu.xcr0 = 3;
        setX87();
        cpu.xmm[4] = 5;   // XMM2's low half
        cpu.gpr[Cpu.RAX] = AREA;
        cpu.gpr[Cpu.RDX] = 0;
        f.poke(AREA + 512, 8, 0);
        cpu.gpr[Cpu.RBX] = 3;   // requested-feature bitmap in EDX:EAX, through RBX into EAX after the address
        halts(0x48, 0x89, 0xc7,               // mov %rax,%rdi
                0x89, 0xd8,                   // mov %ebx,%eax
                0x0f, 0xae, 0x27);            // xsave (%rdi)
        assertEquals(3, f.peek(AREA + 512, 8), "XSTATE_BV: both components in use");
        assertEquals(5, f.peek(AREA + 160 + 32, 8), "XMM2");
        f.poke(AREA + 512, 8, 1);   // only the x87 part is valid: XRSTOR puts SSE in its initial state
        cpu.mxcsr = Cpu.MXCSR_RESET;
        f.poke(AREA + 24, 4, 0x3f80);
        halts(0x0f, 0xae, 0x2f);              // xrstor (%rdi)
        assertEquals(0, cpu.xmm[4]);
        assertEquals(0x3f80, cpu.mxcsr, "MXCSR is loaded whatever XSTATE_BV says");
        assertEquals(6, cpu.x87.top());
        f.poke(AREA + 520, 8, 1L << 63);      // a compacted-format header: no XSAVEC here
        f.runToHandler(13, 0x0f, 0xae, 0x2f);
    }

    @Test
    void xsaveOfTheInitialStateClearsItsXstateBits() {
        cpu.cr4 |= Cpu.CR4_OSXSAVE;
        cpu.xcr0 = 3;
        cpu.x87.toInitial();
        java.util.Arrays.fill(cpu.xmm, 0);
        f.poke(AREA + 512, 8, 3);
        cpu.gpr[Cpu.RDX] = 0;
        cpu.gpr[Cpu.RAX] = 3;
        cpu.gpr[Cpu.RDI] = AREA;
        halts(0x0f, 0xae, 0x27);
        assertEquals(0, f.peek(AREA + 512, 8));
        assertEquals(0x037f, f.peek(AREA, 2));
    }
}

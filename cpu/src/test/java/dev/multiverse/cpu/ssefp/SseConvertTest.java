package dev.multiverse.cpu.ssefp;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.state.X87;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SSE conversions: integer sources of both widths, rounding versus truncation, the integer indefinite,
 * which lanes are kept or zeroed, and the MMX forms' x87 rules.
 */
class SseConvertTest {
    private static final int IE = 1, DE = 2, PE = 0x20;
    private final SseFpFixture f = new SseFpFixture();

    @Test
    void generalRegisterToSingleIn32And64Bits() {
        f.singles(1, 9, 9, 9, 9);
        f.cpu.gpr[Cpu.RDX] = 0xffff_ffff_ffff_fffdL;
        f.run("f3 0f 2a ca");   // cvtsi2ss xmm1, edx
        assertEquals(-3f, f.single(1, 0));
        assertEquals(9f, f.single(1, 1));
        f.cpu.gpr[Cpu.RDX] = (1L << 40) + 1;
        f.cpu.mxcsr = Cpu.MXCSR_RESET;
        f.run("f3 48 0f 2a ca");   // cvtsi2ss xmm1, rdx: rounds
        assertEquals(0x1p40f, f.single(1, 0));
        assertEquals(Cpu.MXCSR_RESET | PE, f.cpu.mxcsr);
        f.cpu.gpr[Cpu.RDX] = 0x8000_0000L;
        f.run("f2 0f 2a ca");   // cvtsi2sd xmm1, edx: edx is negative
        assertEquals(-0x1p31, f.dbl(1, 0));
    }

    @Test
    void floatToGeneralRegisterRoundsOrTruncatesAndGivesTheIndefiniteWhenInvalid() {
        f.singles(2, 2.5f, 0, 0, 0);
        f.cpu.gpr[Cpu.RCX] = -1;
        f.run("f3 0f 2d ca");   // cvtss2si ecx, xmm2: to nearest even
        assertEquals(2L, f.cpu.gpr[Cpu.RCX], "a 32-bit destination is zero-extended");
        f.singles(2, -2.5f, 0, 0, 0);
        f.run("f3 0f 2c ca");   // cvttss2si
        assertEquals(0xffff_fffeL, f.cpu.gpr[Cpu.RCX]);
        f.singles(2, 0x1p31f, 0, 0, 0);
        f.cpu.mxcsr = Cpu.MXCSR_RESET;
        f.run("f3 0f 2d ca");
        assertEquals(0x8000_0000L, f.cpu.gpr[Cpu.RCX]);
        assertEquals(Cpu.MXCSR_RESET | IE, f.cpu.mxcsr);
        f.run("f3 48 0f 2d ca");   // cvtss2si rcx: 2^31 fits in 64 bits
        assertEquals(0x8000_0000L, f.cpu.gpr[Cpu.RCX]);
        f.doubles(2, Double.NaN, 0);
        f.run("f2 48 0f 2c ca");   // cvttsd2si rcx
        assertEquals(Long.MIN_VALUE, f.cpu.gpr[Cpu.RCX]);
        f.doubles(2, -1.75, 0);
        f.cpu.mxcsr = Cpu.MXCSR_RESET | 1 << 13;   // toward -infinity
        f.run("f2 48 0f 2d ca");
        assertEquals(-2L, f.cpu.gpr[Cpu.RCX]);
    }

    @Test
    void conversionsToNarrowerResultsZeroOrKeepTheUpperLanesAsTheSdmSays() {
        f.doubles(2, 1.5, -7.5);
        f.singles(1, 9, 9, 9, 9);
        f.run("f2 0f e6 ca");   // cvtpd2dq: to nearest even
        assertEquals(SseFpFixture.pack(2, -8), f.low(1));
        assertEquals(0L, f.high(1));
        f.singles(1, 9, 9, 9, 9);
        f.run("66 0f 5a ca");   // cvtpd2ps
        assertEquals(1.5f, f.single(1, 0));
        assertEquals(-7.5f, f.single(1, 1));
        assertEquals(0L, f.high(1));
        f.singles(1, 9, 9, 9, 9);
        f.run("f2 0f 5a ca");   // cvtsd2ss
        assertEquals(1.5f, f.single(1, 0));
        assertEquals(9f, f.single(1, 1));
        assertEquals(9f, f.single(1, 3));
    }

    @Test
    void packedIntegerAndFloatLanes() {
        f.xmm(2, SseFpFixture.pack(1, -2), SseFpFixture.pack(16_777_217, Integer.MIN_VALUE));
        f.run("0f 5b ca");   // cvtdq2ps
        assertEquals(1f, f.single(1, 0));
        assertEquals(-2f, f.single(1, 1));
        assertEquals(16_777_216f, f.single(1, 2), "2^24 + 1 rounds to even");
        assertEquals(-0x1p31f, f.single(1, 3));
        f.run("f3 0f e6 ca");   // cvtdq2pd: the low two lanes
        assertEquals(1.0, f.dbl(1, 0));
        assertEquals(-2.0, f.dbl(1, 1));
        f.singles(2, 1.5f, Float.POSITIVE_INFINITY, -0.5f, 3e9f);
        f.cpu.mxcsr = Cpu.MXCSR_RESET;
        f.run("66 0f 5b ca");   // cvtps2dq
        assertEquals(2, f.lane(1, 0));
        assertEquals(Integer.MIN_VALUE, f.lane(1, 1));
        assertEquals(0, f.lane(1, 2));
        assertEquals(Integer.MIN_VALUE, f.lane(1, 3));
        assertEquals(Cpu.MXCSR_RESET | IE | PE, f.cpu.mxcsr);
        f.singles(2, Float.MIN_VALUE, 1, 0, 0);
        f.cpu.mxcsr = Cpu.MXCSR_RESET;
        f.run("0f 5a ca");   // cvtps2pd: exact, but a denormal raises DE
        assertEquals((double) Float.MIN_VALUE, f.dbl(1, 0));
        assertEquals(1.0, f.dbl(1, 1));
        assertEquals(Cpu.MXCSR_RESET | DE, f.cpu.mxcsr);
    }

    @Test
    void mmxFormsSwitchToMmxModeExceptFromMemory() {
        f.cpu.x87.setMmx(2, SseFpFixture.pack(3, -4));
        f.cpu.x87.init();   // every register empty
        f.run("0f 2a ca");   // cvtpi2ps xmm1, mm2
        assertEquals(3f, f.single(1, 0));
        assertEquals(-4f, f.single(1, 1));
        assertEquals(0xff, f.cpu.x87.abridgedTag());
        f.cpu.x87.init();
        f.poke(SseFpFixture.DATA, 8, SseFpFixture.pack(5, 6));
        f.run("66 0f 2a 0e");   // cvtpi2pd xmm1, [rsi]
        assertEquals(5.0, f.dbl(1, 0));
        assertEquals(6.0, f.dbl(1, 1));
        assertEquals(0, f.cpu.x87.abridgedTag(), "from memory: no MMX state touched");
        f.doubles(2, 7.5, -1e10);
        f.run("66 0f 2c ca");   // cvttpd2pi mm1, xmm2
        assertEquals(SseFpFixture.pack(7, Integer.MIN_VALUE), f.cpu.x87.mmx(1));
        assertEquals(0xff, f.cpu.x87.abridgedTag());
    }

    @Test
    void mmxFormsRaiseMfForAPendingX87ExceptionButNotFromMemory() {
        f.cpu.cr0 |= Cpu.CR0_NE;
        f.cpu.x87.status |= X87.STATUS_ES;
        assertEquals(CpuException.MF, f.fault("0f 2d ca"));   // cvtps2pi mm1, xmm2
        assertEquals(CpuException.MF, f.fault("0f 2a ca"));   // cvtpi2ps xmm1, mm2
        assertEquals(-1, f.fault("0f 2a 0e"));   // cvtpi2ps xmm1, [rsi]
    }

    @Test
    void withoutCr0NeAPendingX87ExceptionFreezesAnMmxFormBeforeItChangesAnything() {
        f.cpu.x87.status |= X87.STATUS_ES;
        f.singles(2, 1, 2, 0, 0);
        f.cpu.x87.setMmx(1, 0x1234);
        f.fault("0f 2d ca");   // cvtps2pi mm1, xmm2
        assertEquals(SseFpFixture.CODE, f.cpu.rip, "waits at the instruction for an interrupt");
        assertEquals(0x1234L, f.cpu.x87.mmx(1));
    }
}

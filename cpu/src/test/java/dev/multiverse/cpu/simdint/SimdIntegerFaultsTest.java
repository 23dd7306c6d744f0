package dev.multiverse.cpu.simdint;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.fault.CpuException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What surrounds the arithmetic: alignment of 16-byte operands, forms that exist only with a 66 prefix,
 * CR0/CR4 availability, the MMX side effects on the x87 state, precise faults, REX-extended registers.
 */
class SimdIntegerFaultsTest {
    private final SimdIntFixture f = new SimdIntFixture();
    private final Cpu cpu = f.cpu;

    private static final int[] PADDB_RAX_XMM1 = {0x66, 0x0f, 0xfc, 0x08};
    private static final int[] PADDB_RAX_MM1 = {0x0f, 0xfc, 0x08};
    private static final int[] PADDB_XMM2_XMM1 = {0x66, 0x0f, 0xfc, 0xca};
    private static final int[] PADDB_MM2_MM1 = {0x0f, 0xfc, 0xca};

    @Test
    void sixteenByteMemoryOperandsMustBeAlignedButMmxOperandsNeedNot() {
        f.xmm(1, 5, 6);
        cpu.gpr[Cpu.RAX] = SimdIntFixture.DATA + 8;
        assertEquals(CpuException.GP, f.fault(PADDB_RAX_XMM1));
        assertEquals(5, f.low(1), "destination unchanged");
        assertEquals(6, f.high(1));
        f.poke(SimdIntFixture.DATA + 3, 8, 0x0101_0101_0101_0101L);
        cpu.gpr[Cpu.RAX] = SimdIntFixture.DATA + 3;
        cpu.x87.setMmx(1, 0x0102_0304_0506_0708L);
        f.run(PADDB_RAX_MM1);
        assertEquals(0x0203_0405_0607_0809L, cpu.x87.mmx(1));
    }

    @Test
    void sse4FormsWithoutTheirPrefixAreUndefined() {
        assertEquals(CpuException.UD, f.fault(0x0f, 0x38, 0x40, 0xca));            // pmulld
        assertEquals(CpuException.UD, f.fault(0x0f, 0x38, 0x37, 0xca));            // pcmpgtq
        assertEquals(CpuException.UD, f.fault(0x0f, 0x38, 0x41, 0xca));            // phminposuw
        assertEquals(CpuException.UD, f.fault(0x0f, 0x3a, 0x42, 0xca, 0x00));      // mpsadbw
        assertEquals(CpuException.UD, f.fault(0x0f, 0x3a, 0x61, 0xca, 0x00));      // pcmpestri
        assertEquals(CpuException.UD, f.fault(0xf3, 0x0f, 0x38, 0xf0, 0xca));      // F3 is neither MOVBE nor CRC32
    }

    @Test
    void xmmFormsNeedOsfxsrMmxFormsDoNot() {
        cpu.cr4 &= ~Cpu.CR4_OSFXSR;
        assertEquals(CpuException.UD, f.fault(PADDB_XMM2_XMM1));
        assertEquals(-1, f.fault(PADDB_MM2_MM1));
        cpu.cr4 |= Cpu.CR4_OSFXSR;
        cpu.cr0 |= Cpu.CR0_TS;
        assertEquals(CpuException.NM, f.fault(PADDB_XMM2_XMM1));
        assertEquals(CpuException.NM, f.fault(PADDB_MM2_MM1));
        cpu.cr0 = (cpu.cr0 & ~Cpu.CR0_TS) | Cpu.CR0_EM;
        assertEquals(CpuException.UD, f.fault(PADDB_MM2_MM1));
        assertEquals(CpuException.UD, f.fault(0x66, 0x0f, 0x3a, 0x63, 0xca, 0x00));   // pcmpistri
    }

    @Test
    void mmxFormsTakeOverTheX87StackAndXmmFormsLeaveItAlone() {
        cpu.x87.init();
        cpu.x87.setTop(3);
        f.run(PADDB_XMM2_XMM1);
        assertEquals(3, cpu.x87.top());
        assertEquals(0xffff, cpu.x87.tag);
        f.run(PADDB_MM2_MM1);
        assertEquals(0, cpu.x87.top());
        assertEquals(0, cpu.x87.tag, "every register valid");
        assertEquals(0xffff, cpu.x87.signExponent[1], "an MMX write sets the exponent bits");
    }

    @Test
    void aFaultingMmxSourceChangesNothing() {
        cpu.x87.init();
        cpu.x87.setTop(3);
        cpu.x87.setMmx(1, 42);
        cpu.gpr[Cpu.RAX] = 0x8000_0000_0000_0000L;                                // not canonical
        assertEquals(CpuException.GP, f.fault(PADDB_RAX_MM1));
        assertEquals(42, cpu.x87.mmx(1));
        assertEquals(3, cpu.x87.top(), "the x87 state is untouched");
    }

    @Test
    void rexExtendsXmmRegistersButNotMmxRegisters() {
        f.xmm(8, 1, 2);
        f.xmm(15, 10, 20);
        f.run(0x66, 0x45, 0x0f, 0xfe, 0xc7);                                     // paddd %xmm15,%xmm8
        assertEquals(11, f.low(8));
        assertEquals(22, f.high(8));
        cpu.x87.setMmx(1, 1);
        cpu.x87.setMmx(2, 2);
        f.run(0x45, 0x0f, 0xfe, 0xca);                                           // rex.RB paddd %mm2,%mm1
        assertEquals(3, cpu.x87.mmx(1));
        f.poke(SimdIntFixture.DATA, 8, 7);
        f.poke(SimdIntFixture.DATA + 8, 8, 9);
        cpu.gpr[9] = SimdIntFixture.DATA;
        f.run(0x66, 0x45, 0x0f, 0xfe, 0x01);                                     // paddd (%r9),%xmm8
        assertEquals(18, f.low(8));
        assertEquals(31, f.high(8));
    }

    @Test
    void workIn32BitCode() {
        TestCpu t = new TestCpu(2);
        t.cpu.cr4 |= Cpu.CR4_OSFXSR;
        t.cpu.xmm[2] = 0x7fff;
        t.cpu.xmm[4] = 1;
        t.cpu.x87.setMmx(1, 0x7fff);
        t.cpu.x87.setMmx(2, 1);
        assertEquals(StopReason.HALTED, t.run(0x1000, TestCpu.bytes(0x66, 0x0f, 0xed, 0xca,    // paddsw %xmm2,%xmm1
                0x0f, 0xed, 0xca, 0xf4), 10));                                                 // paddsw %mm2,%mm1
        assertEquals(0x7fff, t.cpu.xmm[2]);
        assertEquals(0x7fff, t.cpu.x87.mmx(1));
    }
}

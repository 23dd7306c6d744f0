package dev.multiverse.cpu.sys;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.state.Msrs;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The MSR model through RDMSR/WRMSR and its validity checks. */
class MsrTest {
    private final SysFixture f = new SysFixture();
    private final Cpu cpu = f.cpu;

    private void rejects(int msr, long value) {
        CpuException e = assertThrows(CpuException.class, () -> cpu.msrs.write(msr, value));
        assertEquals(CpuException.GP, e.vector);
        assertEquals(0, e.errorCode);
    }

    @Test
    void rdmsrOfAnUnknownMsrIsGeneralProtection() {
        cpu.gpr[Cpu.RCX] = 0x1234;
        f.runToHandler(13, 0x0f, 0x32);
        assertEquals(0, f.frame(0));
        assertEquals(SysFixture.CODE, f.frame(1));
    }

    @Test
    void wrmsrAndRdmsrRoundTripThroughEdxEax() {
        cpu.gpr[Cpu.RCX] = Msrs.KERNEL_GS_BASE;
        cpu.gpr[Cpu.RDX] = 0xffff_8000L;
        cpu.gpr[Cpu.RAX] = 0x1234_5000L;
        // wrmsr; xor %eax,%eax; xor %edx,%edx; rdmsr; hlt
        assertEquals(StopReason.HALTED, f.run(0x0f, 0x30, 0x31, 0xc0, 0x31, 0xd2, 0x0f, 0x32, 0xf4));
        assertEquals(0xffff_8000_1234_5000L, cpu.msrs.kernelGsBase);
        assertEquals(0x1234_5000L, cpu.gpr[Cpu.RAX]);
        assertEquals(0xffff_8000L, cpu.gpr[Cpu.RDX]);
    }

    @Test
    void theMicrocodeSignatureTakesLinuxsZeroWriteAndReadsRevisionZero() {
        cpu.gpr[Cpu.RCX] = Msrs.BIOS_SIGN_ID;
        cpu.gpr[Cpu.RAX] = cpu.gpr[Cpu.RDX] = 0;
        // wrmsr; mov $-1,%eax; mov $-1,%edx; rdmsr; hlt: no update loaded, the revision (EDX) is 0
        assertEquals(StopReason.HALTED, f.run(0x0f, 0x30, 0xb8, 0xff, 0xff, 0xff, 0xff, 0xba, 0xff, 0xff, 0xff, 0xff,
                0x0f, 0x32, 0xf4));
        assertEquals(0, cpu.gpr[Cpu.RDX]);
        assertEquals(0, cpu.gpr[Cpu.RAX]);
    }

    @Test
    void thePlatformIdReadsAsPlatformZeroAndCannotBeWritten() {
        assertEquals(0, cpu.msrs.read(Msrs.PLATFORM_ID));
        rejects(Msrs.PLATFORM_ID, 0);
    }

    @Test
    void writingTheTscMakesRdtscContinueFromTheWrittenValue() {
        cpu.msrs.write(Msrs.TSC, 1_000_000);
        // rdtsc; mov %eax,%ebx; rdtsc; hlt
        assertEquals(StopReason.HALTED, f.run(0x0f, 0x31, 0x89, 0xc3, 0x0f, 0x31, 0xf4));
        assertEquals(1_000_000, cpu.gpr[Cpu.RBX]);
        assertEquals(1_000_002, cpu.gpr[Cpu.RAX]);
        assertEquals(1_000_004, cpu.msrs.read(Msrs.TSC));
    }

    @Test
    void apicBaseIsEnabledAtTheDefaultAddressOnTheBsp() {
        assertEquals(0xfee0_0900L, cpu.msrs.read(Msrs.APIC_BASE));
        rejects(Msrs.APIC_BASE, 0xfee0_0d00L);   // x2APIC enable is not offered
        rejects(Msrs.APIC_BASE, 1L << 45 | 0x900);   // above the physical address width
        cpu.msrs.write(Msrs.APIC_BASE, 0xfec0_0000L);
        assertEquals(0xfec0_0100L, cpu.msrs.read(Msrs.APIC_BASE), "disabled and moved; BSP stays");
    }

    @Test
    void mtrrsCheckTypesAndReservedBits() {
        assertEquals(0x508, cpu.msrs.read(Msrs.MTRRCAP));
        cpu.msrs.write(Msrs.MTRR_DEF_TYPE, 0xc06);
        assertEquals(0xc06, cpu.msrs.read(Msrs.MTRR_DEF_TYPE));
        rejects(Msrs.MTRR_DEF_TYPE, 0xc02);
        rejects(Msrs.MTRR_DEF_TYPE, 0x1006);
        cpu.msrs.write(Msrs.MTRR_PHYS_BASE0 + 2, 0x8000_0006L);
        cpu.msrs.write(Msrs.MTRR_PHYS_BASE0 + 3, 0xff_c000_0800L);
        assertEquals(0xff_c000_0800L, cpu.msrs.read(Msrs.MTRR_PHYS_BASE0 + 3));
        rejects(Msrs.MTRR_PHYS_BASE0, 0x8000_0007L);
        rejects(Msrs.MTRR_PHYS_BASE0 + 1, 0xff_c000_0400L);
        rejects(Msrs.MTRR_PHYS_BASE0 + 16, 0);   // only eight variable pairs
        cpu.msrs.write(Msrs.MTRR_FIX4K_C0000, 0x0606_0606_0505_0404L);
        rejects(Msrs.MTRR_FIX64K, 0x0700);
    }

    @Test
    void reservedBitsAndNonCanonicalAddressesAreRejected() {
        rejects(Msrs.EFER, 1L << 20);
        rejects(Msrs.LSTAR, 0x0000_8000_0000_0000L);
        rejects(Msrs.SYSENTER_EIP, 0x0001_0000_0000_0000L);
        rejects(Msrs.TSC_AUX, 1L << 32);
        rejects(Msrs.PAT, 0x02);
        rejects(0x1234, 0);
    }

    @Test
    void sysenterMsrsAndMiscEnable() {
        cpu.msrs.write(Msrs.SYSENTER_CS, 0x10);
        cpu.msrs.write(Msrs.SYSENTER_ESP, 0xffff_8000_0000_1000L);
        assertEquals(0x10, cpu.msrs.read(Msrs.SYSENTER_CS));
        assertEquals(0xffff_8000_0000_1000L, cpu.msrs.read(Msrs.SYSENTER_ESP));
        assertEquals(0x81, cpu.msrs.read(Msrs.MISC_ENABLE));
    }
}

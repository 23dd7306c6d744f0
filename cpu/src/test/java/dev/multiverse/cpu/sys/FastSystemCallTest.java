package dev.multiverse.cpu.sys;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Msrs;
import dev.multiverse.cpu.state.Segment;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** SYSCALL/SYSRET, SYSENTER/SYSEXIT and SWAPGS. */
class FastSystemCallTest {
    private final SysFixture f = new SysFixture();
    private final Cpu cpu = f.cpu;
    private static final long ENTRY = SysFixture.CODE + 0x100, USER_TARGET = SysFixture.CODE + 0x200;

    FastSystemCallTest() {
        cpu.efer |= Cpu.EFER_SCE;
        cpu.msrs.star = (long) (SysFixture.USER_CS32 & ~3) << 48 | (long) SysFixture.KERNEL_CS << 32;
        cpu.msrs.lstar = ENTRY;
        cpu.msrs.sfmask = Flags.IF | Flags.TF;
        cpu.msrs.sysenterCs = SysFixture.KERNEL_CS;
        cpu.msrs.sysenterEip = ENTRY;
        cpu.msrs.sysenterEsp = 0x5000;
        f.poke(ENTRY, 1, 0xf4);
        f.poke(USER_TARGET, 1, 0xf4);   // HLT at ring 3 faults with #GP into vector 13
    }

    @Test
    void syscallEntersTheKernelAtLstarWithMaskedFlags() {
        f.enterUser();
        cpu.flags.put(0x2 | Flags.IF | Flags.CF);
        assertEquals(StopReason.HALTED, f.run(0x0f, 0x05));
        assertEquals(ENTRY + 1, cpu.rip);
        assertEquals(SysFixture.CODE + 2, cpu.gpr[Cpu.RCX]);
        assertEquals(0x2 | Flags.IF | Flags.CF, cpu.gpr[11]);
        assertFalse(cpu.flags.bit(Flags.IF));
        assertEquals(0, cpu.cpl);
        assertEquals(SysFixture.KERNEL_CS, cpu.seg[Insn.CS].selector);
        assertEquals(SysFixture.KERNEL_DS, cpu.seg[Insn.SS].selector);
        assertEquals(SysFixture.USER_STACK, cpu.gpr[Cpu.RSP], "SYSCALL does not switch stacks");
    }

    @Test
    void syscallFromCompatibilityModeUsesCstar() {
        cpu.msrs.cstar = ENTRY;
        cpu.msrs.lstar = 0;
        cpu.seg[Insn.CS].loadDescriptor(SysFixture.USER_CS32, SysFixture.CODE32_DPL3);
        cpu.cpl = 3;
        cpu.updateCodeSize();
        assertEquals(StopReason.HALTED, f.run(0x0f, 0x05));
        assertEquals(ENTRY + 1, cpu.rip);
        assertEquals(Decoder.CODE64, cpu.codeSize);
    }

    @Test
    void syscallIsUndefinedWithoutEferSce() {
        cpu.efer &= ~Cpu.EFER_SCE;
        f.runToHandler(6, 0x0f, 0x05);
    }

    @Test
    void sysretqReturnsTo64BitRing3() {
        cpu.gpr[Cpu.RCX] = USER_TARGET;
        cpu.gpr[11] = 0x202 | Flags.RF | Flags.VM;
        f.runToHandler(13, 0x48, 0x0f, 0x07);
        assertEquals(USER_TARGET, f.frame(1));
        assertEquals(SysFixture.USER_CS, f.frame(2));
        // RF in the frame is the #GP's own (a fault saves RF set), so only VM shows what R11 did.
        assertEquals(0x202 | Flags.RF, f.frame(3), "VM is not restored from R11");
        assertEquals(SysFixture.USER_DS, f.frame(5));
    }

    @Test
    void sysretqLoadsNeitherRfNorVmFromR11() {
        cpu.gpr[Cpu.RCX] = USER_TARGET;
        cpu.gpr[11] = 0x202 | Flags.RF | Flags.VM;
        f.poke(SysFixture.CODE, 8, 0x070f48);   // sysretq
        cpu.rip = SysFixture.CODE;
        f.t.interpreter.run(1);
        assertEquals(USER_TARGET, cpu.rip);
        assertEquals(0x202, cpu.flags.get());
    }

    @Test
    void sysretlReturnsToCompatibilityMode() {
        cpu.gpr[Cpu.RCX] = 0xffff_ffff_0000_0000L | USER_TARGET;
        cpu.gpr[11] = 0x2;
        f.runToHandler(13, 0x0f, 0x07);
        assertEquals(USER_TARGET, f.frame(1), "EIP is ECX");
        assertEquals(SysFixture.USER_CS32, f.frame(2));
    }

    @Test
    void sysretToANonCanonicalAddressFaultsInRing0() {
        cpu.gpr[Cpu.RCX] = 0x0000_8000_0000_0000L;
        f.runToHandler(13, 0x48, 0x0f, 0x07);
        assertEquals(SysFixture.CODE, f.frame(1));
        assertEquals(SysFixture.KERNEL_CS, f.frame(2));
    }

    @Test
    void sysretFromRing3IsGeneralProtection() {
        f.enterUser();
        f.runToHandler(13, 0x48, 0x0f, 0x07);
        assertEquals(0, f.frame(0));
    }

    @Test
    void sysenterAndSysexitq() {
        f.enterUser();
        cpu.flags.put(0x2 | Flags.IF);
        assertEquals(StopReason.HALTED, f.run(0x0f, 0x34));
        assertEquals(ENTRY + 1, cpu.rip);
        assertEquals(0x5000, cpu.gpr[Cpu.RSP]);
        assertEquals(0, cpu.cpl);
        assertEquals(SysFixture.KERNEL_DS, cpu.seg[Insn.SS].selector);
        assertFalse(cpu.flags.bit(Flags.IF));

        cpu.gpr[Cpu.RDX] = USER_TARGET;
        cpu.gpr[Cpu.RCX] = SysFixture.USER_STACK;
        f.runToHandler(13, 0x48, 0x0f, 0x35);
        assertEquals(USER_TARGET, f.frame(1));
        assertEquals(SysFixture.KERNEL_CS + 32 | 3, f.frame(2));
        assertEquals(SysFixture.USER_STACK, f.frame(4));
        assertEquals(SysFixture.KERNEL_CS + 40 | 3, f.frame(5));
    }

    @Test
    void sysenterWithoutSysenterCsIsGeneralProtection() {
        cpu.msrs.sysenterCs = 0;
        f.runToHandler(13, 0x0f, 0x34);
    }

    @Test
    void sysexitToLegacyMode32Bit() {
        var t = new dev.multiverse.cpu.TestCpu(2);
        t.cpu.msrs.write(Msrs.SYSENTER_CS, 0x08);
        t.cpu.idtLimit = 0;
        t.cpu.gpr[Cpu.RDX] = 0x3000;
        t.cpu.gpr[Cpu.RCX] = 0x7000;
        t.memory.write(0x3000, 1, 0xf4);
        assertEquals(StopReason.TRIPLE_FAULT, t.run(0x1000, dev.multiverse.cpu.TestCpu.bytes(0x0f, 0x35), 10));
        assertEquals(0x3000, t.cpu.rip);
        assertEquals(3, t.cpu.cpl);
        assertEquals(0x1b, t.cpu.seg[Insn.CS].selector);
        assertEquals(0x23, t.cpu.seg[Insn.SS].selector);
        assertEquals(Decoder.CODE32, t.cpu.codeSize);
    }

    @Test
    void swapgsExchangesTheGsBases() {
        cpu.seg[Insn.GS].base = 0x1111;
        cpu.msrs.kernelGsBase = 0x2222;
        assertEquals(StopReason.HALTED, f.run(0x0f, 0x01, 0xf8, 0xf4));
        assertEquals(0x2222, cpu.seg[Insn.GS].base);
        assertEquals(0x1111, cpu.msrs.read(Msrs.KERNEL_GS_BASE));
    }

    @Test
    void swapgsIsUndefinedInCompatibilityMode() {
        cpu.seg[Insn.CS].load(0x18, 0, 0xffff_ffffL, Segment.P | Segment.S | 0xb | Segment.DB | Segment.G);
        cpu.updateCodeSize();
        f.runToHandler(6, 0x0f, 0x01, 0xf8);
    }

    @Test
    void swapgsInRing3IsGeneralProtection() {
        f.enterUser();
        f.runToHandler(13, 0x0f, 0x01, 0xf8);
    }
}

package dev.multiverse.cpu.simdint;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.flags.Flags;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** CRC32 (CRC-32C): the standard check value, every source size, zero-extension, flags and availability. */
class Crc32Test {
    private final SimdIntFixture f = new SimdIntFixture();

    @Test
    void computesTheCrc32cCheckValue() {
        f.t.memory.load(SimdIntFixture.DATA, "123456789".getBytes(StandardCharsets.US_ASCII));
        f.cpu.gpr[Cpu.RSI] = SimdIntFixture.DATA;
        f.run(0xb9, 0xff, 0xff, 0xff, 0xff,                      // mov $0xffffffff,%ecx
                0xf2, 0x48, 0x0f, 0x38, 0xf1, 0x0e,              // crc32q (%rsi),%rcx
                0xf2, 0x0f, 0x38, 0xf0, 0x4e, 0x08,              // crc32b 0x8(%rsi),%ecx
                0xf7, 0xd1);                                     // not %ecx
        assertEquals(0xe306_9283L, f.cpu.gpr[Cpu.RCX]);
    }

    @Test
    void sourceSizesAndZeroExtension() {
        f.cpu.gpr[Cpu.RAX] = 0x1234_5678;
        f.cpu.gpr[Cpu.RDX] = 0xabcd;
        f.run(0x66, 0xf2, 0x0f, 0x38, 0xf1, 0xc2);               // crc32w %dx,%eax
        assertEquals(0xaae3_2043L, f.cpu.gpr[Cpu.RAX]);
        f.cpu.gpr[Cpu.RBX] = 0x1234_5678;
        f.run(0xf2, 0x0f, 0x38, 0xf0, 0xda,                      // crc32b %dl,%ebx
                0xf2, 0x0f, 0x38, 0xf0, 0xde);                   // crc32b %dh,%ebx
        assertEquals(0xaae3_2043L, f.cpu.gpr[Cpu.RBX], "two bytes, low first, as one word");
        f.cpu.gpr[Cpu.RAX] = 0xffff_ffff_1234_5678L;
        f.cpu.gpr[Cpu.RDX] = 0x0123_4567_89ab_cdefL;
        f.run(0xf2, 0x48, 0x0f, 0x38, 0xf1, 0xc2);               // crc32q %rdx,%rax: only the low 32 bits are the CRC
        assertEquals(0xa3d2_07beL, f.cpu.gpr[Cpu.RAX]);
        f.cpu.gpr[Cpu.RAX] = 0xffff_ffff_1234_5678L;
        f.cpu.gpr[Cpu.RDX] = 0xef;
        f.run(0xf2, 0x48, 0x0f, 0x38, 0xf0, 0xc2);               // crc32b %dl,%rax
        assertEquals(0x4670_acaaL, f.cpu.gpr[Cpu.RAX]);
    }

    @Test
    void leavesFlagsAloneAndNeedsNoSseState() {
        int status = Flags.CF | Flags.PF | Flags.AF | Flags.ZF | Flags.SF | Flags.OF;
        f.cpu.flags.put(2 | status);
        f.cpu.cr4 &= ~Cpu.CR4_OSFXSR;
        f.cpu.cr0 |= Cpu.CR0_TS | Cpu.CR0_EM;
        f.run(0xf2, 0x0f, 0x38, 0xf1, 0xc2);                     // crc32l %edx,%eax
        assertEquals(status, f.cpu.flags.get() & status);
    }

    @Test
    void worksIn32BitCode() {
        TestCpu t = new TestCpu(2);
        t.cpu.gpr[Cpu.RAX] = 0x1234_5678;
        t.cpu.gpr[Cpu.RDX] = 0xabcd;
        assertEquals(StopReason.HALTED, t.run(0x1000, TestCpu.bytes(0x66, 0xf2, 0x0f, 0x38, 0xf1, 0xc2, 0xf4), 10));
        assertEquals(0xaae3_2043L, t.cpu.gpr[Cpu.RAX]);
    }
}

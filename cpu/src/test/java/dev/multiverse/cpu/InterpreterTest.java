package dev.multiverse.cpu;

import dev.multiverse.cpu.fault.CpuException;
import org.junit.jupiter.api.Test;

import static dev.multiverse.cpu.TestCpu.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterpreterTest {
    @Test
    void runsStraightLineCodeToHlt() {
        TestCpu t = new TestCpu(3);
        // mov rax, 5; add rax, 7; mov ecx, eax; hlt
        StopReason r = t.run(0x1000, bytes(0x48, 0xc7, 0xc0, 5, 0, 0, 0, 0x48, 0x83, 0xc0, 7, 0x89, 0xc1, 0xf4), 100);
        assertEquals(StopReason.HALTED, r);
        assertEquals(12, t.cpu.gpr[Cpu.RAX]);
        assertEquals(12, t.cpu.gpr[Cpu.RCX]);
        assertEquals(4, t.cpu.instructions);
        assertEquals(0x100e, t.cpu.rip);
    }

    @Test
    void loopsWithConditionalBranch() {
        TestCpu t = new TestCpu(3);
        // xor eax,eax; mov ecx,10; L: add eax,ecx; dec ecx; jnz L; hlt
        StopReason r = t.run(0x2000, bytes(0x31, 0xc0, 0xb9, 10, 0, 0, 0, 0x01, 0xc8, 0xff, 0xc9, 0x75, 0xfa, 0xf4), 1000);
        assertEquals(StopReason.HALTED, r);
        assertEquals(55, t.cpu.gpr[Cpu.RAX]);
    }

    @Test
    void undefinedOpcodeWithoutIdtTripleFaults() {
        TestCpu t = new TestCpu(3);
        t.cpu.idtLimit = 0;
        StopReason r = t.run(0x3000, bytes(0x0f, 0x0b), 10);   // UD2 is not in the table yet: #UD either way
        assertEquals(StopReason.TRIPLE_FAULT, r);
        assertTrue(CpuException.ud().vector == 6);
    }

    @Test
    void instructionBudgetStopsPrecisely() {
        TestCpu t = new TestCpu(3);
        StopReason r = t.run(0x4000, bytes(0xeb, 0xfe), 1234);   // jmp $
        assertEquals(StopReason.BUDGET, r);
        assertEquals(1234, t.cpu.instructions);
    }

    @Test
    void fsOverrideSurvivesALaterIgnoredDsPrefixIn64BitMode() {
        TestCpu t = new TestCpu(3);
        t.cpu.seg[dev.multiverse.cpu.insn.Insn.FS].base = 0x5000;
        t.memory.write(0x5010, 8, 0x1122334455667788L);
        // mov rax, fs:ds:[0x10] (64 3e 48 8b 04 25 10 00 00 00); hlt
        t.run(0x1000, bytes(0x64, 0x3e, 0x48, 0x8b, 0x04, 0x25, 0x10, 0, 0, 0, 0xf4), 10);
        assertEquals(0x1122334455667788L, t.cpu.gpr[Cpu.RAX]);
    }

    @Test
    void leaWithARegisterOperandIsUndefined() {
        TestCpu t = new TestCpu(3);
        t.cpu.idtLimit = 0;
        StopReason r = t.run(0x1000, bytes(0x8d, 0xc0, 0xf4), 10);
        assertEquals(StopReason.TRIPLE_FAULT, r);
        assertEquals(0x1000, t.cpu.rip);
        assertEquals(0, t.cpu.instructions);
    }

    @Test
    void codeFetchedFromMmioRunsAndIsNotCached() {
        TestCpu t = new TestCpu(3);
        byte[] window = {(byte) 0xff, (byte) 0xc0, (byte) 0xf4};   // inc eax; hlt, served by a device
        t.memory.mapMmio(0xfee0_0000L, 0x1000, new dev.multiverse.mmu.MmioHandler() {
            @Override
            public long read(long offset, int size) {
                long v = 0;
                for (int b = 0; b < size; b++) {
                    v |= (offset + b < window.length ? window[(int) offset + b] & 0xffL : 0xffL) << (8 * b);
                }
                return v;
            }

            @Override
            public void write(long offset, int size, long value) {
                window[0] = (byte) 0x90;   // the device changes what it serves: two nops instead of inc
                window[1] = (byte) 0x90;
            }
        });
        t.cpu.rip = 0xfee0_0000L;
        assertEquals(StopReason.HALTED, t.interpreter.run(10));
        assertEquals(1, t.cpu.gpr[Cpu.RAX]);
        t.memory.write(0xfee0_0000L, 1, 0);
        t.cpu.rip = 0xfee0_0000L;
        t.cpu.halted = false;
        assertEquals(StopReason.HALTED, t.interpreter.run(10));
        assertEquals(1, t.cpu.gpr[Cpu.RAX]);   // the nop now served is what ran: no stale decoded copy
    }
}

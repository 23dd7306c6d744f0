package dev.multiverse.cpu;

import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import org.junit.jupiter.api.Test;

import static dev.multiverse.cpu.TestCpu.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Cpu#inject} and {@link BoundaryHook}s on a real-mode core (IVT at 0, every handler a HLT). */
class MachineInjectionTest {
    private static final int HANDLER = 0x500, CODE = 0x1000;

    private static TestCpu realMode() {
        TestCpu t = new TestCpu(1);
        t.cpu.idtLimit = 0x3ff;
        for (int v = 0; v < 256; v++) t.memory.write(v * 4L, 4, HANDLER + v);
        for (int v = 0; v < 256; v++) t.memory.write(HANDLER + v, 1, 0xf4);
        t.cpu.gpr[Cpu.RSP] = 0x8000;
        return t;
    }

    @Test
    void injectedVectorWakesAHaltedCoreWhateverIf() {
        TestCpu t = realMode();
        t.cpu.flags.setBit(Flags.IF, false);
        t.run(CODE, bytes(0xf4), 10);
        assertTrue(t.cpu.halted);
        assertFalse(t.cpu.interruptDeliverable());
        t.cpu.inject(0x40, -1);
        assertTrue(t.cpu.interruptDeliverable());
        assertEquals(StopReason.HALTED, t.interpreter.run(10));
        assertEquals(HANDLER + 0x40 + 1, t.cpu.rip, "its handler's HLT ran");
        assertEquals(CODE + 1, t.memory.read(0x8000 - 6, 2), "returns after the HLT");
        assertEquals(-1, t.cpu.injectedVector(), "taken once");
    }

    @Test
    void injectedExceptionPushesItsErrorCode() {
        TestCpu t = new TestCpu(2);
        // A 32-bit IDT at 0x2000 whose #GP gate leads to a HLT at 0x600; a flat GDT with code at 0x08.
        t.memory.write(0x3008, 8, 0x00cf9a000000ffffL);
        t.cpu.gdtBase = 0x3000;
        t.cpu.gdtLimit = 0x0f;
        t.memory.write(0x2000 + 13 * 8, 8, 0x600 | (0x08L << 16) | (0x8eL << 40));
        t.cpu.idtBase = 0x2000;
        t.cpu.idtLimit = 0x7ff;
        t.memory.write(0x600, 1, 0xf4);
        t.cpu.gpr[Cpu.RSP] = 0x9000;
        t.cpu.inject(CpuException.GP, 0xf00df00d);
        t.run(CODE, bytes(0x90, 0xf4), 10);
        assertEquals(0x601, t.cpu.rip);
        assertEquals(0xf00df00dL, t.memory.read(0x9000 - 16, 4), "all 32 bits of the error code");
        assertEquals(CODE, t.memory.read(0x9000 - 12, 4), "before the interrupted NOP");
    }

    @Test
    void hookRunsAtBoundariesUntilDoneAndItsFaultIsTheGuests() {
        TestCpu t = realMode();
        int[] calls = {0};
        t.cpu.setBoundaryHook(cpu -> {
            calls[0]++;
            if (cpu.gpr[Cpu.RAX] == 1 && cpu.rip == CODE + 5) throw CpuException.of(CpuException.UD);
            if (cpu.gpr[Cpu.RAX] != 2) return false;
            cpu.gpr[Cpu.RBX] = 0x77;
            return true;
        });
        // mov ax, 1 (ends no block, so the next boundary the hook sees is after the jump); jmp $+2; ...
        assertEquals(StopReason.HALTED, t.run(CODE, bytes(0xb8, 1, 0, 0xeb, 0x00, 0xf4), 10));
        assertEquals(HANDLER + 6 + 1, t.cpu.rip, "the hook's #UD was delivered at the boundary after the jump");
        assertEquals(CODE + 5, t.memory.read(0x8000 - 6, 2));
        t.cpu.gpr[Cpu.RAX] = 2;
        t.run(CODE + 5, bytes(0xf4), 10);
        assertEquals(0x77, t.cpu.gpr[Cpu.RBX]);
        int seen = calls[0];
        t.run(CODE + 5, bytes(0xf4), 10);
        assertEquals(seen, calls[0], "done: not called again");
        assertEquals(null, t.cpu.boundaryHook());
    }
}

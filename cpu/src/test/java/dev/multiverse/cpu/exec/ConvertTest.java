package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.fault.CpuException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.multiverse.cpu.Cpu.RAX;
import static dev.multiverse.cpu.Cpu.RDX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class ConvertTest {
    private static final long CODE = 0x1000;

    private static void run(TestCpu t, int... code) {
        int[] withHlt = Arrays.copyOf(code, code.length + 1);
        withHlt[code.length] = 0xf4;
        assertEquals(StopReason.HALTED, t.run(CODE, TestCpu.bytes(withHlt), 100));
    }

    private static long afterExtend(TestCpu t, long rax, int... code) {
        t.cpu.gpr[RAX] = rax;
        run(t, code);
        return t.cpu.gpr[RAX];
    }

    private static long dxAfter(TestCpu t, long rax, long rdx, int... code) {
        t.cpu.gpr[RAX] = rax;
        t.cpu.gpr[RDX] = rdx;
        run(t, code);
        assertEquals(rax, t.cpu.gpr[RAX], "the accumulator is only read");
        return t.cpu.gpr[RDX];
    }

    @Test
    void accumulatorSignExtensionsIn64BitMode() {
        TestCpu t = new TestCpu(3);
        assertEquals(0x1234_5678_9abc_ff80L, afterExtend(t, 0x1234_5678_9abc_de80L, 0x66, 0x98), "cbw");
        assertEquals(0x1234_5678_9abc_007fL, afterExtend(t, 0x1234_5678_9abc_de7fL, 0x66, 0x98), "cbw");
        assertEquals(0x0000_0000_ffff_8000L, afterExtend(t, 0xffff_ffff_1234_8000L, 0x98), "cwde");
        assertEquals(0x0000_0000_0000_7fffL, afterExtend(t, 0xffff_ffff_1234_7fffL, 0x98), "cwde");
        assertEquals(0xffff_ffff_8000_0000L, afterExtend(t, 0x1234_5678_8000_0000L, 0x48, 0x98), "cdqe");
        assertEquals(0x0000_0000_7fff_ffffL, afterExtend(t, 0x1234_5678_7fff_ffffL, 0x48, 0x98), "cdqe");
    }

    @Test
    void signIntoDxIn64BitMode() {
        TestCpu t = new TestCpu(3);
        assertEquals(0xaaaa_aaaa_aaaa_ffffL, dxAfter(t, 0x8000, 0xaaaa_aaaa_aaaa_aaaaL, 0x66, 0x99), "cwd");
        assertEquals(0xaaaa_aaaa_aaaa_0000L, dxAfter(t, 0x1_7fff, 0xaaaa_aaaa_aaaa_aaaaL, 0x66, 0x99), "cwd");
        assertEquals(0x0000_0000_ffff_ffffL, dxAfter(t, 0x8000_0000L, -1, 0x99), "cdq");
        assertEquals(0, dxAfter(t, 0xffff_ffff_7fff_ffffL, -1, 0x99), "cdq zero-extends RDX");
        assertEquals(-1L, dxAfter(t, 0x8000_0000_0000_0000L, 0, 0x48, 0x99), "cqo");
        assertEquals(0, dxAfter(t, 0x7fff_ffff_ffff_ffffL, -1, 0x48, 0x99), "cqo");
    }

    @Test
    void sixteenBitCodeDefaultsToCbwAndCwd() {
        TestCpu t = new TestCpu(1);
        assertEquals(0xffff_ff90L, afterExtend(t, 0xffff_0090L, 0x98), "cbw keeps the upper half of EAX");
        assertEquals(0xffff_9000L, afterExtend(t, 0x1111_9000L, 0x66, 0x98), "cwde");
        assertEquals(0x1234_ffffL, dxAfter(t, 0x8000, 0x1234_0000L, 0x99), "cwd");
        assertEquals(0xffff_ffffL, dxAfter(t, 0x8000_0000L, 0, 0x66, 0x99), "cdq");
    }

    @Test
    void ud2RaisesInvalidOpcode() {
        TestCpu t = new TestCpu(3);
        CpuException e = DirectExec.raised(t, 0x0f, 0x0b);
        assertNotNull(e);
        assertEquals(CpuException.UD, e.vector);
        t.cpu.idtLimit = 0;
        assertEquals(StopReason.TRIPLE_FAULT, t.run(CODE, TestCpu.bytes(0x0f, 0x0b), 10));
        assertEquals(CODE, t.cpu.rip);
    }
}

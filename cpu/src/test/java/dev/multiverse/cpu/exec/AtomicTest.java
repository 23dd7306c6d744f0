package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.multiverse.cpu.Cpu.RAX;
import static dev.multiverse.cpu.Cpu.RBX;
import static dev.multiverse.cpu.Cpu.RCX;
import static dev.multiverse.cpu.Cpu.RDX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicTest {
    private static final long CODE = 0x1000, DATA = 0x9000;

    private static void run(TestCpu t, int... code) {
        int[] withHlt = Arrays.copyOf(code, code.length + 1);
        withHlt[code.length] = 0xf4;
        assertEquals(StopReason.HALTED, t.run(CODE, TestCpu.bytes(withHlt), 100));
    }

    private static long mem(TestCpu t, long address, int size) {
        return t.memory.read(address, size);
    }

    // ---- CMPXCHG ----

    @Test
    void cmpxchgEqualWritesTheDestinationWithZeroExtension() {
        TestCpu t = new TestCpu(3);
        t.cpu.gpr[RAX] = 0xaaaa_aaaa_0000_0005L;
        t.cpu.gpr[RCX] = 0xbbbb_bbbb_0000_0005L;
        t.cpu.gpr[RDX] = 0xcccc_cccc_0000_0007L;
        run(t, 0x0f, 0xb1, 0xd1);                      // cmpxchg ecx, edx
        assertEquals(7, t.cpu.gpr[RCX]);
        assertEquals(0xaaaa_aaaa_0000_0005L, t.cpu.gpr[RAX], "RAX is not written when equal");
        assertTrue(t.cpu.flags.zf());
    }

    @Test
    void cmpxchgUnequalLoadsTheAccumulatorAndLeavesARegisterDestination() {
        TestCpu t = new TestCpu(3);
        t.cpu.gpr[RAX] = 0xaaaa_aaaa_0000_0005L;
        t.cpu.gpr[RCX] = 0xbbbb_bbbb_0000_0009L;
        t.cpu.gpr[RDX] = 7;
        run(t, 0x0f, 0xb1, 0xd1);                      // cmpxchg ecx, edx
        assertEquals(9, t.cpu.gpr[RAX], "EAX written, so RAX's upper half is cleared");
        assertEquals(0xbbbb_bbbb_0000_0009L, t.cpu.gpr[RCX], "the destination register is untouched");
        assertFalse(t.cpu.flags.zf());
        assertTrue(t.cpu.flags.cf(), "flags of 5 - 9");
        assertTrue(t.cpu.flags.sf());
    }

    @Test
    void cmpxchg64AndByteForms() {
        TestCpu t = new TestCpu(3);
        t.cpu.gpr[RAX] = 0x1234_5678_9abc_def0L;
        t.cpu.gpr[RCX] = 0x1234_5678_9abc_def0L;
        t.cpu.gpr[RDX] = -2;
        run(t, 0x48, 0x0f, 0xb1, 0xd1);                // cmpxchg rcx, rdx
        assertEquals(-2, t.cpu.gpr[RCX]);

        t.memory.write(DATA, 2, 0x4411);
        t.cpu.gpr[RBX] = DATA;
        t.cpu.gpr[RAX] = 0xff11;
        t.cpu.gpr[RCX] = 0x22;
        run(t, 0xf0, 0x0f, 0xb0, 0x0b);                // lock cmpxchg byte [rbx], cl: AL = 0x11 matches
        assertEquals(0x4422, mem(t, DATA, 2));
        assertTrue(t.cpu.flags.zf());
        run(t, 0xf0, 0x0f, 0xb0, 0x0b);                // now 0x22 != 0x11
        assertEquals(0xff22, t.cpu.gpr[RAX]);
        assertEquals(0x4422, mem(t, DATA, 2));
        assertFalse(t.cpu.flags.zf());
    }

    @Test
    void cmpxchgDwordMemory() {
        TestCpu t = new TestCpu(3);
        t.memory.write(DATA, 8, 0x1111_1111_0000_0064L);
        t.cpu.gpr[RBX] = DATA;
        t.cpu.gpr[RAX] = 0x64;
        t.cpu.gpr[RCX] = 0x65;
        run(t, 0xf0, 0x0f, 0xb1, 0x0b);                // lock cmpxchg dword [rbx], ecx
        assertEquals(0x1111_1111_0000_0065L, mem(t, DATA, 8));
    }

    @Test
    void cmpxchgWritesMemoryEvenWhenUnequal() {
        TestCpu t = new TestCpu(3);
        IdentityPaging.enable(t);
        t.memory.write(DATA, 4, 0x50);
        IdentityPaging.writeProtect(t, DATA);
        t.cpu.gpr[RBX] = DATA;
        t.cpu.gpr[RAX] = 0x0123_4567_0000_0001L;
        t.memory.load(CODE, TestCpu.bytes(0xf0, 0x0f, 0xb1, 0x0b));
        t.cpu.rip = CODE;
        assertEquals(StopReason.TRIPLE_FAULT, t.interpreter.run(10));
        assertEquals(DATA, t.cpu.cr2);
        assertEquals(0x0123_4567_0000_0001L, t.cpu.gpr[RAX], "the faulting write comes before RAX changes");
    }

    @Test
    void lockOnARegisterDestinationIsUndefined() {
        TestCpu t = new TestCpu(3);
        CpuException e = DirectExec.raised(t, 0xf0, 0x0f, 0xb1, 0xd1);
        assertNotNull(e);
        assertEquals(CpuException.UD, e.vector);
    }

    // ---- XADD ----

    @Test
    void xaddRegisters() {
        TestCpu t = new TestCpu(3);
        t.cpu.gpr[RAX] = 0xffff_ffff_0000_0003L;
        t.cpu.gpr[RCX] = 0xffff_ffff_0000_0004L;
        run(t, 0x0f, 0xc1, 0xc8);                      // xadd eax, ecx
        assertEquals(7, t.cpu.gpr[RAX]);
        assertEquals(3, t.cpu.gpr[RCX]);
        run(t, 0x0f, 0xc1, 0xc0);                      // xadd eax, eax: the sum wins
        assertEquals(14, t.cpu.gpr[RAX]);
        t.cpu.gpr[RAX] = 0x00f0;
        t.cpu.gpr[RCX] = 0x0020;
        run(t, 0x0f, 0xc0, 0xc8);                      // xadd al, cl
        assertEquals(0x10, t.cpu.gpr[RAX]);
        assertEquals(0xf0, t.cpu.gpr[RCX]);
        assertTrue(t.cpu.flags.cf());
        assertFalse(t.cpu.flags.zf());
    }

    @Test
    void lockedXaddOnMemory() {
        TestCpu t = new TestCpu(3);
        t.memory.write(DATA, 8, 0x7fff_ffff_ffff_ffffL);
        t.cpu.gpr[RBX] = DATA;
        t.cpu.gpr[RCX] = 1;
        run(t, 0xf0, 0x48, 0x0f, 0xc1, 0x0b);          // lock xadd qword [rbx], rcx
        assertEquals(0x8000_0000_0000_0000L, mem(t, DATA, 8));
        assertEquals(0x7fff_ffff_ffff_ffffL, t.cpu.gpr[RCX]);
        assertTrue(t.cpu.flags.of());
        assertTrue(t.cpu.flags.sf());
    }

    // ---- CMPXCHG8B / CMPXCHG16B ----

    @Test
    void cmpxchg8bEqualStoresEcxEbxAndSetsOnlyZf() {
        TestCpu t = new TestCpu(3);
        t.memory.write(DATA, 8, 0x2222_2222_1111_1111L);
        t.cpu.gpr[RAX] = 0xffff_ffff_1111_1111L;
        t.cpu.gpr[RDX] = 0xffff_ffff_2222_2222L;
        t.cpu.gpr[RCX] = 0x4444_4444L;
        t.cpu.flags.put(Flags.CF | Flags.SF | 2);
        t.cpu.gpr[6] = DATA;                           // RSI addresses: RBX is half of the new value
        t.cpu.gpr[RBX] = 0x3333_3333L;
        run(t, 0xf0, 0x0f, 0xc7, 0x0e);                // lock cmpxchg8b [rsi]
        assertEquals(0x4444_4444_3333_3333L, mem(t, DATA, 8));
        assertEquals(Flags.CF | Flags.SF | Flags.ZF | 2, t.cpu.flags.get());
        assertEquals(0xffff_ffff_1111_1111L, t.cpu.gpr[RAX]);
    }

    @Test
    void cmpxchg8bUnequalLoadsEdxEax() {
        TestCpu t = new TestCpu(3);
        t.memory.write(DATA, 8, 0x2222_2222_1111_1111L);
        t.cpu.gpr[6] = DATA;
        t.cpu.gpr[RAX] = 0xffff_ffff_0000_0000L;
        t.cpu.gpr[RDX] = 0xffff_ffff_0000_0000L;
        t.cpu.flags.put(Flags.ZF | Flags.OF | 2);
        run(t, 0x0f, 0xc7, 0x0e);
        assertEquals(0x1111_1111L, t.cpu.gpr[RAX]);
        assertEquals(0x2222_2222L, t.cpu.gpr[RDX]);
        assertEquals(0x2222_2222_1111_1111L, mem(t, DATA, 8));
        assertEquals(Flags.OF | 2, t.cpu.flags.get());
    }

    @Test
    void cmpxchg8bIn32BitCode() {
        TestCpu t = new TestCpu(2);
        t.memory.write(DATA, 8, 0x0000_0002_0000_0001L);
        t.cpu.gpr[6] = DATA;
        t.cpu.gpr[RAX] = 1;
        t.cpu.gpr[RDX] = 2;
        t.cpu.gpr[RBX] = 3;
        t.cpu.gpr[RCX] = 4;
        run(t, 0x0f, 0xc7, 0x0e);
        assertEquals(0x0000_0004_0000_0003L, mem(t, DATA, 8));
        assertTrue(t.cpu.flags.zf());
    }

    @Test
    void cmpxchg16bEqualAndUnequal() {
        TestCpu t = new TestCpu(3);
        t.memory.write(DATA, 8, 0x1111_1111_1111_1111L);
        t.memory.write(DATA + 8, 8, 0x2222_2222_2222_2222L);
        t.cpu.gpr[6] = DATA;
        t.cpu.gpr[RAX] = 0x1111_1111_1111_1111L;
        t.cpu.gpr[RDX] = 0x2222_2222_2222_2222L;
        t.cpu.gpr[RBX] = 0x3333_3333_3333_3333L;
        t.cpu.gpr[RCX] = 0x4444_4444_4444_4444L;
        run(t, 0xf0, 0x48, 0x0f, 0xc7, 0x0e);          // lock cmpxchg16b [rsi]
        assertEquals(0x3333_3333_3333_3333L, mem(t, DATA, 8));
        assertEquals(0x4444_4444_4444_4444L, mem(t, DATA + 8, 8));
        assertTrue(t.cpu.flags.zf());
        run(t, 0xf0, 0x48, 0x0f, 0xc7, 0x0e);          // RDX:RAX no longer match
        assertEquals(0x3333_3333_3333_3333L, t.cpu.gpr[RAX]);
        assertEquals(0x4444_4444_4444_4444L, t.cpu.gpr[RDX]);
        assertFalse(t.cpu.flags.zf());
    }

    @Test
    void cmpxchg16bNeedsAnAlignedOperand() {
        TestCpu t = new TestCpu(3);
        t.cpu.gpr[6] = DATA + 8;
        CpuException e = DirectExec.raised(t, 0x48, 0x0f, 0xc7, 0x0e);
        assertNotNull(e);
        assertEquals(CpuException.GP, e.vector);
        assertEquals(0, e.errorCode);
    }

    @Test
    void cmpxchg8bRegisterFormIsUndefined() {
        TestCpu t = new TestCpu(3);
        CpuException e = DirectExec.raised(t, 0x0f, 0xc7, 0xc8);
        assertNotNull(e);
        assertEquals(CpuException.UD, e.vector);
    }

    @Test
    void cmpxchg16bPageFaultOnTheWriteChangesNothing() {
        TestCpu t = new TestCpu(3);
        IdentityPaging.enable(t);
        IdentityPaging.writeProtect(t, DATA);
        t.cpu.gpr[6] = DATA;
        t.cpu.gpr[RAX] = 5;
        t.memory.load(CODE, TestCpu.bytes(0x48, 0x0f, 0xc7, 0x0e));
        t.cpu.rip = CODE;
        assertEquals(StopReason.TRIPLE_FAULT, t.interpreter.run(10));
        assertEquals(DATA, t.cpu.cr2);
        assertEquals(5, t.cpu.gpr[RAX]);
        assertEquals(0, mem(t, DATA, 8));
    }
}

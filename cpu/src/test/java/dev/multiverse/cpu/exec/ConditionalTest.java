package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.flags.Flags;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.multiverse.cpu.Cpu.RAX;
import static dev.multiverse.cpu.Cpu.RBX;
import static dev.multiverse.cpu.Cpu.RCX;
import static dev.multiverse.cpu.Cpu.RDX;
import static dev.multiverse.cpu.Cpu.RSI;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ConditionalTest {
    private static final long CODE = 0x1000;
    private static final int[] FLAG_BITS = {Flags.CF, Flags.PF, Flags.ZF, Flags.SF, Flags.OF};

    private static void run(TestCpu t, int... code) {
        int[] withHlt = Arrays.copyOf(code, code.length + 1);
        withHlt[code.length] = 0xf4;
        assertEquals(StopReason.HALTED, t.run(CODE, TestCpu.bytes(withHlt), 100));
    }

    /** The SDM's condition table, written out from the raw flag bits. */
    private static boolean expected(int cc, long f) {
        boolean cf = (f & Flags.CF) != 0, zf = (f & Flags.ZF) != 0, sf = (f & Flags.SF) != 0,
                of = (f & Flags.OF) != 0, pf = (f & Flags.PF) != 0;
        return switch (cc) {
            case 0x0 -> of;
            case 0x1 -> !of;
            case 0x2 -> cf;
            case 0x3 -> !cf;
            case 0x4 -> zf;
            case 0x5 -> !zf;
            case 0x6 -> cf || zf;
            case 0x7 -> !cf && !zf;
            case 0x8 -> sf;
            case 0x9 -> !sf;
            case 0xa -> pf;
            case 0xb -> !pf;
            case 0xc -> sf != of;
            case 0xd -> sf == of;
            case 0xe -> zf || sf != of;
            default -> !zf && sf == of;
        };
    }

    private static long flagCombination(int n) {
        long f = 2;
        for (int b = 0; b < FLAG_BITS.length; b++) {
            if ((n & (1 << b)) != 0) f |= FLAG_BITS[b];
        }
        return f;
    }

    @Test
    void cmovFollowsEveryConditionForEveryFlagCombination() {
        TestCpu t = new TestCpu(3);
        for (int cc = 0; cc < 16; cc++) {
            for (int n = 0; n < 32; n++) {
                long f = flagCombination(n);
                t.cpu.flags.put(f);
                t.cpu.gpr[RAX] = 0x1111_1111_1111_1111L;
                t.cpu.gpr[RCX] = 0x2222_2222_2222_2222L;
                run(t, 0x48, 0x0f, 0x40 + cc, 0xc1);  // cmovcc rax, rcx
                long want = expected(cc, f) ? 0x2222_2222_2222_2222L : 0x1111_1111_1111_1111L;
                assertEquals(want, t.cpu.gpr[RAX], "cc " + cc + " flags " + Long.toHexString(f));
                assertEquals(f, t.cpu.flags.get(), "CMOV leaves the flags");
            }
        }
    }

    @Test
    void setccFollowsEveryConditionForEveryFlagCombination() {
        TestCpu t = new TestCpu(3);
        for (int cc = 0; cc < 16; cc++) {
            for (int n = 0; n < 32; n++) {
                long f = flagCombination(n);
                t.cpu.flags.put(f);
                t.cpu.gpr[RAX] = 0x7777_7777_7777_77ffL;
                run(t, 0x0f, 0x90 + cc, 0xc0);        // setcc al
                long want = 0x7777_7777_7777_7700L | (expected(cc, f) ? 1 : 0);
                assertEquals(want, t.cpu.gpr[RAX], "cc " + cc + " flags " + Long.toHexString(f));
            }
        }
    }

    @Test
    void thirtyTwoBitCmovZeroExtendsEvenWhenFalse() {
        TestCpu t = new TestCpu(3);
        t.cpu.flags.put(2);                              // ZF clear
        t.cpu.gpr[RAX] = 0xffff_ffff_0000_0001L;
        t.cpu.gpr[RCX] = 0xeeee_eeee_0000_0002L;
        run(t, 0x0f, 0x44, 0xc1);                        // cmove eax, ecx: not taken
        assertEquals(1, t.cpu.gpr[RAX]);
        t.cpu.flags.put(Flags.ZF | 2);
        t.cpu.gpr[RAX] = 0xffff_ffff_0000_0001L;
        run(t, 0x0f, 0x44, 0xc1);                        // taken
        assertEquals(2, t.cpu.gpr[RAX]);
    }

    @Test
    void sixteenAndSixtyFourBitCmovLeaveTheDestinationWhenFalse() {
        TestCpu t = new TestCpu(3);
        t.cpu.flags.put(2);
        t.cpu.gpr[RAX] = 0xffff_ffff_0000_0001L;
        t.cpu.gpr[RCX] = 0xeeee_eeee_0000_0002L;
        run(t, 0x48, 0x0f, 0x44, 0xc1);                  // cmove rax, rcx
        assertEquals(0xffff_ffff_0000_0001L, t.cpu.gpr[RAX]);
        run(t, 0x66, 0x0f, 0x44, 0xc1);                  // cmove ax, cx
        assertEquals(0xffff_ffff_0000_0001L, t.cpu.gpr[RAX]);
        t.cpu.flags.put(Flags.ZF | 2);
        run(t, 0x66, 0x0f, 0x44, 0xc1);
        assertEquals(0xffff_ffff_0000_0002L, t.cpu.gpr[RAX], "a 16-bit CMOV merges");
    }

    @Test
    void cmovIn32BitCodeLeavesTheRegisterWhenFalse() {
        TestCpu t = new TestCpu(2);
        t.cpu.flags.put(2);
        t.cpu.gpr[RAX] = 0x1234_5678;
        t.cpu.gpr[RCX] = 9;
        run(t, 0x0f, 0x44, 0xc1);
        assertEquals(0x1234_5678, t.cpu.gpr[RAX]);
        run(t, 0x0f, 0x45, 0xc1);                        // cmovne: taken
        assertEquals(9, t.cpu.gpr[RAX]);
    }

    @Test
    void cmovLoadsFromMemoryWhenTrue() {
        TestCpu t = new TestCpu(3);
        t.memory.write(0x9000, 4, 0xcafe_f00dL);
        t.cpu.gpr[RBX] = 0x9000;
        t.cpu.flags.put(Flags.ZF | 2);
        run(t, 0x0f, 0x44, 0x03);                        // cmove eax, [rbx]
        assertEquals(0xcafe_f00dL, t.cpu.gpr[RAX]);
    }

    @Test
    void cmovReadsItsMemorySourceEvenWhenFalse() {
        TestCpu t = new TestCpu(3);
        IdentityPaging.enable(t);
        IdentityPaging.unmap(t, 0x9000);
        t.cpu.gpr[RBX] = 0x9000;
        t.cpu.gpr[RAX] = 0xffff_ffff_0000_0001L;
        t.cpu.flags.put(2);
        t.memory.load(CODE, TestCpu.bytes(0x0f, 0x44, 0x03));
        t.cpu.rip = CODE;
        assertEquals(StopReason.TRIPLE_FAULT, t.interpreter.run(10));
        assertEquals(0x9000, t.cpu.cr2);
        assertEquals(0xffff_ffff_0000_0001L, t.cpu.gpr[RAX], "a faulting CMOV does not zero-extend");
    }

    @Test
    void setccWritesMemoryAndTheByteRegistersRexSelects() {
        TestCpu t = new TestCpu(3);
        t.memory.write(0x9000, 2, 0xabcd);
        t.cpu.gpr[RBX] = 0x9000;
        t.cpu.flags.put(Flags.SF | 2);                   // SF != OF: "less"
        run(t, 0x0f, 0x95, 0x03);                        // setne byte [rbx]
        assertEquals(0xab01, t.memory.read(0x9000, 2));
        t.cpu.gpr[RSI] = 0x5500;
        t.cpu.gpr[RDX] = 0x6600;
        run(t, 0x40, 0x0f, 0x9c, 0xc6);                  // setl sil
        run(t, 0x0f, 0x9c, 0xc6);                        // setl dh
        assertEquals(0x5501, t.cpu.gpr[RSI]);
        assertEquals(0x0100, t.cpu.gpr[RDX]);
    }
}

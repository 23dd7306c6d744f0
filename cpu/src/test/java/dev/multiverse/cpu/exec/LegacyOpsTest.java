package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.multiverse.cpu.Cpu.RAX;
import static dev.multiverse.cpu.Cpu.RBX;
import static dev.multiverse.cpu.Cpu.RCX;
import static dev.multiverse.cpu.Cpu.RSP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * BCD, BOUND, far-pointer loads, MOVBE, the hint/NOP space and UD0/UD1 in 32- and 16-bit code. The BCD
 * expectations (AX and EFLAGS) were read from the host CPU (Intel Xeon) running the same instructions in
 * compatibility mode; BcdHostTest checks every input that way.
 */
class LegacyOpsTest {
    private static final long CODE = 0x1000;
    private static final int STATUS = Flags.CF | Flags.PF | Flags.AF | Flags.ZF | Flags.SF | Flags.OF;

    private static void run(TestCpu t, int... code) {
        int[] withHlt = Arrays.copyOf(code, code.length + 1);
        withHlt[code.length] = 0xf4;
        assertEquals(StopReason.HALTED, t.run(CODE, TestCpu.bytes(withHlt), 100));
    }

    private static long status(TestCpu t) {
        return t.cpu.flags.get() & STATUS;
    }

    private static void bcd(int ax, int flagsIn, int expectedAx, int expectedFlags, int... code) {
        TestCpu t = new TestCpu(2);
        t.cpu.gpr[RAX] = 0xabcd_0000L | ax;
        t.cpu.flags.put(flagsIn);
        run(t, code);
        assertEquals(0xabcd_0000L | expectedAx, t.cpu.gpr[RAX], "AX");
        assertEquals(expectedFlags & STATUS, status(t), "flags");
    }

    @Test
    void bcdAdjustmentsMatchTheHost() {
        bcd(0x009a, 0x2, 0x0000, 0x257, 0x27);          // daa: 9a -> 00, CF AF ZF PF
        bcd(0x121a, 0x8c7, 0x1280, 0x293, 0x27);        // daa with CF: 1a -> 80, OF cleared
        bcd(0x1200, 0x12, 0x12fa, 0x297, 0x2f);         // das: the borrow of AL-6 sets CF
        bcd(0x120a, 0x2, 0x1300, 0x257, 0x37);          // aaa: AX+106h, AL masked, ZF PF from the final AL
        bcd(0x1200, 0x12, 0x100a, 0x217, 0x3f);         // aas: AL-6 borrows from AH before AH-1
        bcd(0x003f, 0x2, 0x0603, 0x206, 0xd4, 0x0a);    // aam
        bcd(0x0307, 0x2, 0x0025, 0x212, 0xd5, 0x0a);    // aad: AF of 07h + 1Eh
    }

    @Test
    void aamByZeroIsADivideError() {
        TestCpu t = new TestCpu(2);
        t.cpu.gpr[RAX] = 0x1234;
        CpuException e = DirectExec.raised(t, 0xd4, 0x00);
        assertEquals(CpuException.DE, e.vector);
        assertEquals(0x1234, t.cpu.gpr[RAX]);
    }

    @Test
    void bcdAndFarLoadsOfC4C5AreUndefinedIn64BitMode() {
        for (int[] code : new int[][] {{0x27}, {0x2f}, {0x37}, {0x3f}, {0xd4, 0x0a}, {0xd5, 0x0a}, {0x62, 0x00}, {0xc4, 0x00}, {0xc5, 0x00}}) {
            CpuException e = DirectExec.raised(new TestCpu(3), code);
            assertEquals(CpuException.UD, e.vector, () -> Arrays.toString(code));
        }
    }

    @Test
    void boundChecksSignedBoundsAndRaisesBr() {
        TestCpu t = new TestCpu(2);
        t.memory.write(0x2000, 4, 0xffff_fff0L);   // lower -16
        t.memory.write(0x2004, 4, 100);             // upper 100
        t.cpu.gpr[RBX] = 0x2000;
        for (long index : new long[] {-16, 0, 100}) {
            t.cpu.gpr[RAX] = index & 0xffff_ffffL;
            t.cpu.rip = CODE;
            assertNull(DirectExec.raised(t, 0x62, 0x03), "bound %eax,(%ebx) with " + index);
        }
        for (long index : new long[] {-17, 101, 0x8000_0000L}) {
            t.cpu.gpr[RAX] = index & 0xffff_ffffL;
            assertEquals(CpuException.BR, DirectExec.raised(t, 0x62, 0x03).vector, "index " + index);
        }
    }

    @Test
    void boundIn16BitCodeUsesWordBounds() {
        TestCpu t = new TestCpu(1);
        t.memory.write(0x2000, 2, 5);
        t.memory.write(0x2002, 2, 9);
        t.cpu.gpr[RBX] = 0x2000;
        t.cpu.gpr[RAX] = 0xffff_0009L;   // only AX counts
        assertNull(DirectExec.raised(t, 0x62, 0x07));
        t.cpu.gpr[RAX] = 4;
        assertEquals(CpuException.BR, DirectExec.raised(t, 0x62, 0x07).vector);
    }

    @Test
    void farPointerLoadsIn32BitCode() {
        TestCpu t = new TestCpu(2);
        t.memory.write(t.cpu.gdtBase + 0x10, 8, 0x00cf_9200_0000_ffffL);   // flat writable data, DPL 0
        t.memory.write(0x2000, 4, 0x1122_3344L);
        t.memory.write(0x2004, 2, 0x10);
        t.cpu.gpr[RBX] = 0x2000;
        run(t, 0xc4, 0x03, 0xc5, 0x0b, 0x0f, 0xb4, 0x13, 0x0f, 0xb5, 0x33, 0x0f, 0xb2, 0x23);   // les eax; lds ecx; lfs edx; lgs esi; lss esp
        assertEquals(0x1122_3344L, t.cpu.gpr[RAX]);
        assertEquals(0x1122_3344L, t.cpu.gpr[RCX]);
        assertEquals(0x1122_3344L, t.cpu.gpr[RSP]);
        for (int s : new int[] {Insn.ES, Insn.DS, Insn.FS, Insn.GS, Insn.SS}) assertEquals(0x10, t.cpu.seg[s].selector);
    }

    @Test
    void aFaultingSelectorLeavesTheRegisterUnchanged() {
        TestCpu t = new TestCpu(2);   // GDT entry 5 is zero: not a data segment
        t.memory.write(0x2000, 4, 0x5555L);
        t.memory.write(0x2004, 2, 0x28);
        t.cpu.gpr[RBX] = 0x2000;
        t.cpu.gpr[RAX] = 7;
        assertEquals(CpuException.GP, DirectExec.raised(t, 0x0f, 0xb4, 0x03).vector);
        assertEquals(7, t.cpu.gpr[RAX]);
    }

    @Test
    void farPointerLoadsIn16BitCode() {
        TestCpu t = new TestCpu(1);
        t.memory.write(0x2000, 2, 0xbeef);
        t.memory.write(0x2002, 2, 0x1234);
        t.cpu.gpr[RBX] = 0x2000;
        run(t, 0xc4, 0x07, 0x0f, 0xb2, 0x27);   // les ax,[bx]; lss sp,[bx]
        assertEquals(0xbeef, t.cpu.gpr[RAX]);
        assertEquals(0xbeef, t.cpu.gpr[RSP]);
        assertEquals(0x1234, t.cpu.seg[Insn.ES].selector);
        assertEquals(0x12340, t.cpu.seg[Insn.SS].base);
    }

    @Test
    void movbeSwapsBytesBetweenRegisterAndMemory() {
        TestCpu t = new TestCpu(2);
        t.memory.write(0x2000, 4, 0x1122_3344L);
        t.cpu.gpr[RBX] = 0x2000;
        t.cpu.gpr[RCX] = 0xaabb;
        run(t, 0x0f, 0x38, 0xf0, 0x03, 0x66, 0x0f, 0x38, 0xf1, 0x0b);   // movbe eax,[ebx]; movbe [ebx],cx
        assertEquals(0x4433_2211L, t.cpu.gpr[RAX]);
        assertEquals(0x1122_aabbL & 0xffff_0000L | 0xbbaa, t.memory.read(0x2000, 4));
    }

    @Test
    void movbeWithF2IsNotMovbe() {
        // F2 0F 38 F0 is CRC32 (crc32b (%ebx),%eax): one CRC-32C step over the byte, not a byte-swapping load.
        TestCpu t = new TestCpu(2);
        t.memory.write(0x2000, 4, 0x1122_3344L);
        t.cpu.gpr[RBX] = 0x2000;
        run(t, 0xf2, 0x0f, 0x38, 0xf0, 0x03);
        assertEquals(0x86e1_8aa3L, t.cpu.gpr[RAX]);
    }

    @Test
    void hintsAndReservedNopsDoNothing() {
        TestCpu t = new TestCpu(2);
        t.cpu.gpr[RAX] = 0x3000;
        run(t, 0xf3, 0x0f, 0x1e, 0xfb, 0xf3, 0x0f, 0x1e, 0xfa, 0x0f, 0x18, 0x00, 0x0f, 0x18, 0x08, 0x0f, 0x0d, 0x08,
                0x0f, 0x19, 0xc0, 0x0f, 0x1d, 0x00, 0x0f, 0x18, 0x20, 0x0f, 0x1f, 0x08);
        assertEquals(0x3000, t.cpu.gpr[RAX]);
        assertEquals(CODE + 30, t.cpu.rip);
    }

    @Test
    void ud0AndUd1RaiseUd() {
        assertEquals(CpuException.UD, DirectExec.raised(new TestCpu(2), 0x0f, 0xff, 0x00).vector);
        assertEquals(CpuException.UD, DirectExec.raised(new TestCpu(2), 0x0f, 0xb9, 0xc0).vector);
        assertEquals(CpuException.UD, DirectExec.raised(new TestCpu(1), 0x0f, 0xb9, 0x00).vector);
    }
}

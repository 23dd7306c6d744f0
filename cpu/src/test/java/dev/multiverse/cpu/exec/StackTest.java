package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.multiverse.cpu.Cpu.RAX;
import static dev.multiverse.cpu.Cpu.RBP;
import static dev.multiverse.cpu.Cpu.RBX;
import static dev.multiverse.cpu.Cpu.RCX;
import static dev.multiverse.cpu.Cpu.RDI;
import static dev.multiverse.cpu.Cpu.RDX;
import static dev.multiverse.cpu.Cpu.RSI;
import static dev.multiverse.cpu.Cpu.RSP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class StackTest {
    private static final long CODE = 0x1000;
    private static final long GDT = 0x500;

    private static void run(TestCpu t, int... code) {
        int[] withHlt = Arrays.copyOf(code, code.length + 1);
        withHlt[code.length] = 0xf4;
        assertEquals(StopReason.HALTED, t.run(CODE, TestCpu.bytes(withHlt), 1000));
    }

    /** Runs exactly {@code count} instructions without HLT (for code at CPL &gt; 0, where HLT faults). */
    private static void runInstructions(TestCpu t, int count, int... code) {
        assertEquals(StopReason.BUDGET, t.run(CODE, TestCpu.bytes(code), count));
    }

    private static long read(TestCpu t, long address, int size) {
        return t.cpu.mmu.read(address, size, false);
    }

    private static void write(TestCpu t, long address, int size, long value) {
        t.memory.write(address, size, value);
    }

    /** A GDT with flat 32-bit code at 0x08 and flat data at 0x10 and 0x18. */
    private static void installGdt(TestCpu t) {
        write(t, GDT + 0x08, 8, 0x00cf_9a00_0000_ffffL);
        write(t, GDT + 0x10, 8, 0x00cf_9200_0000_ffffL);
        write(t, GDT + 0x18, 8, 0x00cf_9200_0000_ffffL);
        t.cpu.gdtBase = GDT;
        t.cpu.gdtLimit = 0x1f;
    }

    // ---- PUSH / POP ----

    @Test
    void pushAndPopRegistersIncludingRexOnes() {
        TestCpu t = new TestCpu(3);
        t.cpu.gpr[RSP] = 0x8000;
        t.cpu.gpr[RAX] = 0x1111_2222_3333_4444L;
        t.cpu.gpr[12] = 0x5555_6666_7777_8888L;
        run(t, 0x50, 0x41, 0x54, 0x5b, 0x41, 0x5d);   // push rax; push r12; pop rbx; pop r13
        assertEquals(0x5555_6666_7777_8888L, t.cpu.gpr[RBX]);
        assertEquals(0x1111_2222_3333_4444L, t.cpu.gpr[13]);
        assertEquals(0x8000, t.cpu.gpr[RSP]);
        assertEquals(0x1111_2222_3333_4444L, read(t, 0x7ff8, 8));
    }

    @Test
    void pushRspPushesTheOldValueAndPopRspKeepsThePoppedOne() {
        TestCpu t = new TestCpu(3);
        t.cpu.gpr[RSP] = 0x8000;
        run(t, 0x54);
        assertEquals(0x8000, read(t, 0x7ff8, 8));
        assertEquals(0x7ff8, t.cpu.gpr[RSP]);
        write(t, 0x7ff8, 8, 0x1234_5678);
        run(t, 0x5c);
        assertEquals(0x1234_5678, t.cpu.gpr[RSP]);
    }

    @Test
    void operandSizePrefixMakes64BitModePushes16Bit() {
        TestCpu t = new TestCpu(3);
        t.cpu.gpr[RSP] = 0x8000;
        t.cpu.gpr[RAX] = 0xabcd;
        t.cpu.gpr[RCX] = 0x1111_2222_3333_4444L;
        run(t, 0x66, 0x50, 0x66, 0x59);                // push ax; pop cx
        assertEquals(0x1111_2222_3333_abcdL, t.cpu.gpr[RCX]);
        assertEquals(0x8000, t.cpu.gpr[RSP]);
        assertEquals(0xabcd, read(t, 0x7ffe, 2));
    }

    @Test
    void pushImmediatesSignExtendToTheOperandSize() {
        TestCpu t = new TestCpu(3);
        t.cpu.gpr[RSP] = 0x8000;
        run(t, 0x68, 0x78, 0x56, 0x34, 0x12);          // push 0x12345678
        assertEquals(0x12345678L, read(t, 0x7ff8, 8));
        run(t, 0x68, 0x00, 0x00, 0x00, 0x80);          // push -0x80000000
        assertEquals(0xffff_ffff_8000_0000L, read(t, 0x7ff0, 8));
        run(t, 0x6a, 0xff);                            // push -1
        assertEquals(-1L, read(t, 0x7fe8, 8));
        run(t, 0x66, 0x68, 0x34, 0x12);                // pushw 0x1234
        assertEquals(0x7fe6, t.cpu.gpr[RSP]);
        assertEquals(0x1234, read(t, 0x7fe6, 2));
        run(t, 0x66, 0x6a, 0x80);                      // pushw -128
        assertEquals(0xff80, read(t, 0x7fe4, 2));
    }

    @Test
    void pushAndPopMemoryOperands() {
        TestCpu t = new TestCpu(3);
        t.cpu.gpr[RSP] = 0x8000;
        t.cpu.gpr[RBX] = 0x9000;
        write(t, 0x9000, 8, 0x0102_0304_0506_0708L);
        run(t, 0xff, 0x33, 0x8f, 0x43, 0x08);          // push qword [rbx]; pop qword [rbx+8]
        assertEquals(0x0102_0304_0506_0708L, read(t, 0x9008, 8));
        assertEquals(0x8000, t.cpu.gpr[RSP]);
    }

    @Test
    void popToRspBasedMemoryAddressesWithTheIncrementedRsp() {
        TestCpu t = new TestCpu(3);
        t.cpu.gpr[RSP] = 0x8000;
        write(t, 0x8000, 8, 0xaaaa);
        write(t, 0x8008, 8, 0xbbbb);
        run(t, 0x8f, 0x04, 0x24);                      // pop qword [rsp]
        assertEquals(0x8008, t.cpu.gpr[RSP]);
        assertEquals(0xaaaa, read(t, 0x8008, 8));
    }

    @Test
    void faultingPopToMemoryLeavesRspAlone() {
        TestCpu t = new TestCpu(3);
        IdentityPaging.enable(t);
        IdentityPaging.unmap(t, 0x9000);
        t.cpu.gpr[RSP] = 0x8000;
        t.cpu.gpr[RBX] = 0x9000;
        t.memory.load(CODE, TestCpu.bytes(0x8f, 0x03));
        t.cpu.rip = CODE;
        assertEquals(StopReason.TRIPLE_FAULT, t.interpreter.run(10));
        assertEquals(0x8000, t.cpu.gpr[RSP]);
        assertEquals(0x9000, t.cpu.cr2);
    }

    @Test
    void popRegistersIn32And16BitCode() {
        TestCpu t = new TestCpu(2);
        t.cpu.gpr[RSP] = 0x8000;
        t.cpu.gpr[RAX] = 0x1234_5678;
        run(t, 0x50, 0x66, 0x50, 0x66, 0x5a, 0x5b);    // push eax; push ax; pop dx; pop ebx
        assertEquals(0x5678, t.cpu.gpr[RDX]);
        assertEquals(0x1234_5678, t.cpu.gpr[RBX]);
        assertEquals(0x8000, t.cpu.gpr[RSP]);

        TestCpu r = new TestCpu(1);
        r.cpu.gpr[RSP] = 0xdead_0000L;                 // SP = 0 wraps to 0xfffe; the upper half stays
        r.cpu.gpr[RAX] = 0xbeef;
        run(r, 0x50, 0x5b);                            // push ax; pop bx
        assertEquals(0xbeef, r.cpu.gpr[RBX]);
        assertEquals(0xbeef, read(r, 0xfffe, 2));
        assertEquals(0xdead_0000L, r.cpu.gpr[RSP]);
    }

    // ---- segment registers ----

    @Test
    void pushSegmentWritesTheSelectorOnlyAndPopLoadsIt() {
        TestCpu t = new TestCpu(3);
        installGdt(t);
        t.cpu.gpr[RSP] = 0x8000;
        write(t, 0x7ff8, 8, 0xaaaa_aaaa_aaaa_aaaaL);
        t.cpu.seg[Insn.FS].selector = 0x18;
        run(t, 0x0f, 0xa0);                            // push fs
        assertEquals(0x7ff8, t.cpu.gpr[RSP]);
        assertEquals(0xaaaa_aaaa_aaaa_0018L, read(t, 0x7ff8, 8), "a 16-bit store into the 64-bit slot");
        run(t, 0x0f, 0xa9);                            // pop gs
        assertEquals(0x18, t.cpu.seg[Insn.GS].selector);
        assertEquals(0x8000, t.cpu.gpr[RSP]);
        write(t, 0x7ffe, 2, 0);
        t.cpu.gpr[RSP] = 0x7ffe;
        run(t, 0x66, 0x0f, 0xa1);                      // 16-bit pop fs of a null selector
        assertEquals(0, t.cpu.seg[Insn.FS].selector);
        assertEquals(0x8000, t.cpu.gpr[RSP]);
        t.cpu.seg[Insn.GS].selector = 0x10;
        run(t, 0x66, 0x0f, 0xa8);                      // 16-bit push gs
        assertEquals(0x7ffe, t.cpu.gpr[RSP]);
        assertEquals(0x10, read(t, 0x7ffe, 2));
    }

    @Test
    void legacySegmentPushesAndPopsIn32BitCode() {
        TestCpu t = new TestCpu(2);
        installGdt(t);
        t.cpu.gpr[RSP] = 0x8000;
        t.cpu.seg[Insn.ES].selector = 0x18;
        // push cs; push ss; push es; pop ds; pop es; pop eax
        run(t, 0x0e, 0x16, 0x06, 0x1f, 0x07, 0x58);
        assertEquals(0x18, t.cpu.seg[Insn.DS].selector);
        assertEquals(0x10, t.cpu.seg[Insn.ES].selector, "SS's selector");
        assertEquals(0x08, t.cpu.gpr[RAX] & 0xffff, "CS's selector");
        assertEquals(0x8000, t.cpu.gpr[RSP]);
        write(t, 0x7ffc, 4, 0x10);
        t.cpu.gpr[RSP] = 0x7ffc;
        run(t, 0x17);                                  // pop ss
        assertEquals(0x10, t.cpu.seg[Insn.SS].selector);
        assertEquals(0x8000, t.cpu.gpr[RSP]);
    }

    @Test
    void popSegmentThatFaultsLeavesTheStackPointer() {
        TestCpu t = new TestCpu(2);
        installGdt(t);
        t.cpu.gpr[RSP] = 0x7ffc;
        write(t, 0x7ffc, 4, 0x08);                     // a code segment cannot be loaded into SS
        CpuException e = DirectExec.raised(t, 0x17);
        assertNotNull(e);
        assertEquals(CpuException.GP, e.vector);
        assertEquals(0x08, e.errorCode);
        assertEquals(0x7ffc, t.cpu.gpr[RSP]);
    }

    @Test
    void popDsInRealModeLoadsTheBase() {
        TestCpu t = new TestCpu(1);
        t.cpu.gpr[RSP] = 0x8000;
        write(t, 0x8000, 2, 0x1234);
        run(t, 0x1f);
        assertEquals(0x1234, t.cpu.seg[Insn.DS].selector);
        assertEquals(0x12340, t.cpu.seg[Insn.DS].base);
        assertEquals(0x8002, t.cpu.gpr[RSP]);
    }

    @Test
    void legacyOnlyStackOpcodesAreUndefinedIn64BitMode() {
        TestCpu t = new TestCpu(3);
        for (int op : new int[]{0x06, 0x07, 0x0e, 0x16, 0x17, 0x1e, 0x1f, 0x60, 0x61}) {
            CpuException e = DirectExec.raised(t, op);
            assertNotNull(e, "opcode " + Integer.toHexString(op));
            assertEquals(CpuException.UD, e.vector);
        }
    }

    // ---- PUSHA / POPA ----

    @Test
    void pushadAndPopadIn32BitCode() {
        TestCpu t = new TestCpu(2);
        t.cpu.gpr[RSP] = 0x8000;
        for (int r = 0; r < 8; r++) {
            if (r != RSP) t.cpu.gpr[r] = 0x1000_0000L * (r + 1) + r;
        }
        run(t, 0x60);
        assertEquals(0x8000 - 32, t.cpu.gpr[RSP]);
        for (int r = 0; r < 8; r++) {
            long expected = r == RSP ? 0x8000 : 0x1000_0000L * (r + 1) + r;
            assertEquals(expected, read(t, 0x8000 - 4L * (r + 1), 4), "slot of register " + r);
        }
        for (int r = 0; r < 8; r++) {
            if (r != RSP) t.cpu.gpr[r] = 0;
        }
        write(t, 0x8000 - 20, 4, 0x4444);              // the saved ESP is ignored
        run(t, 0x61);
        assertEquals(0x8000, t.cpu.gpr[RSP]);
        for (int r = 0; r < 8; r++) {
            if (r != RSP) assertEquals(0x1000_0000L * (r + 1) + r, t.cpu.gpr[r]);
        }
    }

    @Test
    void pushaAndPopaIn16BitCodeMergeWords() {
        TestCpu t = new TestCpu(1);
        t.cpu.gpr[RSP] = 0x8000;
        t.cpu.gpr[RAX] = 0xaaaa_1111L;
        t.cpu.gpr[RSI] = 0xbbbb_2222L;
        t.cpu.gpr[RDI] = 0x3333;
        run(t, 0x60);
        assertEquals(0x8000 - 16, t.cpu.gpr[RSP]);
        assertEquals(0x1111, read(t, 0x7ffe, 2));
        assertEquals(0x8000, read(t, 0x7ff6, 2));
        assertEquals(0x3333, read(t, 0x7ff0, 2));
        write(t, 0x7ffe, 2, 0x9999);
        run(t, 0x61);
        assertEquals(0xaaaa_9999L, t.cpu.gpr[RAX]);
        assertEquals(0xbbbb_2222L, t.cpu.gpr[RSI]);
        assertEquals(0x8000, t.cpu.gpr[RSP]);
    }

    // ---- PUSHF / POPF ----

    @Test
    void pushfClearsRfAndVmInTheImage() {
        TestCpu t = new TestCpu(3);
        t.cpu.gpr[RSP] = 0x8000;
        t.cpu.flags.put(Flags.RF | Flags.AC | Flags.CF | Flags.DF | 2);
        run(t, 0x9c);
        assertEquals(Flags.AC | Flags.CF | Flags.DF | 2, read(t, 0x7ff8, 8));
        run(t, 0x66, 0x9c);
        assertEquals(0x7ff6, t.cpu.gpr[RSP]);
        assertEquals(Flags.CF | Flags.DF | 2, read(t, 0x7ff6, 2));
    }

    @Test
    void popfAtCpl0WritesEverythingButRfVmVipVif() {
        TestCpu t = new TestCpu(3);
        t.cpu.gpr[RSP] = 0x8000;
        long image = Flags.STATUS | Flags.TF | Flags.IF | Flags.DF | Flags.IOPL | Flags.NT | Flags.RF | Flags.VM
                | Flags.AC | Flags.VIF | Flags.VIP | Flags.ID;
        write(t, 0x8000, 8, image);
        t.cpu.flags.put(Flags.RF | 2);
        runInstructions(t, 1, 0x9d);
        long expected = Flags.STATUS | Flags.TF | Flags.IF | Flags.DF | Flags.IOPL | Flags.NT | Flags.AC | Flags.ID | 2;
        assertEquals(expected, t.cpu.flags.get());
        assertEquals(0x8008, t.cpu.gpr[RSP]);
    }

    @Test
    void popfAboveIoplKeepsIfAndIopl() {
        TestCpu t = new TestCpu(3);
        t.cpu.cpl = 3;
        t.cpu.gpr[RSP] = 0x8000;
        write(t, 0x8000, 8, Flags.CF | Flags.ZF | Flags.IOPL | Flags.DF);
        t.cpu.flags.put(Flags.IF | 2);
        runInstructions(t, 1, 0x9d);
        assertEquals(Flags.CF | Flags.ZF | Flags.DF | Flags.IF | 2, t.cpu.flags.get());
    }

    @Test
    void popfAtIoplMayChangeIfButNotIopl() {
        TestCpu t = new TestCpu(3);
        t.cpu.cpl = 1;
        t.cpu.gpr[RSP] = 0x8000;
        write(t, 0x8000, 8, Flags.CF);
        t.cpu.flags.put(Flags.IF | (1 << 12) | 2);
        runInstructions(t, 1, 0x9d);
        assertEquals(Flags.CF | (1 << 12) | 2, t.cpu.flags.get());
    }

    @Test
    void sixteenBitPopfKeepsTheUpperHalf() {
        TestCpu t = new TestCpu(3);
        t.cpu.gpr[RSP] = 0x8000;
        write(t, 0x8000, 2, Flags.IOPL | Flags.NT | Flags.OF);
        t.cpu.flags.put(Flags.AC | Flags.ID | Flags.RF | Flags.CF | 2);
        runInstructions(t, 1, 0x66, 0x9d);
        // RF is the exception: POPF, like every instruction, clears it as it begins (SDM POPF, note 1).
        assertEquals(Flags.AC | Flags.ID | Flags.IOPL | Flags.NT | Flags.OF | 2, t.cpu.flags.get());
        assertEquals(0x8002, t.cpu.gpr[RSP]);
    }

    @Test
    void popfInRealModeWritesIopl() {
        TestCpu t = new TestCpu(1);
        t.cpu.gpr[RSP] = 0x8000;
        write(t, 0x8000, 2, Flags.IOPL | Flags.IF | 2);
        runInstructions(t, 1, 0x9d);
        assertEquals(Flags.IOPL | Flags.IF | 2, t.cpu.flags.get());
    }

    /** A 16-bit core in virtual-8086 mode at the given IOPL. */
    private static TestCpu virtual8086(int iopl) {
        TestCpu t = new TestCpu(1);
        t.cpu.cr0 |= Cpu.CR0_PE;
        t.cpu.cpl = 3;
        t.cpu.flags.put(Flags.VM | ((long) iopl << 12) | 2);
        t.cpu.gpr[RSP] = 0x8000;
        return t;
    }

    @Test
    void virtual8086PushfAndPopfNeedIopl3() {
        TestCpu t = virtual8086(0);
        assertEquals(CpuException.GP, DirectExec.raised(t, 0x9c).vector);
        assertEquals(CpuException.GP, DirectExec.raised(t, 0x9d).vector);
        assertEquals(0x8000, t.cpu.gpr[RSP]);

        TestCpu u = virtual8086(3);
        write(u, 0x8000, 4, Flags.IF | Flags.CF | Flags.RF);
        assertNull(DirectExec.raised(u, 0x66, 0x9d));  // popfd: IOPL stays, VM stays, RF is cleared
        assertEquals(Flags.VM | Flags.IOPL | Flags.IF | Flags.CF | 2, u.cpu.flags.get());
        assertNull(DirectExec.raised(u, 0x9c));
        assertEquals(Flags.IOPL | Flags.IF | Flags.CF | 2, read(u, 0x8002, 2));
    }

    @Test
    void virtual8086ModeExtensionsVirtualizeIf() {
        TestCpu t = virtual8086(0);
        t.cpu.cr4 |= 1;                                // CR4.VME
        t.cpu.flags.setBit(Flags.VIF, true);
        assertNull(DirectExec.raised(t, 0x9c));
        assertEquals(Flags.IF | Flags.IOPL | 2, read(t, 0x7ffe, 2), "IF shows VIF, IOPL shows 3");
        assertEquals(CpuException.GP, DirectExec.raised(t, 0x66, 0x9c).vector, "only the 16-bit form");

        write(t, 0x7ffe, 2, Flags.CF | Flags.IOPL);    // IF clear in the image: VIF is cleared
        assertNull(DirectExec.raised(t, 0x9d));
        assertEquals(Flags.VM | Flags.CF | 2, t.cpu.flags.get());
        assertEquals(0x8000, t.cpu.gpr[RSP]);

        t.cpu.gpr[RSP] = 0x7ffe;
        write(t, 0x7ffe, 2, Flags.TF);
        assertEquals(CpuException.GP, DirectExec.raised(t, 0x9d).vector, "TF in the image");
    }

    // ---- ENTER / LEAVE ----

    @Test
    void enterAndLeaveWithoutNesting() {
        TestCpu t = new TestCpu(3);
        t.cpu.gpr[RSP] = 0x8000;
        t.cpu.gpr[RBP] = 0x1234;
        run(t, 0xc8, 0x10, 0x00, 0x00);               // enter 0x10, 0
        assertEquals(0x1234, read(t, 0x7ff8, 8));
        assertEquals(0x7ff8, t.cpu.gpr[RBP]);
        assertEquals(0x7fe8, t.cpu.gpr[RSP]);
        run(t, 0xc9);                                  // leave
        assertEquals(0x1234, t.cpu.gpr[RBP]);
        assertEquals(0x8000, t.cpu.gpr[RSP]);
    }

    @Test
    void enterWithNestingCopiesTheDisplay() {
        TestCpu t = new TestCpu(3);
        t.cpu.gpr[RSP] = 0x8000;
        t.cpu.gpr[RBP] = 0x9000;
        write(t, 0x8ff8, 8, 0x1111);
        write(t, 0x8ff0, 8, 0x2222);
        run(t, 0xc8, 0x08, 0x00, 0x03);               // enter 8, 3
        assertEquals(0x9000, read(t, 0x7ff8, 8));
        assertEquals(0x1111, read(t, 0x7ff0, 8));
        assertEquals(0x2222, read(t, 0x7fe8, 8));
        assertEquals(0x7ff8, read(t, 0x7fe0, 8));
        assertEquals(0x7ff8, t.cpu.gpr[RBP]);
        assertEquals(0x7fd8, t.cpu.gpr[RSP]);

        t.cpu.gpr[RSP] = 0x8000;
        t.cpu.gpr[RBP] = 0x9000;
        run(t, 0xc8, 0x08, 0x00, 0x01);               // enter 8, 1
        assertEquals(0x9000, read(t, 0x7ff8, 8));
        assertEquals(0x7ff8, read(t, 0x7ff0, 8));
        assertEquals(0x7ff8, t.cpu.gpr[RBP]);
        assertEquals(0x7fe8, t.cpu.gpr[RSP]);

        t.cpu.gpr[RSP] = 0x8000;
        t.cpu.gpr[RBP] = 0x9000;
        run(t, 0xc8, 0x00, 0x00, 0x21);               // the level is taken modulo 32: enter 0, 1
        assertEquals(0x7ff0, t.cpu.gpr[RSP]);
    }

    @Test
    void sixteenBitEnterAndLeaveIn32BitCode() {
        TestCpu t = new TestCpu(2);
        t.cpu.gpr[RSP] = 0x8000;
        t.cpu.gpr[RBP] = 0xaaaa_bbbbL;
        run(t, 0x66, 0xc8, 0x04, 0x00, 0x00);          // enter 4, 0 with a 16-bit operand
        assertEquals(0xbbbb, read(t, 0x7ffe, 2));
        assertEquals(0xaaaa_7ffeL, t.cpu.gpr[RBP]);
        assertEquals(0x7ffa, t.cpu.gpr[RSP]);
        t.cpu.gpr[RBP] = 0x7ffe;
        run(t, 0x66, 0xc9);                            // 16-bit leave
        assertEquals(0xbbbb, t.cpu.gpr[RBP]);
        assertEquals(0x8000, t.cpu.gpr[RSP]);
    }

    @Test
    void enterChecksTheFinalStackPointerBeforeChangingRegisters() {
        TestCpu t = new TestCpu(3);
        IdentityPaging.enable(t);
        IdentityPaging.unmap(t, 0x5000);
        t.cpu.gpr[RSP] = 0x8000;
        t.cpu.gpr[RBP] = 0x1234;
        t.memory.load(CODE, TestCpu.bytes(0xc8, 0x00, 0x20, 0x00));   // enter 0x2000, 0
        t.cpu.rip = CODE;
        assertEquals(StopReason.TRIPLE_FAULT, t.interpreter.run(10));
        assertEquals(0x5ff8, t.cpu.cr2);
        assertEquals(0x8000, t.cpu.gpr[RSP]);
        assertEquals(0x1234, t.cpu.gpr[RBP]);
    }

    @Test
    void leaveReadsBeforeMovingTheStack() {
        TestCpu t = new TestCpu(3);
        IdentityPaging.enable(t);
        IdentityPaging.unmap(t, 0x9000);
        t.cpu.gpr[RSP] = 0x8000;
        t.cpu.gpr[RBP] = 0x9000;
        t.memory.load(CODE, TestCpu.bytes(0xc9));
        t.cpu.rip = CODE;
        assertEquals(StopReason.TRIPLE_FAULT, t.interpreter.run(10));
        assertEquals(0x8000, t.cpu.gpr[RSP]);
        assertEquals(0x9000, t.cpu.gpr[RBP]);
    }
}

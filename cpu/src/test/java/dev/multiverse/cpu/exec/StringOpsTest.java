package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.StopReason;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.mmu.PortHandler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.multiverse.cpu.Cpu.RAX;
import static dev.multiverse.cpu.Cpu.RCX;
import static dev.multiverse.cpu.Cpu.RDI;
import static dev.multiverse.cpu.Cpu.RDX;
import static dev.multiverse.cpu.Cpu.RSI;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StringOpsTest {
    private static final long CODE = 0x1000;
    private static final long SRC = 0x10000, DST = 0x30000;

    /** Runs {@code code} followed by HLT at {@link #CODE}; returns the instructions retired (HLT included). */
    private static long run(TestCpu t, int... code) {
        int[] withHlt = Arrays.copyOf(code, code.length + 1);
        withHlt[code.length] = 0xf4;
        long before = t.cpu.instructions;
        assertEquals(StopReason.HALTED, t.run(CODE, TestCpu.bytes(withHlt), 1_000_000));
        return t.cpu.instructions - before;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void setDf(TestCpu t, boolean on) {
        t.cpu.flags.setBit(Flags.DF, on);
    }

    // ---- MOVS ----

    @Test
    void singleMovsMovesOneElementOfEachWidthBothDirections() {
        int[][] forms = {{0xa4}, {0x66, 0xa5}, {0xa5}, {0x48, 0xa5}};
        int[] sizes = {1, 2, 4, 8};
        byte[] data = random(16, 1);
        for (int f = 0; f < forms.length; f++) {
            for (boolean df : new boolean[]{false, true}) {
                TestCpu t = new TestCpu(3);
                t.memory.load(SRC, data);
                setDf(t, df);
                t.cpu.gpr[RSI] = SRC;
                t.cpu.gpr[RDI] = DST;
                t.cpu.gpr[RCX] = 77;
                run(t, forms[f]);
                int size = sizes[f];
                byte[] expected = new byte[16];
                System.arraycopy(data, 0, expected, 0, size);
                assertArrayEquals(expected, t.memory.dump(DST, 16), "width " + size);
                long delta = df ? -size : size;
                assertEquals(SRC + delta, t.cpu.gpr[RSI]);
                assertEquals(DST + delta, t.cpu.gpr[RDI]);
                assertEquals(77, t.cpu.gpr[RCX], "without REP the count is not used");
            }
        }
    }

    @Test
    void repMovsbCopiesAcrossPagesAsOneInstruction() {
        TestCpu t = new TestCpu(3);
        byte[] data = random(10_000, 2);
        long src = SRC + 0x123, dst = DST + 0xf01;
        t.memory.load(src, data);
        t.memory.load(dst - 1, new byte[]{0x5a});
        t.memory.load(dst + data.length, new byte[]{0x6b});
        t.cpu.gpr[RSI] = src;
        t.cpu.gpr[RDI] = dst;
        t.cpu.gpr[RCX] = data.length;
        assertEquals(2, run(t, 0xf3, 0xa4));
        assertArrayEquals(data, t.memory.dump(dst, data.length));
        assertEquals(0x5a, t.memory.dump(dst - 1, 1)[0]);
        assertEquals(0x6b, t.memory.dump(dst + data.length, 1)[0]);
        assertEquals(0, t.cpu.gpr[RCX]);
        assertEquals(src + data.length, t.cpu.gpr[RSI]);
        assertEquals(dst + data.length, t.cpu.gpr[RDI]);
    }

    @Test
    void repMovsEveryWidthForwardAndBackward() {
        int[][] forms = {{0xf3, 0xa4}, {0x66, 0xf3, 0xa5}, {0xf3, 0xa5}, {0xf3, 0x48, 0xa5}};
        int[] sizes = {1, 2, 4, 8};
        for (int f = 0; f < forms.length; f++) {
            for (boolean df : new boolean[]{false, true}) {
                int size = sizes[f], count = 1000;
                TestCpu t = new TestCpu(3);
                byte[] data = random(size * count, f);
                t.memory.load(SRC, data);
                setDf(t, df);
                long last = (long) (count - 1) * size;
                t.cpu.gpr[RSI] = df ? SRC + last : SRC;
                t.cpu.gpr[RDI] = df ? DST + last : DST;
                t.cpu.gpr[RCX] = count;
                run(t, forms[f]);
                assertArrayEquals(data, t.memory.dump(DST, data.length), "width " + size + " df " + df);
                long end = df ? -size : (long) count * size;
                assertEquals(SRC + end, t.cpu.gpr[RSI]);
                assertEquals(DST + end, t.cpu.gpr[RDI]);
                assertEquals(0, t.cpu.gpr[RCX]);
            }
        }
    }

    @Test
    void overlappingForwardMovsbReplicatesLikeTheElementLoop() {
        TestCpu t = new TestCpu(3);
        t.memory.load(SRC, new byte[]{'a', 'b', 'c'});
        t.cpu.gpr[RSI] = SRC;
        t.cpu.gpr[RDI] = SRC + 3;
        t.cpu.gpr[RCX] = 5000;
        run(t, 0xf3, 0xa4);
        byte[] got = t.memory.dump(SRC, 5003);
        for (int k = 0; k < got.length; k++) {
            assertEquals("abc".charAt(k % 3), (char) got[k], "byte " + k);
        }
    }

    @Test
    void overlappingBackwardMovsqMovesDataDown() {
        TestCpu t = new TestCpu(3);
        byte[] data = random(8 * 600, 3);
        t.memory.load(SRC + 4, data);
        t.cpu.gpr[RSI] = SRC + 4;
        t.cpu.gpr[RDI] = SRC;
        t.cpu.gpr[RCX] = 600;
        run(t, 0xf3, 0x48, 0xa5);
        assertArrayEquals(data, t.memory.dump(SRC, data.length));
    }

    @Test
    void repnePrefixRepeatsMovsToo() {
        TestCpu t = new TestCpu(3);
        byte[] data = random(100, 4);
        t.memory.load(SRC, data);
        t.cpu.gpr[RSI] = SRC;
        t.cpu.gpr[RDI] = DST;
        t.cpu.gpr[RCX] = 100;
        run(t, 0xf2, 0xa4);
        assertArrayEquals(data, t.memory.dump(DST, 100));
        assertEquals(0, t.cpu.gpr[RCX]);
    }

    @Test
    void countZeroChangesNothing() {
        TestCpu t = new TestCpu(3);
        t.memory.load(SRC, new byte[]{1, 2, 3});
        t.cpu.gpr[RSI] = SRC;
        t.cpu.gpr[RDI] = DST;
        t.cpu.gpr[RCX] = 0;
        t.cpu.gpr[RAX] = 0x99;
        t.cpu.flags.put(Flags.CF | Flags.ZF | 2);
        run(t, 0xf3, 0xa4, 0xf3, 0xaa, 0xf3, 0xa6, 0xf2, 0xae, 0xf3, 0xac);
        assertArrayEquals(new byte[3], t.memory.dump(DST, 3));
        assertEquals(SRC, t.cpu.gpr[RSI]);
        assertEquals(DST, t.cpu.gpr[RDI]);
        assertEquals(0x99, t.cpu.gpr[RAX]);
        assertEquals(Flags.CF | Flags.ZF | 2, t.cpu.flags.get());
    }

    // ---- STOS ----

    @Test
    void repStosFillsEveryWidthWithUniformAndPatternedValues() {
        int[][] forms = {{0xf3, 0xaa}, {0x66, 0xf3, 0xab}, {0xf3, 0xab}, {0xf3, 0x48, 0xab}};
        int[] sizes = {1, 2, 4, 8};
        long[] values = {0, 0xffff_ffff_ffff_ffffL, 0x1122_3344_5566_7788L};
        for (int f = 0; f < forms.length; f++) {
            for (long value : values) {
                for (boolean df : new boolean[]{false, true}) {
                    int size = sizes[f], count = 1500;
                    TestCpu t = new TestCpu(3);
                    setDf(t, df);
                    long last = (long) (count - 1) * size;
                    t.cpu.gpr[RDI] = (df ? DST + last : DST) + 3;
                    t.cpu.gpr[RCX] = count;
                    t.cpu.gpr[RAX] = value;
                    run(t, forms[f]);
                    byte[] got = t.memory.dump(DST + 3, count * size);
                    for (int k = 0; k < got.length; k++) {
                        assertEquals((byte) (value >>> (8 * (k % size))), got[k], "width " + size + " byte " + k);
                    }
                    assertEquals(0, t.memory.dump(DST + 3 + (long) count * size, 1)[0]);
                    assertEquals(0, t.memory.dump(DST + 2, 1)[0]);
                    assertEquals(DST + 3 + (df ? -size : (long) count * size), t.cpu.gpr[RDI]);
                }
            }
        }
    }

    @Test
    void stosIntoItsOwnCodePageRunsTheNewCode() {
        TestCpu t = new TestCpu(3);
        // rep stosb overwrites the UD2s after it with NOPs; the stale decoded block must not run.
        int[] code = new int[2 + 200];
        code[0] = 0xf3;
        code[1] = 0xaa;
        for (int k = 2; k < code.length; k += 2) {
            code[k] = 0x0f;
            code[k + 1] = 0x0b;
        }
        t.cpu.idtLimit = 0;
        t.cpu.gpr[RDI] = CODE + 2;
        t.cpu.gpr[RCX] = 200;
        t.cpu.gpr[RAX] = 0x90;
        run(t, code);
        assertEquals(CODE + 2 + 200 + 1, t.cpu.rip);
    }

    @Test
    void longRepRestartsItselfBetweenStepsUntilDone() {
        TestCpu t = new TestCpu(3);
        int count = 200_000;
        t.cpu.gpr[RDI] = 0x40000;
        t.cpu.gpr[RCX] = count;
        t.cpu.gpr[RAX] = 0x42;
        long steps = (count + StringOps.ELEMENTS_PER_STEP - 1) / StringOps.ELEMENTS_PER_STEP;
        assertEquals(steps + 1, run(t, 0xf3, 0xaa));
        byte[] expected = new byte[count];
        Arrays.fill(expected, (byte) 0x42);
        assertArrayEquals(expected, t.memory.dump(0x40000, count));
        assertEquals(0, t.cpu.gpr[RCX]);
        assertEquals(0x40000 + count, t.cpu.gpr[RDI]);
    }

    // ---- LODS ----

    @Test
    void lodsLoadsTheAccumulatorWithItsWidthRules() {
        TestCpu t = new TestCpu(3);
        t.memory.load(SRC, new byte[]{0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88});
        t.cpu.gpr[RSI] = SRC;
        t.cpu.gpr[RAX] = 0xaaaa_bbbb_cccc_dd00L;
        run(t, 0xac);
        assertEquals(0xaaaa_bbbb_cccc_dd11L, t.cpu.gpr[RAX], "LODSB merges into AL");
        assertEquals(SRC + 1, t.cpu.gpr[RSI]);
        t.cpu.gpr[RSI] = SRC;
        t.cpu.gpr[RCX] = 2;
        t.cpu.gpr[RAX] = -1;
        run(t, 0xf3, 0xad);
        assertEquals(0x8877_6655L, t.cpu.gpr[RAX], "REP LODSD keeps the last dword, zero-extended");
        assertEquals(SRC + 8, t.cpu.gpr[RSI]);
        assertEquals(0, t.cpu.gpr[RCX]);
    }

    // ---- CMPS / SCAS ----

    @Test
    void repeCmpsbStopsAfterTheFirstDifference() {
        TestCpu t = new TestCpu(3);
        t.memory.load(SRC, "hello world".getBytes());
        t.memory.load(DST, "hello_world".getBytes());
        t.cpu.gpr[RSI] = SRC;
        t.cpu.gpr[RDI] = DST;
        t.cpu.gpr[RCX] = 11;
        run(t, 0xf3, 0xa6);
        assertEquals(5, t.cpu.gpr[RCX]);
        assertEquals(SRC + 6, t.cpu.gpr[RSI]);
        assertEquals(DST + 6, t.cpu.gpr[RDI]);
        assertFalse(t.cpu.flags.zf());
        assertTrue(t.cpu.flags.cf(), "' ' - '_' borrows");
    }

    @Test
    void repeCmpsRunsOutOnEqualData() {
        TestCpu t = new TestCpu(3);
        byte[] data = random(800, 5);
        t.memory.load(SRC, data);
        t.memory.load(DST, data);
        t.cpu.gpr[RSI] = SRC;
        t.cpu.gpr[RDI] = DST;
        t.cpu.gpr[RCX] = 100;
        run(t, 0xf3, 0x48, 0xa7);
        assertEquals(0, t.cpu.gpr[RCX]);
        assertEquals(SRC + 800, t.cpu.gpr[RSI]);
        assertTrue(t.cpu.flags.zf());
    }

    @Test
    void repneCmpsbStopsAtTheFirstMatch() {
        TestCpu t = new TestCpu(3);
        t.memory.load(SRC, "abcXe".getBytes());
        t.memory.load(DST, "zzzXz".getBytes());
        t.cpu.gpr[RSI] = SRC;
        t.cpu.gpr[RDI] = DST;
        t.cpu.gpr[RCX] = 5;
        run(t, 0xf2, 0xa6);
        assertEquals(1, t.cpu.gpr[RCX]);
        assertEquals(SRC + 4, t.cpu.gpr[RSI]);
        assertTrue(t.cpu.flags.zf());
    }

    @Test
    void backwardCmpswComparesDownwards() {
        TestCpu t = new TestCpu(3);
        t.memory.load(SRC, new byte[]{1, 0, 2, 0, 3, 0});
        t.memory.load(DST, new byte[]{9, 0, 2, 0, 3, 0});
        setDf(t, true);
        t.cpu.gpr[RSI] = SRC + 4;
        t.cpu.gpr[RDI] = DST + 4;
        t.cpu.gpr[RCX] = 3;
        run(t, 0x66, 0xf3, 0xa7);
        assertEquals(0, t.cpu.gpr[RCX]);
        assertEquals(SRC - 2, t.cpu.gpr[RSI]);
        assertFalse(t.cpu.flags.zf());
        assertTrue(t.cpu.flags.cf(), "1 - 9 borrows");
    }

    @Test
    void repneScasbFindsTheTerminator() {
        TestCpu t = new TestCpu(3);
        t.memory.load(SRC, "multiverse\0".getBytes());
        t.cpu.gpr[RDI] = SRC;
        t.cpu.gpr[RCX] = -1;
        t.cpu.gpr[RAX] = 0xff00;   // AL = 0
        run(t, 0xf2, 0xae);
        assertEquals(10, ~t.cpu.gpr[RCX] - 1, "strlen idiom");
        assertEquals(SRC + 11, t.cpu.gpr[RDI]);
        assertTrue(t.cpu.flags.zf());
    }

    @Test
    void repeScasdStopsOnAMismatch() {
        TestCpu t = new TestCpu(3);
        t.memory.load(SRC, new byte[]{0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x12, 0x11, 0x11, 0x11});
        t.cpu.gpr[RDI] = SRC;
        t.cpu.gpr[RCX] = 10;
        t.cpu.gpr[RAX] = 0x7777_7777_1111_1111L;
        run(t, 0xf3, 0xaf);
        assertEquals(7, t.cpu.gpr[RCX]);
        assertEquals(SRC + 12, t.cpu.gpr[RDI]);
        assertFalse(t.cpu.flags.zf());
        assertTrue(t.cpu.flags.cf(), "0x11111111 - 0x11111112 borrows");
    }

    // ---- address sizes and segments ----

    @Test
    void addressSize32In64BitModeUsesEsiEdiEcx() {
        TestCpu t = new TestCpu(3);
        byte[] data = random(16, 6);
        t.memory.load(SRC, data);
        t.cpu.gpr[RSI] = 0xdead_0000_0000_0000L | SRC;
        t.cpu.gpr[RDI] = 0xbeef_0000_0000_0000L | DST;
        t.cpu.gpr[RCX] = 0x1_0000_0010L;
        run(t, 0x67, 0xf3, 0xa4);
        assertArrayEquals(data, t.memory.dump(DST, 16));
        assertEquals(0, t.cpu.gpr[RCX], "ECX counted 16 and the 32-bit write cleared the upper half");
        assertEquals(SRC + 16, t.cpu.gpr[RSI]);
        assertEquals(DST + 16, t.cpu.gpr[RDI]);
    }

    @Test
    void sixteenBitAddressesWrapAndKeepTheUpperHalves() {
        TestCpu t = new TestCpu(1);
        t.memory.load(0xfffe, new byte[]{1, 2});
        t.memory.load(0x0000, new byte[]{3, 4});
        t.cpu.gpr[RSI] = 0x1234_fffeL;
        t.cpu.gpr[RDI] = 0x5678_2000L;
        t.cpu.gpr[RCX] = 0x9abc_0004L;
        run(t, 0xf3, 0xa4);
        assertArrayEquals(new byte[]{1, 2, 3, 4}, t.memory.dump(0x2000, 4));
        assertEquals(0x1234_0002L, t.cpu.gpr[RSI]);
        assertEquals(0x5678_2004L, t.cpu.gpr[RDI]);
        assertEquals(0x9abc_0000L, t.cpu.gpr[RCX]);
    }

    @Test
    void addressSize16In32BitCode() {
        TestCpu t = new TestCpu(2);
        byte[] data = random(300, 7);
        t.memory.load(0x8000, data);
        t.cpu.gpr[RSI] = 0xffff_8000L;   // only SI = 0x8000 counts
        t.cpu.gpr[RDI] = 0x1_9000L;      // DI = 0x9000
        t.cpu.gpr[RCX] = 0x7_012cL;      // CX = 300
        run(t, 0x67, 0xf3, 0xa4);
        assertArrayEquals(data, t.memory.dump(0x9000, 300));
        assertEquals(0xffff_8000L + 300, t.cpu.gpr[RSI]);
        assertEquals(0x7_0000L, t.cpu.gpr[RCX]);
    }

    @Test
    void segmentOverrideAppliesToTheSourceOnly() {
        TestCpu t = new TestCpu(2);
        t.cpu.seg[Insn.DS].base = 0x40000;
        t.cpu.seg[Insn.ES].base = 0x50000;
        t.cpu.seg[Insn.FS].base = 0x60000;
        t.memory.load(0x40010, new byte[]{1});
        t.memory.load(0x50010, new byte[]{2});
        t.memory.load(0x60010, new byte[]{3});
        t.cpu.gpr[RSI] = 0x10;
        t.cpu.gpr[RDI] = 0x20;
        run(t, 0xa4);                    // DS:ESI -> ES:EDI
        t.cpu.gpr[RSI] = 0x10;
        run(t, 0x64, 0xa4);              // FS:ESI -> ES:EDI
        t.cpu.gpr[RSI] = 0x10;
        run(t, 0x26, 0xa4);              // ES:ESI -> ES:EDI
        assertArrayEquals(new byte[]{1, 3, 2}, t.memory.dump(0x50020, 3));
        assertEquals(0, t.memory.dump(0x40020, 1)[0], "the destination never uses DS");
    }

    @Test
    void fsOverrideIn64BitMode() {
        TestCpu t = new TestCpu(3);
        t.cpu.seg[Insn.FS].base = 0x60000;
        t.cpu.seg[Insn.ES].base = 0x70000;   // ignored in 64-bit mode
        t.memory.load(0x60010, new byte[]{7, 8, 9, 10});
        t.cpu.gpr[RSI] = 0x10;
        t.cpu.gpr[RDI] = DST;
        t.cpu.gpr[RCX] = 4;
        run(t, 0x64, 0xf3, 0xa4);
        assertArrayEquals(new byte[]{7, 8, 9, 10}, t.memory.dump(DST, 4));
    }

    // ---- INS / OUTS ----

    /** A port that reads back a running counter and records what is written to it. */
    private static final class CountingPort implements PortHandler {
        int next = 0x10;
        int reads;
        final List<String> writes = new ArrayList<>();

        @Override
        public int in(int port, int size) {
            reads++;
            int v = next;
            next += 0x11;
            return v & (size == 4 ? -1 : (1 << (8 * size)) - 1);
        }

        @Override
        public void out(int port, int size, int value) {
            writes.add(size + ":" + Integer.toHexString(value));
        }
    }

    @Test
    void repInsReadsThePortIntoMemory() {
        TestCpu t = new TestCpu(3);
        CountingPort port = new CountingPort();
        t.ports.register(0x1e0, 1, port);
        t.cpu.gpr[RDX] = 0xffff_0000_0000_01e0L;
        t.cpu.gpr[RDI] = DST;
        t.cpu.gpr[RCX] = 3;
        run(t, 0x66, 0xf3, 0x6d);
        assertArrayEquals(new byte[]{0x10, 0, 0x21, 0, 0x32, 0, 0}, t.memory.dump(DST, 7));
        assertEquals(DST + 6, t.cpu.gpr[RDI]);
        assertEquals(0, t.cpu.gpr[RCX]);
        run(t, 0x48, 0x6d);              // REX.W does not widen INS: a dword
        assertArrayEquals(new byte[]{0x43, 0, 0, 0}, t.memory.dump(DST + 6, 4));
        assertEquals(DST + 10, t.cpu.gpr[RDI]);
    }

    @Test
    void repOutsWritesMemoryToThePort() {
        TestCpu t = new TestCpu(3);
        CountingPort port = new CountingPort();
        t.ports.register(0x1e0, 1, port);
        t.memory.load(SRC, new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        t.cpu.gpr[RDX] = 0x1e0;
        t.cpu.gpr[RSI] = SRC;
        t.cpu.gpr[RCX] = 2;
        run(t, 0xf3, 0x6f);
        run(t, 0x6e);
        setDf(t, true);
        run(t, 0x66, 0x6f);
        assertEquals(List.of("4:4030201", "4:8070605", "1:9", "2:b0a"), port.writes);
        assertEquals(SRC + 7, t.cpu.gpr[RSI]);
    }

    @Test
    void insAndOutsRaiseGpAboveIopl() {
        TestCpu t = new TestCpu(3);
        CountingPort port = new CountingPort();
        t.ports.register(0x1e0, 1, port);
        t.cpu.gpr[RDX] = 0x1e0;
        t.cpu.gpr[RDI] = DST;
        t.cpu.gpr[RSI] = SRC;
        t.cpu.cpl = 3;
        t.cpu.gpr[RCX] = 1;
        CpuException e = DirectExec.raised(t, 0xf3, 0x6c);
        assertNotNull(e);
        assertEquals(CpuException.GP, e.vector);
        assertEquals(0, e.errorCode);
        e = DirectExec.raised(t, 0x6e);
        assertNotNull(e);
        assertEquals(CpuException.GP, e.vector);
        assertEquals(0, port.reads);
        assertEquals(List.of(), port.writes);
        assertEquals(DST, t.cpu.gpr[RDI]);
        assertEquals(1, t.cpu.gpr[RCX]);

        t.cpu.flags.put(Flags.IOPL | 2);
        assertNull(DirectExec.raised(t, 0x6c));
        assertEquals(1, port.reads);
        assertEquals(DST + 1, t.cpu.gpr[RDI]);
    }

    // ---- precise page faults ----

    @Test
    void pageFaultMidRepMovsRestartsWhereItStopped() {
        TestCpu t = new TestCpu(3);
        IdentityPaging.enable(t);
        byte[] data = random(0x2000, 8);
        t.memory.load(SRC, data);
        IdentityPaging.unmap(t, DST + 0x1000);
        t.cpu.gpr[RSI] = SRC;
        t.cpu.gpr[RDI] = DST + 0x800;
        t.cpu.gpr[RCX] = 0x2000;
        t.memory.load(CODE, TestCpu.bytes(0xf3, 0xa4, 0xf4));
        t.cpu.rip = CODE;
        assertEquals(StopReason.TRIPLE_FAULT, t.interpreter.run(100));
        assertEquals(CODE, t.cpu.rip);
        assertEquals(DST + 0x1000, t.cpu.cr2);
        assertEquals(0x1800, t.cpu.gpr[RCX]);
        assertEquals(SRC + 0x800, t.cpu.gpr[RSI]);
        assertEquals(DST + 0x1000, t.cpu.gpr[RDI]);
        assertArrayEquals(Arrays.copyOf(data, 0x800), t.memory.dump(DST + 0x800, 0x800));

        IdentityPaging.map(t, DST + 0x1000);
        assertEquals(StopReason.HALTED, t.interpreter.run(100));
        assertArrayEquals(data, t.memory.dump(DST + 0x800, 0x2000));
        assertEquals(0, t.cpu.gpr[RCX]);
    }

    @Test
    void pageFaultOnTheSourceWritesNothingOfTheFaultingRun() {
        TestCpu t = new TestCpu(3);
        IdentityPaging.enable(t);
        byte[] data = random(0x1800, 9);
        t.memory.load(SRC, data);
        IdentityPaging.unmap(t, SRC + 0x1000);
        t.cpu.gpr[RSI] = SRC;
        t.cpu.gpr[RDI] = DST;
        t.cpu.gpr[RCX] = 0x300;
        t.memory.load(CODE, TestCpu.bytes(0xf3, 0x48, 0xa5, 0xf4));
        t.cpu.rip = CODE;
        assertEquals(StopReason.TRIPLE_FAULT, t.interpreter.run(100));
        assertEquals(SRC + 0x1000, t.cpu.cr2);
        assertEquals(0x100, t.cpu.gpr[RCX]);
        assertEquals(DST + 0x1000, t.cpu.gpr[RDI]);
        assertArrayEquals(new byte[16], t.memory.dump(DST + 0x1000, 16));

        IdentityPaging.map(t, SRC + 0x1000);
        assertEquals(StopReason.HALTED, t.interpreter.run(100));
        assertArrayEquals(data, t.memory.dump(DST, 0x1800));
    }

    @Test
    void pageFaultMidBackwardStosRestarts() {
        TestCpu t = new TestCpu(3);
        IdentityPaging.enable(t);
        IdentityPaging.unmap(t, DST);
        t.cpu.flags.setBit(Flags.DF, true);
        t.cpu.gpr[RDI] = DST + 0x1010;
        t.cpu.gpr[RCX] = 0x400;
        t.cpu.gpr[RAX] = 0x0102_0304_0506_0708L;
        t.memory.load(CODE, TestCpu.bytes(0xf3, 0x48, 0xab, 0xf4));
        t.cpu.rip = CODE;
        assertEquals(StopReason.TRIPLE_FAULT, t.interpreter.run(100));
        // 0x1010, 0x1008 and 0x1000 are written, then 0xff8 on the unmapped page faults.
        assertEquals(DST + 0xff8, t.cpu.cr2);
        assertEquals(DST + 0xff8, t.cpu.gpr[RDI]);
        assertEquals(0x400 - 3, t.cpu.gpr[RCX]);

        IdentityPaging.map(t, DST);
        assertEquals(StopReason.HALTED, t.interpreter.run(100));
        assertEquals(DST + 0x1010 - 0x400 * 8, t.cpu.gpr[RDI]);
        assertEquals(0x0102_0304_0506_0708L, t.cpu.mmu.read64(DST + 0x1018 - 0x400 * 8, false));
    }

    @Test
    void pageFaultMidRepeCmpsRestarts() {
        TestCpu t = new TestCpu(3);
        IdentityPaging.enable(t);
        byte[] data = random(0x1100, 10);
        t.memory.load(SRC + 0xf00, data);
        t.memory.load(DST + 0xf00, data);
        IdentityPaging.unmap(t, DST + 0x1000);
        t.cpu.gpr[RSI] = SRC + 0xf00;
        t.cpu.gpr[RDI] = DST + 0xf00;
        t.cpu.gpr[RCX] = 0x1100;
        t.memory.load(CODE, TestCpu.bytes(0xf3, 0xa6, 0xf4));
        t.cpu.rip = CODE;
        assertEquals(StopReason.TRIPLE_FAULT, t.interpreter.run(100));
        assertEquals(0x1000, t.cpu.gpr[RCX]);
        assertEquals(SRC + 0x1000, t.cpu.gpr[RSI]);
        IdentityPaging.map(t, DST + 0x1000);
        assertEquals(StopReason.HALTED, t.interpreter.run(100));
        assertEquals(0, t.cpu.gpr[RCX]);
        assertTrue(t.cpu.flags.zf());
    }

    @Test
    void insProbesTheDestinationBeforeReadingThePort() {
        TestCpu t = new TestCpu(3);
        IdentityPaging.enable(t);
        CountingPort port = new CountingPort();
        t.ports.register(0x1e0, 1, port);
        IdentityPaging.unmap(t, DST);
        t.cpu.gpr[RDX] = 0x1e0;
        t.cpu.gpr[RDI] = DST;
        t.cpu.gpr[RCX] = 4;
        t.memory.load(CODE, TestCpu.bytes(0xf3, 0x6c, 0xf4));
        t.cpu.rip = CODE;
        assertEquals(StopReason.TRIPLE_FAULT, t.interpreter.run(100));
        assertEquals(0, port.reads, "a restarted INS must not lose port data");
        IdentityPaging.map(t, DST);
        assertEquals(StopReason.HALTED, t.interpreter.run(100));
        assertEquals(4, port.reads);
        assertArrayEquals(new byte[]{0x10, 0x21, 0x32, 0x43}, t.memory.dump(DST, 4));
    }

    @Test
    void stringInstructionsWithoutRepCountOneInstructionEach() {
        TestCpu t = new TestCpu(3);
        t.cpu.gpr[RSI] = SRC;
        t.cpu.gpr[RDI] = DST;
        assertEquals(4, run(t, 0xa4, 0xaa, 0xac));
        assertEquals(SRC + 2, t.cpu.gpr[RSI]);
        assertEquals(DST + 2, t.cpu.gpr[RDI]);
    }
}

package dev.multiverse.machine.debug;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.machine.Machine;
import dev.multiverse.machine.MachineConfig;
import dev.multiverse.machine.RunResult;
import dev.multiverse.machine.StopCause;
import dev.multiverse.machine.TestKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.multiverse.machine.TestKernels.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DebugSessionTest {
    private static final long ENTRY = 0x10000C;
    private static final long LOOP = ENTRY + 10, AFTER_CALL = ENTRY + 22, CALL = ENTRY + 17, EXIT = ENTRY + 27,
            FUNCTION = ENTRY + 31;
    private static final long COUNTER = 0x200000;

    /** Counts ECX to 100, storing it at 0x200000 and calling a function that adds it to EDX each time; then exits. */
    private static final byte[] COUNT_TO_100 = bytes(
            0xBC, 0x00, 0x00, 0x09, 0x00,           // mov esp, 0x90000
            0xB9, 0, 0, 0, 0,                       // mov ecx, 0
            0x41,                                   // loop: inc ecx
            0x89, 0x0D, 0x00, 0x00, 0x20, 0x00,     // mov [0x200000], ecx
            0xE8, 9, 0, 0, 0,                       // call function
            0x83, 0xF9, 100,                        // cmp ecx, 100
            0x75, 0xEF,                             // jne loop
            0xB0, 0x00,                             // mov al, 0
            0xE6, 0xF4,                             // out 0xf4, al (isa-debug-exit)
            0x01, 0xCA,                             // function: add edx, ecx
            0xC3);                                  // ret

    @TempDir
    Path dir;

    private final ByteArrayOutputStream serial = new ByteArrayOutputStream();

    private Machine machine(byte[] code) throws Exception {
        MachineConfig config = MachineConfig.of(TestKernels.write(dir, "k.elf", TestKernels.multibootElf(0, code)))
                .withMemorySize(4 << 20);
        return new Machine(config, serial);
    }

    @Test
    void stepsOneInstructionAtATime() throws Exception {
        DebugSession s = new DebugSession(machine(COUNT_TO_100));
        StopEvent e = s.step(0, 1);
        assertEquals(StopEvent.Kind.STEPPED, e.kind());
        assertEquals(ENTRY + 5, e.rip());
        assertEquals(0x90000, s.register(0, "rsp"));
        assertEquals(1, s.cpu(0).instructions);
        e = s.step(0, 3);
        assertEquals(CALL, e.linear());
        assertEquals(1, s.register(0, "rcx"));
        assertEquals(4, s.cpu(0).instructions);
    }

    @Test
    void aBreakpointStopsBeforeItsInstructionEachTimeItIsReached() throws Exception {
        DebugSession s = new DebugSession(machine(COUNT_TO_100));
        Breakpoint bp = s.addBreakpoint(LOOP, false, -1);
        for (int round = 0; round < 3; round++) {
            StopEvent e = s.resume();
            assertEquals(StopEvent.Kind.BREAKPOINT, e.kind());
            assertEquals(bp, e.breakpoint());
            assertEquals(LOOP, e.rip());
            assertEquals(round, s.register(0, "rcx"), "the instruction at the breakpoint has not run yet");
        }
        assertTrue(s.delete(bp.id()));
        assertEquals(StopEvent.Kind.ENDED, s.resume().kind());
    }

    @Test
    void aTemporaryBreakpointStopsOnce() throws Exception {
        DebugSession s = new DebugSession(machine(COUNT_TO_100));
        s.addBreakpoint(LOOP, true, -1);
        assertEquals(StopEvent.Kind.BREAKPOINT, s.resume().kind());
        assertTrue(s.breakpoints().isEmpty());
        StopEvent end = s.resume();
        assertEquals(StopEvent.Kind.ENDED, end.kind());
        assertEquals(StopCause.DEBUG_EXIT, end.result().cause());
        assertNotNull(s.ended());
        assertThrows(DebugException.class, s::resume);
    }

    @Test
    void nextStepsOverACallAndStepEntersIt() throws Exception {
        DebugSession s = new DebugSession(machine(COUNT_TO_100));
        assertEquals(CALL, s.runUntil(CALL).linear());
        long edx = s.register(0, "rdx");
        StopEvent e = s.next(0);
        assertEquals(StopEvent.Kind.STEPPED, e.kind());
        assertEquals(AFTER_CALL, e.linear());
        assertEquals(edx + 1, s.register(0, "rdx"), "the function ran");
        assertEquals(CALL, s.runUntil(CALL).linear());
        assertEquals(FUNCTION, s.step(0, 1).linear());
        assertEquals(ENTRY + 33, s.next(0).linear(), "next on an instruction that is not a call is a step");
    }

    @Test
    void aWriteWatchpointReportsTheOldAndNewValueAfterTheWrite() throws Exception {
        DebugSession s = new DebugSession(machine(COUNT_TO_100));
        Watchpoint wp = s.addWatchpoint(WatchKind.WRITE, COUNTER, 4);
        for (long n = 1; n <= 3; n++) {
            StopEvent e = s.resume();
            assertEquals(StopEvent.Kind.WATCHPOINT, e.kind());
            assertEquals(CALL, e.linear(), "stopped after the writing instruction");
            WatchHit hit = e.watch();
            assertEquals(wp, hit.watchpoint());
            assertTrue(hit.write());
            assertEquals(COUNTER, hit.linear());
            assertEquals(n - 1, hit.before());
            assertEquals(n, hit.after());
        }
        s.deleteAll();
        assertFalse(s.cpu(0).watchpoints, "without watchpoints data accesses are not checked");
        assertEquals(StopEvent.Kind.ENDED, s.resume().kind());
    }

    @Test
    void aReadWatchpointIgnoresWrites() throws Exception {
        DebugSession s = new DebugSession(machine(COUNT_TO_100));
        s.addWatchpoint(WatchKind.READ, COUNTER, 4);
        assertEquals(StopEvent.Kind.ENDED, s.resume().kind());
    }

    @Test
    void debuggingChangesNeitherResultsNorCounts() throws Exception {
        Machine plain = machine(COUNT_TO_100);
        RunResult expected = plain.run();
        long edx = plain.cpu().gpr[Cpu.RDX];
        DebugSession s = new DebugSession(machine(COUNT_TO_100));
        s.addBreakpoint(FUNCTION, false, -1);
        s.addWatchpoint(WatchKind.ACCESS, COUNTER, 4);
        int stops = 0;
        StopEvent e;
        while ((e = s.resume()).kind() != StopEvent.Kind.ENDED) stops++;
        assertEquals(200, stops);
        assertEquals(expected.exitStatus(), e.result().exitStatus());
        assertEquals(expected.cores(), e.result().cores());
        assertEquals(edx, s.register(0, "rdx"));
    }

    @Test
    void afterDetachingTheRunGoesOnToTheSameEndWithoutTheDebugger() throws Exception {
        Machine plain = machine(COUNT_TO_100);
        RunResult expected = plain.run();
        Machine debugged = machine(COUNT_TO_100);
        DebugSession s = new DebugSession(debugged);
        s.addBreakpoint(FUNCTION, false, -1);
        s.resume();
        s.resume();
        s.detach();
        assertNull(debugged.cpu().debugHook);
        RunResult r = debugged.run();
        assertEquals(expected.exitStatus(), r.exitStatus());
        assertEquals(expected.cores(), r.cores());
    }

    @Test
    void interruptStopsARunningGuestFromAnotherThread() throws Exception {
        DebugSession s = new DebugSession(machine(bytes(0xEB, 0xFE)));   // jmp $
        CompletableFuture<StopEvent> run = CompletableFuture.supplyAsync(s::resume);
        while (s.cpu(0).instructions < 1000) Thread.onSpinWait();
        s.interrupt();
        StopEvent e = run.get(30, TimeUnit.SECONDS);
        assertEquals(StopEvent.Kind.INTERRUPTED, e.kind());
        assertEquals(ENTRY, e.linear());
        assertNull(s.ended());
    }

    @Test
    void interruptStopsAGuestWhoseCoresOnlyWaitWhileTimePasses() throws Exception {
        // Program PIT counter 0 periodic with IRQ 0 masked at the PIC, then sti; hlt: time keeps passing, nothing runs.
        DebugSession s = new DebugSession(machine(bytes(
                0xB0, 0xFF, 0xE6, 0x21,         // mov al, 0xff; out 0x21, al (mask every PIC input)
                0xB0, 0x34, 0xE6, 0x43,         // mov al, 0x34; out 0x43, al (counter 0, mode 2)
                0xB0, 0x00, 0xE6, 0x40,         // low byte 0
                0xE6, 0x40,                     // high byte 0: 65536
                0xFB, 0xF4,                     // sti; hlt
                0xEB, 0xFD)));                  // jmp hlt
        CompletableFuture<StopEvent> run = CompletableFuture.supplyAsync(s::resume);
        while (s.cpu(0).cycles < 10_000_000) Thread.onSpinWait();
        s.interrupt();
        StopEvent e = run.get(30, TimeUnit.SECONDS);
        assertEquals(StopEvent.Kind.INTERRUPTED, e.kind());
        assertTrue(s.cpu(0).halted);
        assertNull(s.ended());
    }

    @Test
    void memoryAndRegistersCanBeReadAndWritten() throws Exception {
        DebugSession s = new DebugSession(machine(COUNT_TO_100));
        s.writeVirtual(0, 0x300000, bytes(1, 2, 3, 4));
        assertArrayEquals(bytes(1, 2, 3, 4), s.readPhysical(0x300000, 4));
        assertArrayEquals(bytes(0xBC, 0x00, 0x00, 0x09), s.readVirtual(0, ENTRY, 4));
        s.setRegister(0, "rcx", 99);
        s.setRegister(0, "rip", ENTRY + 10);
        s.step(0, 1);
        assertEquals(100, s.register(0, "rcx"));
        s.setXmm(0, 3, 5, 6);
        assertArrayEquals(new long[]{5, 6}, s.xmm(0, 3));
        assertEquals(0x1f80, s.register(0, "mxcsr"));
        assertEquals(0x10, s.register(0, "ds"));
        assertThrows(DebugException.class, () -> s.register(0, "xyz"));
        assertThrows(DebugException.class, () -> s.cpu(1));
    }

    @Test
    void pageWalksReportEachLevelWithoutTouchingTheTables() throws Exception {
        DebugSession s = new DebugSession(machine(COUNT_TO_100));
        PageWalk flat = s.pageWalk(0, 0x123456);
        assertEquals("none", flat.mode());
        assertEquals(0x123456, flat.physical());
        // 32-bit paging: PDE 0 a 4 MiB page at 0, PDE 1 a page table whose PTE 5 maps 0x5000 at 0x7000.
        s.writePhysical(0x300000, le(0x83, 0x301003));
        s.writePhysical(0x301000 + 5 * 4, le(0x7003));
        s.setRegister(0, "cr3", 0x300000);
        s.setRegister(0, "cr4", s.register(0, "cr4") | Cpu.CR4_PSE);
        s.setRegister(0, "cr0", s.register(0, "cr0") | Cpu.CR0_PG);
        PageWalk large = s.pageWalk(0, 0x123456);
        assertEquals("32-bit", large.mode());
        assertEquals(0x123456, large.physical());
        assertEquals(4 << 20, large.pageSize());
        assertEquals(1, large.levels().size());
        PageWalk small = s.pageWalk(0, 0x405abc);
        assertEquals(0x7abc, small.physical());
        assertEquals(2, small.levels().size());
        assertEquals("PTE", small.levels().get(1).name());
        assertEquals("P RW us pwt pcd a d ps g", small.levels().get(1).flags());
        assertEquals(0x03, s.readPhysical(0x301014, 1)[0], "no accessed bit set");
        PageWalk missing = s.pageWalk(0, 0x406000);
        assertFalse(missing.mapped());
        assertEquals("PTE not present", missing.fault());
        assertThrows(DebugException.class, () -> s.readVirtual(0, 0x406000, 1));
    }

    @Test
    void symbolsComeFromSystemMapFilesAtAnOffset() throws Exception {
        DebugSession s = new DebugSession(machine(COUNT_TO_100));
        Path map = Files.writeString(dir.resolve("System.map"), "0000000000001000 T start\n0000000000001040 t loop\n");
        assertEquals(2, s.symbols().load(map, 0x100000));
        assertEquals(0x101040, s.resolve("loop"));
        assertEquals(0x101044, s.resolve("loop+4"));
        assertEquals(0x10103c, s.resolve("loop-0x4"));
        assertEquals(0xabc, s.resolve("0xabc"));
        assertEquals("start+0x10", s.symbolize(0x101010));
        assertThrows(DebugException.class, () -> s.resolve("nosuch"));
    }

    private static byte[] le(long... words) {
        byte[] out = new byte[4 * words.length];
        for (int i = 0; i < out.length; i++) out[i] = (byte) (words[i / 4] >>> (8 * (i % 4)));
        return out;
    }
}

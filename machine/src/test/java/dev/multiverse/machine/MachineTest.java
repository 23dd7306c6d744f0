package dev.multiverse.machine;

import dev.multiverse.machine.trace.EventLog;
import dev.multiverse.machine.trace.MachineTracer;
import dev.multiverse.machine.trace.TraceCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

import static dev.multiverse.machine.TestKernels.bytes;
import static dev.multiverse.machine.TestKernels.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MachineTest {
    /** The test kernels' entry: right after the 12-byte Multiboot header at 1 MiB. */
    private static final long ENTRY = 0x10000C;

    private static final byte[] PRINT_HI_EXIT_5 = bytes(
            0x66, 0xBA, 0xF8, 0x03,         // mov dx, 0x3f8
            0xB0, 'h', 0xEE,                // mov al, 'h'; out dx, al
            0xB0, 'i', 0xEE,                // mov al, 'i'; out dx, al
            0xE6, 0x80,                     // out 0x80, al (POST code)
            0xB8, 5, 0, 0, 0,               // mov eax, 5
            0xE7, 0xF4);                    // out 0xf4, eax

    @TempDir
    Path dir;

    private final ByteArrayOutputStream serial = new ByteArrayOutputStream();

    private MachineConfig config(byte[] code) throws IOException {
        return MachineConfig.of(TestKernels.write(dir, "k.elf", TestKernels.multibootElf(0, code)))
                .withMemorySize(4 << 20);
    }

    private RunResult run(MachineConfig config) throws BootException {
        return new Machine(config, serial).run();
    }

    @Test
    void theDebugExitDeviceCanSitAtAnotherPort() throws Exception {
        byte[] exitAt501 = bytes(
                0x66, 0xBA, 0x01, 0x05,         // mov dx, 0x501
                0xB8, 3, 0, 0, 0,               // mov eax, 3
                0xEF,                           // out dx, eax
                0xFA, 0xF4);                    // cli; hlt (reached only if nothing is at 0x501)
        RunResult moved = run(config(exitAt501).withDebugExitPort(0x501));
        assertEquals(StopCause.DEBUG_EXIT, moved.cause());
        assertEquals(7, moved.exitStatus());
        RunResult notThere = run(config(PRINT_HI_EXIT_5).withDebugExitPort(0x501));
        assertNotEquals(StopCause.DEBUG_EXIT, notThere.cause(), "0xf4 is an unclaimed port now");
    }

    @Test
    void aDebugExitPortOverlappingADeviceIsABootError() throws Exception {
        BootException e = assertThrows(BootException.class, () -> run(config(PRINT_HI_EXIT_5).withDebugExitPort(0x3f6)));
        assertTrue(e.getMessage().startsWith("the debug-exit port 0x3f6 overlaps another device"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> config(PRINT_HI_EXIT_5).withDebugExitPort(0xfffe));
    }

    @Test
    void debugExitEndsTheRunWithTheGuestsStatus() throws Exception {
        RunResult r = run(config(PRINT_HI_EXIT_5));
        assertEquals(StopCause.DEBUG_EXIT, r.cause());
        assertEquals(11, r.exitStatus());
        assertNull(r.diagnostic());
        assertEquals("hi", serial.toString(StandardCharsets.US_ASCII));
        assertEquals(8, r.cores().getFirst().instructions());
        assertEquals(r.cores().getFirst().instructions(), r.totalInstructions());
    }

    @Test
    void entersTheKernelInMultibootState() throws Exception {
        Machine m = new Machine(config(PRINT_HI_EXIT_5), serial);
        assertEquals(ENTRY, m.cpu().rip);
        assertEquals(0x2BADB002L, m.cpu().gpr[0]);
        assertEquals(0x9500, m.cpu().gpr[3]);
        assertEquals(128 << 20, MachineConfig.of(dir).memorySize(), "default memory");
    }

    @Test
    void haltWithInterruptsDisabledCannotWake() throws Exception {
        RunResult r = run(config(bytes(0xFA, 0xF4)));   // cli; hlt
        assertEquals(StopCause.HALTED, r.cause());
        assertEquals(1, r.exitStatus());
        assertEquals("core 0 halted (interrupts disabled, nothing can wake it) at RIP 0x10000d in 32-bit protected mode"
                + " after 2 instructions", r.diagnostic());
    }

    @Test
    void haltWithInterruptsEnabledHasNoSourceToWakeItEither() throws Exception {
        RunResult r = run(config(bytes(0xFB, 0xF4)));   // sti; hlt
        assertEquals(1, r.exitStatus());
        assertTrue(r.diagnostic().startsWith("core 0 halted (interrupts enabled, nothing can wake it) at RIP 0x10000d"));
    }

    @Test
    void instructionLimitStopsPrecisely() throws Exception {
        RunResult r = run(config(bytes(0xEB, 0xFE)).withMaxInstructions(1000));   // jmp $
        assertEquals(StopCause.INSTRUCTION_LIMIT, r.cause());
        assertEquals(4, r.exitStatus());
        assertEquals(1000, r.cores().getFirst().instructions());
        assertEquals("instruction limit reached: core 0 at RIP 0x10000c in 32-bit protected mode after 1000 instructions",
                r.diagnostic());
    }

    @Test
    void runsAcrossManySlices() throws Exception {
        byte[] loop = bytes(0xB9, 0, 0, 0x20, 0,   // mov ecx, 0x200000
                0x49, 0x75, 0xFD,                     // L: dec ecx; jnz L
                0x31, 0xC0, 0xE7, 0xF4);              // xor eax, eax; out 0xf4, eax
        RunResult r = run(config(loop));
        assertEquals(1, r.exitStatus());
        assertEquals(1 + 2L * 0x200000 + 2, r.cores().getFirst().instructions());
        assertTrue(r.cores().getFirst().instructions() > Machine.SLICE);
        assertTrue(r.wallNanos() > 0);
    }

    @Test
    void faultWithoutAnIdtIsATripleFault() throws Exception {
        RunResult r = run(config(bytes(0x90, 0x0F, 0x0B)));   // nop; ud2
        assertEquals(StopCause.TRIPLE_FAULT, r.cause());
        assertEquals(1, r.exitStatus());
        assertEquals("core 0 triple fault (shutdown) at RIP 0x10000d in 32-bit protected mode after 1 instructions",
                r.diagnostic());
    }

    /**
     * Prints a flag byte from outside the image and a counter inside it, sets both, then triple-faults: every
     * boot prints "a0" only if each reset cleared RAM, reloaded the kernel and dropped the decoded code.
     */
    private static final byte[] COUNT_BOOTS_THEN_TRIPLE_FAULT = bytes(
            0x66, 0xBA, 0xF8, 0x03,                     // mov dx, 0x3f8
            0xA0, 0x00, 0x00, 0x20, 0x00,               // mov al, [0x200000]
            0x04, 'a', 0xEE,                            // add al, 'a'; out dx, al
            0xC6, 0x05, 0x00, 0x00, 0x20, 0x00, 0x01,   // mov byte [0x200000], 1
            0xA0, 0x2F, 0x00, 0x10, 0x00,               // mov al, [counter]
            0x04, '0', 0xEE,                            // add al, '0'; out dx, al
            0xFE, 0x05, 0x2F, 0x00, 0x10, 0x00,         // inc byte [counter]
            0x0F, 0x0B,                                 // ud2 (no IDT: triple fault)
            0x00);                                      // counter (0x10002f)

    @Test
    void tripleFaultResetsTheMachineUntilTheResetLimit() throws Exception {
        MachineConfig c = config(COUNT_BOOTS_THEN_TRIPLE_FAULT).withTripleFault(TripleFaultAction.RESET, 2);
        Machine m = new Machine(c, serial);
        List<String> notices = new java.util.ArrayList<>();
        m.setResetListener(notices::add);
        RunResult r = m.run();
        assertEquals("a0a0a0", serial.toString(StandardCharsets.US_ASCII));
        assertEquals(StopCause.RESET_LIMIT, r.cause());
        assertEquals(6, r.exitStatus());
        assertEquals(2, m.resets());
        assertEquals(List.of(
                "machine reset (triple fault on core 0 at RIP 0x10002d in 32-bit protected mode after 9 instructions)",
                "machine reset (triple fault on core 0 at RIP 0x10002d in 32-bit protected mode after 18 instructions)"),
                notices);
        assertEquals("core 0 triple fault (shutdown) at RIP 0x10002d in 32-bit protected mode after 27 instructions;"
                + " not resetting again after 2 machine resets", r.diagnostic());
    }

    @Test
    void withNoResetsAllowedTheFirstTripleFaultEndsTheRun() throws Exception {
        MachineConfig c = config(COUNT_BOOTS_THEN_TRIPLE_FAULT).withTripleFault(TripleFaultAction.RESET, 0);
        RunResult r = run(c);
        assertEquals("a0", serial.toString(StandardCharsets.US_ASCII));
        assertEquals(StopCause.RESET_LIMIT, r.cause());
        assertTrue(r.diagnostic().endsWith("; not resetting again after 0 machine resets"), r.diagnostic());
    }

    @Test
    void aResetLeavesTheCoreInTheBootProtocolsEntryState() throws Exception {
        byte[] code = bytes(
                0xFD,                               // std
                0xB8, 0x78, 0x56, 0x34, 0x12,       // mov eax, 0x12345678
                0x0F, 0x0B);                        // ud2
        Machine m = new Machine(config(code).withTripleFault(TripleFaultAction.RESET, 1), serial);
        long[] entry = new long[3];
        m.setResetListener(line -> {
            entry[0] = m.cpu().rip;
            entry[1] = m.cpu().gpr[0];
            entry[2] = m.cpu().flags.get();
        });
        RunResult r = m.run();
        assertEquals(StopCause.RESET_LIMIT, r.cause());
        assertEquals(ENTRY, entry[0]);
        assertEquals(0x2BADB002L, entry[1], "EAX holds the Multiboot magic again");
        assertEquals(0x2, entry[2], "DF (and every other flag) cleared");
        assertEquals(0x12345678L, m.cpu().gpr[0], "the second boot ran the kernel again");
    }

    /**
     * Runs at 0x20000 (code above 1 MiB would wrap away): writes 0x11 to 0x200000 and 0x22 to 0x300000 with A20
     * disabled through port 0x92 (aliases: the second write lands on the first), then again with it enabled,
     * printing what 0x200000 holds each time.
     */
    private static final byte[] A20_WRAP = bytes(
            0x66, 0xBA, 0xF8, 0x03,                     // mov dx, 0x3f8
            0xE4, 0x92, 0x24, 0xFC, 0xE6, 0x92,         // in al, 0x92; and al, ~3; out 0x92, al
            0xC6, 0x05, 0x00, 0x00, 0x20, 0x00, 0x11,   // mov byte [0x200000], 0x11
            0xC6, 0x05, 0x00, 0x00, 0x30, 0x00, 0x22,   // mov byte [0x300000], 0x22
            0xA0, 0x00, 0x00, 0x20, 0x00, 0xEE,         // mov al, [0x200000]; out dx, al
            0xE4, 0x92, 0x0C, 0x02, 0xE6, 0x92,         // in al, 0x92; or al, 2; out 0x92, al
            0xC6, 0x05, 0x00, 0x00, 0x20, 0x00, 0x11,   // mov byte [0x200000], 0x11
            0xC6, 0x05, 0x00, 0x00, 0x30, 0x00, 0x22,   // mov byte [0x300000], 0x22
            0xA0, 0x00, 0x00, 0x20, 0x00, 0xEE,         // mov al, [0x200000]; out dx, al
            0x31, 0xC0, 0xE7, 0xF4);                    // xor eax, eax; out 0xf4, eax

    @Test
    void port92DrivesTheA20LineOfTheMmu() throws Exception {
        byte[] image = TestKernels.elf32().entry(ENTRY)
                .segment(TestKernels.Segment.at(0x100000, concat(TestKernels.header(0),
                        bytes(0xB8, 0x00, 0x00, 0x02, 0x00, 0xFF, 0xE0))))   // mov eax, 0x20000; jmp eax
                .segment(TestKernels.Segment.at(0x20000, A20_WRAP)).build();
        Machine m = new Machine(MachineConfig.of(TestKernels.write(dir, "a20.elf", image)).withMemorySize(4 << 20), serial);
        assertTrue(m.cpu().mmu.a20Enabled(), "boot protocols enter with A20 enabled");
        RunResult r = m.run();
        assertEquals(StopCause.DEBUG_EXIT, r.cause());
        assertArrayEquals(new byte[] {0x22, 0x11}, serial.toByteArray());
        assertTrue(m.cpu().mmu.a20Enabled());
    }

    /** Counts boots in a byte of the image, disables A20 and requests a fast reset: {@code in al, 0x92} prints the state every boot sees. */
    private static final byte[] COUNT_BOOTS_THEN_FAST_RESET = bytes(
            0x66, 0xBA, 0xF8, 0x03,                     // mov dx, 0x3f8
            0xA0, 0x29, 0x00, 0x10, 0x00,               // mov al, [counter]
            0x04, '0', 0xEE,                            // add al, '0'; out dx, al
            0xFE, 0x05, 0x29, 0x00, 0x10, 0x00,         // inc byte [counter]
            0xE4, 0x92, 0x04, '0', 0xEE,                // in al, 0x92; add al, '0'; out dx, al
            0xB0, 0x01, 0xE6, 0x92,                     // mov al, 1; out 0x92, al (A20 off, fast reset)
            0x0F, 0x0B,                                 // ud2: never reached
            0x00);                                      // counter (0x100029)

    @Test
    void aFastResetResetsTheMachineEvenWhenTripleFaultsStop() throws Exception {
        MachineConfig c = config(COUNT_BOOTS_THEN_FAST_RESET).withTripleFault(TripleFaultAction.STOP, 2);
        Machine m = new Machine(c, serial);
        List<String> notices = new java.util.ArrayList<>();
        m.setResetListener(line -> {
            notices.add(line);
            assertTrue(m.cpu().mmu.a20Enabled(), "a reset enables A20 again");
        });
        RunResult r = m.run();
        assertEquals("020202", serial.toString(StandardCharsets.US_ASCII), "every boot: counter 0, port 0x92 = 2");
        assertEquals(2, m.resets());
        assertEquals("machine reset (requested through port 0x92 by core 0 at RIP 0x100027 in 32-bit protected mode"
                + " after 10 instructions)", notices.getFirst());
        assertEquals(StopCause.RESET_LIMIT, r.cause());
        assertEquals(6, r.exitStatus());
        assertEquals("core 0 requested a reset through port 0x92 at RIP 0x100027 in 32-bit protected mode after"
                + " 30 instructions; not resetting again after 2 machine resets", r.diagnostic());
    }

    @Test
    void diagnosticsNameTheKernelsSymbols() throws Exception {
        byte[] image = TestKernels.elf32().entry(ENTRY)
                .segment(TestKernels.Segment.at(0x100000, concat(TestKernels.header(0), bytes(0xFA, 0xF4))))
                .symbol("_start", ENTRY, 2).build();
        MachineConfig c = MachineConfig.of(TestKernels.write(dir, "sym.elf", image)).withMemorySize(4 << 20);
        assertTrue(run(c).diagnostic().contains("at RIP 0x10000d <_start+0x1> in 32-bit protected mode"));
    }

    @Test
    void anExceptionInsideTheEmulatorBecomesAnInternalError() throws Exception {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) {
                throw new IllegalStateException("device bug");
            }
        };
        RunResult r = new Machine(config(PRINT_HI_EXIT_5), broken).run();
        assertEquals(StopCause.INTERNAL_ERROR, r.cause());
        assertEquals(70, r.exitStatus());
        assertNotNull(r.internalError());
        assertEquals("internal error on core 0 at RIP 0x100012 in 32-bit protected mode after 2 instructions:"
                + " java.lang.IllegalStateException: device bug", r.diagnostic());
    }

    @Test
    void badKernelFailsToBoot() {
        MachineConfig c = MachineConfig.of(dir.resolve("missing.elf"));
        BootException e = assertThrows(BootException.class, () -> new Machine(c, serial));
        assertEquals("kernel " + dir.resolve("missing.elf") + ": no such file", e.getMessage());
    }

    @Test
    void configRejectsUnusableSizes() {
        MachineConfig c = MachineConfig.of(dir);
        assertThrows(IllegalArgumentException.class, () -> c.withMemorySize(1 << 20));
        assertThrows(IllegalArgumentException.class, () -> c.withMemorySize((4 << 20) + 1));
        assertThrows(IllegalArgumentException.class, () -> c.withMaxInstructions(-1));
        assertEquals("", new MachineConfig(4 << 20, dir, null, List.of(), 0).append());
    }

    @Test
    void traceListsEachInstructionWithTheRegistersItChanged() throws Exception {
        Machine m = new Machine(config(PRINT_HI_EXIT_5), serial);
        StringWriter trace = new StringWriter();
        MachineTracer tracer = new MachineTracer(List.of(
                new EventLog(trace, EventLog.Format.TEXT, EnumSet.of(TraceCategory.INSTRUCTIONS))));
        m.attachTrace(tracer);
        m.run();
        tracer.finish();
        List<String> lines = trace.toString().lines().toList();
        assertEquals(8, lines.size());
        assertTrue(lines.get(0).matches("1 0 instructions insn rip=0x10000c bytes=66baf803 asm=\"mov +\\S+\" rdx=0x3f8"), lines.get(0));
        assertTrue(lines.get(1).matches("2 0 instructions insn rip=0x100010 bytes=b068 asm=\"mov +\\S+\" rax=0x2badb068"), lines.get(1));
        assertTrue(lines.get(2).matches("3 0 instructions insn rip=0x100012 bytes=ee asm=\"out +[^\"]+\""),
                "out changes no register: " + lines.get(2));
        assertTrue(lines.get(6).endsWith(" rax=0x5"), lines.get(6));
    }
}

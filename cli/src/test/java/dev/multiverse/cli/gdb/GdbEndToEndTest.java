package dev.multiverse.cli.gdb;

import dev.multiverse.cli.Cli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Debian's gdb, in batch mode, debugging test ROMs through {@code --gdb}. */
class GdbEndToEndTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsGdb() {
        assumeTrue(GdbDriver.gdbInstalled(), "gdb is not installed (bin/setup installs it): skipping the gdb stub tests");
    }

    private static void assertContains(String text, String expected) {
        assertTrue(text.contains(expected), () -> "expected \"" + expected + "\" in:\n" + text);
    }

    @Test
    void breaksOnAFunctionReadsAVariableStepsAndSeesTheExit() throws Exception {
        GdbDriver.Session s = GdbDriver.debug(Cli.rom("smp", dir), List.of(),
                "break rom_main",
                "continue",
                "print (int) rt_checks",
                "print $pc == &rom_main",
                "stepi",
                "print $pc > &rom_main",
                "print $cs",
                "info registers cr0",
                "continue");
        String g = s.gdb();
        assertContains(g, "Breakpoint 1 at 0x");
        assertContains(g, "\nBreakpoint 1, 0x");  // one core: gdb names no thread
        assertContains(g, "in rom_main ()");
        assertContains(g, "$1 = 0");          // no check has run yet
        assertContains(g, "$2 = 1");          // stopped on the function's first instruction
        assertContains(g, "$3 = 1");          // stepi moved past it
        assertContains(g, "$4 = 8");          // the ROM's 64-bit code selector
        assertTrue(Pattern.compile("cr0\\s+0x8\\d{7}").matcher(g).find(), "paging and protection on:\n" + g);
        // The ROM passes and exits through isa-debug-exit with (0 << 1) | 1: gdb sees the exit code.
        assertContains(g, "[Inferior 1 (Remote target) exited with code 01]");
        assertEquals(1, s.status());
        assertContains(s.out(), "ALL PASS");
    }

    @Test
    void stopsWhenAWatchedVariableIsWritten() throws Exception {
        GdbDriver.Session s = GdbDriver.debug(Cli.rom("smp", dir), List.of(),
                "watch *(int *) &rt_checks",
                "continue",
                "continue",
                "print (int) rt_checks");
        String g = s.gdb();
        assertContains(g, "Hardware watchpoint 1: *(int *) &rt_checks");
        assertContains(g, "Old value = 0\nNew value = 1");
        assertContains(g, "Old value = 1\nNew value = 2");
        assertContains(g, "$1 = 2");
        // gdb detaches when the batch ends; the guest then runs to its end undisturbed.
        assertContains(s.err(), "gdb detached; the guest runs on");
        assertEquals(1, s.status());
        assertContains(s.out(), "ALL PASS");
    }

    @Test
    void theDebugCommandServesGdbToo() throws Exception {
        GdbDriver.Session s = GdbDriver.debugCommand(Cli.rom("smp", dir), List.of(),
                "break rom_main",
                "continue",
                "print (int) rt_checks");
        assertContains(s.gdb(), "Breakpoint 1, ");
        assertContains(s.gdb(), "$1 = 0");
        assertContains(s.err(), "gdb detached; the guest runs on");
        assertEquals(1, s.status());
        assertContains(s.out(), "ALL PASS");
    }

    @Test
    void showsCoresAsThreadsAndSwitchesBetweenThem() throws Exception {
        GdbDriver.Session s = GdbDriver.debug(Cli.rom("smp", dir), List.of("--cores", "2"),
                "info threads",
                "hbreak ap_main",
                "continue",
                "info threads",
                "thread 1",
                "print $pc == &ap_main",
                "thread 2",
                "print $pc == &ap_main",
                "stepi",
                "print $pc == &ap_main",
                "set var $rax = 0x1234",
                "print/x $rax",
                "set var *(int *) &rt_checks = 77",
                "print (int) rt_checks",
                "x/2x 0x7ffffffff000",
                "print $xmm15.v2_int64",
                "print $st7",
                "kill");
        String g = s.gdb();
        // Before the first instruction core 1 waits for its start-up IPI in real mode.
        assertContains(g, "Thread 2 \"core 1 (real mode, waiting for SIPI)\"");
        assertContains(g, "Hardware assisted breakpoint 1 at 0x");
        assertContains(g, "Thread 2 \"core 1 (64-bit mode, running)\" hit Breakpoint 1, 0x");
        assertContains(g, "[Switching to thread 1 (Thread 1)]");
        Matcher answers = Pattern.compile("\\$(\\d) = (\\d)").matcher(g);
        StringBuilder seen = new StringBuilder();
        while (answers.find()) {
            seen.append(answers.group(2));
        }
        assertEquals("010", seen.toString().substring(0, 3), "core 0 elsewhere, core 1 at ap_main, then one step past it:\n" + g);
        assertContains(g, "$4 = 0x1234");
        assertContains(g, "$5 = 77");
        assertContains(g, "Cannot access memory at address 0x7ffffffff000");  // not mapped: an E reply
        assertContains(g, "$6 = {0, 0}");
        assertContains(g, "$7 = 0");
        assertContains(g, "[Inferior 1 (Remote target) killed]");
        assertEquals(GdbOption.KILLED, s.status());
        assertNotEquals(-1, s.err().indexOf("gdb killed the run"));
    }

    @Test
    void ctrlCStopsARunningGuestAtAnInstructionBoundary() throws Exception {
        // idle=N: the ROM idles N seconds of virtual time in STI;HLT, woken by the timer: long enough to interrupt.
        GdbDriver.Session s = GdbDriver.debugWithCtrlC(Cli.rom("smp", dir), List.of("--append", "idle=100000"),
                "smp: one processor",
                "continue",
                "print $pc != 0",
                "kill");
        String g = s.gdb();
        assertContains(g, "Program received signal SIGINT, Interrupt.");
        assertContains(g, "$1 = 1");
        assertContains(g, "[Inferior 1 (Remote target) killed]");
        assertEquals(GdbOption.KILLED, s.status());
    }
}

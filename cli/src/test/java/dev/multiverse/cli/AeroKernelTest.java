package dev.multiverse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AeroKernel (module hrt-kernel) booted standalone through Multiboot 2 with its self-tests: it starts
 * every other core with INIT/SIPI, and threads, preemption, timers, IPIs, the allocator and the interrupt
 * stacks (every gate on an IST stack, int3 and #PF resumed from preempted threads) must pass on each of 1,
 * 2 and 4 cores. As the HRT of an HVM machine (the same ELF booted by the HVM), its self-tests
 * end the machine with the same exit status and pass on its console (port 0xe9); the ROS there is the same
 * kernel again, idling. With {@code hvmtest} that ROS kernel drives every upcall request, the services by
 * number and an event round trip through the HVM and checks the HRT's work, with upcalls as the HRT tag's vector and as #GP(0xf00df00d).
 */
class AeroKernelTest {
    private static final String LIMIT = "4000000000";
    private static final List<String> PASS_LINES = List.of(
            "PASS: allocator pages: ", "PASS: allocator heap: ", "PASS: threads: ", "PASS: preemption: ",
            "PASS: timer ticks: ", "PASS: timer sleep: ", "PASS: ipi: ", "PASS: ipi all-to-all: ",
            "PASS: IST: every core: 256 gates with an IST slot, its own TSS, 7 distinct mapped stacks (");

    @TempDir
    Path dir;

    static Path kernel(Path dir) throws IOException {
        return kernel(dir, "aerokernel.elf");
    }

    /** Copies the hrt-kernel resource hrt/NAME to {@code dir}. */
    static Path kernel(Path dir, String name) throws IOException {
        Path target = dir.resolve(name);
        if (Files.exists(target)) return target;
        try (InputStream in = AeroKernelTest.class.getResourceAsStream("/hrt/" + name)) {
            assertNotNull(in, "hrt/" + name + " is not on the test classpath (build hrt-kernel)");
            Files.copy(in, target);
        }
        return target;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void standaloneSelfTestsPassOnEveryCore(int cores) throws IOException {
        Cli r = Cli.run("run", "--kernel", kernel(dir).toString(), "--cores", String.valueOf(cores),
                "--append", "selftest", "--max-instructions", LIMIT);
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith("AeroKernel: standalone boot, load bias 0x0, command line \"selftest\"\n"), r.out());
        assertTrue(r.out().contains("\nAeroKernel: " + cores + " cores up\n"), r.out());
        for (String pass : PASS_LINES) {
            assertTrue(r.out().contains("\n" + pass), pass + " missing in:\n" + r.out());
        }
        assertTrue(r.out().contains("\nPASS: threads: " + cores * 3 * 400 + " increments under a lock"), r.out());
        assertTrue(r.out().contains(" 7 distinct mapped stacks (" + cores + " cores right); "), r.out());
        assertTrue(r.out().endsWith("\nselftest: 9 passed, 0 failed\nALL PASS\n"), r.out());
    }

    @Test
    void anUnexpectedExceptionIsReportedAndEndsTheRun() throws IOException {
        Cli r = Cli.run("run", "--kernel", kernel(dir).toString(), "--cores", "2", "--append", "fault",
                "--max-instructions", LIMIT);
        // The kernel loads selector 0x100, past its GDT's end: #GP(0x100); it then exits with 0x7e.
        assertEquals(0x7e << 1 | 1, r.status(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*\ncore 0: unexpected vector 13 \\(#GP\\) error 0x100 rip 0xffff8000002[0-9a-f]{5} .*"),
                r.out());
    }

    @Test
    void asTheHrtItsSelfTestsEndTheMachine() throws IOException {
        Path k = kernel(dir);
        Path console = dir.resolve("hrt-console.txt");
        Cli r = Cli.run("run", "--kernel", k.toString(), "--memory", "256M", "--hvm", "ros=1,hrt=2",
                "--hrt-kernel", k.toString(), "--hrt-append", "selftest", "--debugcon", console.toString(),
                "--max-instructions", LIMIT);
        // The ROS (the same kernel, standalone, idling) sees one core; the HRT's console is port 0xe9.
        assertTrue(r.out().contains("\nAeroKernel: 1 cores up\n"), r.out());
        assertEquals(1, r.status(), r.out() + r.err());
        String hrt = Files.readString(console);
        assertTrue(hrt.startsWith("AeroKernel: HRT boot, load bias 0x7e00000, command line \"selftest\"\n"), hrt);
        assertTrue(hrt.contains("\nAeroKernel: 2 HRT cores up (APIC IDs 1-2), upcall vector 0xf0, comm page 0x"), hrt);
        for (String pass : PASS_LINES) {
            assertTrue(hrt.contains("\n" + pass), pass + " missing in:\n" + hrt);
        }
        assertTrue(hrt.contains("\nPASS: threads: " + 2 * 3 * 400 + " increments under a lock"), hrt);
        assertTrue(hrt.contains(" 7 distinct mapped stacks (2 cores right); "), hrt);
        assertTrue(hrt.endsWith("\nselftest: 9 passed, 0 failed\nALL PASS\n"), hrt);
    }

    /**
     * With {@code traps} every HRT core runs a thread that takes int3 and #PF without pause, so upcalls land
     * on that thread and inside its interrupt entries, also while one still moves its frame off its IST stack.
     */
    @ParameterizedTest
    @CsvSource({"aerokernel.elf, ''", "aerokernel-gp.elf, ''", "aerokernel.elf, traps", "aerokernel-gp.elf, traps"})
    void theHrtServesEveryUpcallTheRosSends(String hrt, String hrtAppend) throws IOException {
        Cli r = Cli.run("run", "--kernel", kernel(dir).toString(), "--append", "hvmtest", "--memory", "256M",
                "--hvm", "ros=1,hrt=3", "--hrt-kernel", kernel(dir, hrt).toString(), "--hrt-append", hrtAppend,
                "--max-instructions", LIMIT);
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("\nhvmtest: HRT image expected at 0x8000000\n"), r.out());
        for (String pass : List.of("invoke on the first HRT core (got 0x7c,", "invoke on every HRT core (got 0x3,",
                "state seen by the HRT during a call (got 0x1,", "service echo (got 0x600d,",
                "service count on every HRT core (got 0x3,", "service memtest: sum, then every word complemented (",
                "service post event: the event taken (got 0x7e57,", "service post event: the completion's result (got 0x10e2,",
                "event: ack before completion says pending (got 0x8000000000000001,", "event: taken with its record (",
                "event: completed (", "event: the HRT's ack returns the result (got 0x162e,", "merge (", "merged lower half: the HRT read through this process's mapping (got 0x4d657267656421,",
                "unmerge (", "unmerged: the identity map is back (", "GDT sync (",
                "GDT sync: HRT cores with this FS base (got 0x3,", "GDT cleanup (", "GDT cleanup: FS base restored (")) {
            assertTrue(r.out().contains("\nPASS: hvm " + pass), pass + " missing in:\n" + r.out());
        }
        assertTrue(r.out().endsWith("\nhvmtest: 0 failed\nALL PASS\n"), r.out());
    }
}

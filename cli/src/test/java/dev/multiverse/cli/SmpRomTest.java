package dev.multiverse.cli;

import dev.multiverse.machine.Machine;
import dev.multiverse.machine.MachineConfig;
import dev.multiverse.machine.RunResult;
import dev.multiverse.machine.StopCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The {@code smp} ROM on more than one core (QemuReferenceTest compares the one-core run with QEMU): the
 * BSP starts every AP with INIT-SIPI-SIPI, each AP reaches long mode and checks in, and core 1 answers
 * IPI pings, then every core counts the broadcast (all including or excluding self) and flat logical-destination
 * IPIs it receives. The output must match QEMU's with as many cores, and a run must be deterministic. With
 * {@code idle=SECONDS} every core then idles in STI;HLT under a 100 Hz PIT.
 */
class SmpRomTest {
    @TempDir
    Path dir;

    private static final Pattern STATS = Pattern.compile("core (\\d+): (\\d+) instructions, (\\d+) cycles, .*");

    @Test
    void anIdleFourCoreGuestSleepsThroughVirtualTime() {
        Cli r = Cli.run("run", "--stats", "--kernel", Cli.rom("smp", dir).toString(), "--cores", "4",
                "--append", "idle=10", "--max-instructions", Cli.LIMIT);
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("\nsmp: idled 10 s: 1000 timer ticks\n"), r.out());
        assertTrue(r.out().contains("\nPASS: idle: every wakeup from HLT was a timer tick\n"), r.out());
        assertTrue(r.out().endsWith("ALL PASS\n"), r.out());
        List<String> stats = r.errLines().stream().filter(l -> l.startsWith("core ")).toList();
        assertEquals(4, stats.size(), r.err());
        for (String line : stats) {
            Matcher m = STATS.matcher(line);
            assertTrue(m.matches(), line);
            long instructions = Long.parseLong(m.group(2)), cycles = Long.parseLong(m.group(3));
            // 1000 PIT periods of 11932 / 1193182 s at the 1 GHz nominal clock: just over 10e9 cycles.
            assertTrue(cycles >= 10_000_000_000L && cycles < 10_010_000_000L, line);
            // Halted time is skipped, not interpreted: the BSP runs its handler 1000 times, the APs nothing.
            assertTrue(instructions < 2_000_000, line);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void everyApStartsAndAnswersIpis(int cores) throws Exception {
        Cli r = Cli.run("run", "--kernel", Cli.rom("smp", dir).toString(), "--cores", String.valueOf(cores),
                "--max-instructions", Cli.LIMIT);
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("\nsmp: " + cores + " processors\n"), r.out());
        assertTrue(r.out().contains("\nPASS: every AP started and took a slot with LOCK XADD\n"), r.out());
        assertTrue(r.out().contains("\nPASS: IPI ping-pong with core 1: every ping answered once\n"), r.out());
        assertTrue(r.out().contains("\nPASS: all-including-self IPI: every core counted one\n"), r.out());
        assertTrue(r.out().contains("\nPASS: all-excluding-self IPI: every AP counted one more, the BSP none\n"), r.out());
        assertTrue(r.out().contains("\nPASS: flat logical-destination IPI: exactly the odd APIC IDs counted one more\n"),
                r.out());
        assertTrue(r.out().endsWith("ALL PASS\n"), r.out());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void sameOutputAsQemuWithAsManyCores(int cores) throws Exception {
        Path kernel = Cli.rom("smp", dir);
        Path out = dir.resolve("qemu.out");
        List<String> qemu = List.of("qemu-system-x86_64", "-accel", "tcg", "-cpu", QemuReferenceTest.CPU,
                "-smp", String.valueOf(cores), "-kernel", kernel.toString(),
                "-device", "isa-debug-exit,iobase=0xf4,iosize=4", "-serial", "stdio", "-display", "none",
                "-nodefaults", "-no-reboot");
        Process p = new ProcessBuilder(qemu).redirectOutput(out.toFile()).redirectError(dir.resolve("qemu.err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("QEMU did not finish within 120 s: " + String.join(" ", qemu));
        }
        Cli r = Cli.run("run", "--kernel", kernel.toString(), "--cores", String.valueOf(cores),
                "--max-instructions", Cli.LIMIT);
        assertEquals(Files.readString(out, StandardCharsets.ISO_8859_1), r.out(), "serial output (stderr: " + r.err() + ")");
        assertEquals(p.exitValue(), r.status());
    }

    @Test
    void aFourCoreRunIsDeterministic() throws Exception {
        MachineConfig config = MachineConfig.of(Cli.rom("smp", dir)).withCores(4)
                .withMaxInstructions(Long.parseLong(Cli.LIMIT));
        RunResult first = new Machine(config, new ByteArrayOutputStream()).run();
        RunResult second = new Machine(config, new ByteArrayOutputStream()).run();
        assertEquals(StopCause.DEBUG_EXIT, first.cause());
        assertEquals(4, first.cores().size());
        assertEquals(first.cores(), second.cores(), "per-core instruction and cycle counts");
        for (var core : first.cores()) {
            assertTrue(Math.abs(first.cores().getFirst().cycles() - core.cycles()) <= 1000,
                    "the cores' clocks stay within one quantum of each other");
            assertTrue(core.instructions() > 0, "core " + core.core() + " ran");
        }
    }
}

package dev.multiverse.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The platform ROMs (QemuReferenceTest compares their one-core runs with QEMU) on 2 and 4 cores. They run on
 * the bootstrap processor and never start the others, so a machine with more cores must run them exactly
 * as one core does: the same serial output and status, and the same instructions and cycles on core 0
 * (application processors waiting for a SIPI take no interrupts and do not move virtual time), while every
 * other core retires nothing. Only the {@code tables} ROM depends on the core count: it prints it in its
 * ACPI and MP processor lines, and walks one table entry more per core.
 */
class MulticorePlatformRomsTest {
    /** Every ROM that exercises the platform's devices and interrupt controllers from the BSP alone. */
    static final List<String> ROMS = List.of("a20", "apic", "ioapic", "nmi", "pci", "pit", "rtc", "rtcirq",
            "serialin", "shadow", "tables", "uart");
    private static final Pattern STATS = Pattern.compile("core (\\d+): (\\d+) instructions, (\\d+) cycles, .*");
    /** One-core runs, by ROM, shared by the 2- and 4-core cases. */
    private static final Map<String, Run> ONE_CORE = new HashMap<>();

    /** Shared by every run: a ROM's path is part of its Multiboot command line, which some ROMs scan. */
    @TempDir
    static Path dir;

    /** What a run printed and returned, with each core's instruction and cycle counts (from --stats). */
    private record Run(int status, String out, List<long[]> cores) {
    }

    static Stream<Arguments> romsAndCores() {
        return ROMS.stream().flatMap(rom -> Stream.of(Arguments.of(rom, 2), Arguments.of(rom, 4)));
    }

    private static Run run(String rom, int cores) {
        Path kernel = dir.resolve(rom + ".elf");
        if (!Files.exists(kernel)) Cli.rom(rom, dir);
        Cli r = Cli.run("run", "--stats", "--kernel", kernel.toString(), "--cores", String.valueOf(cores),
                "--serial-in", "none", "--max-instructions", Cli.LIMIT);
        List<long[]> stats = r.errLines().stream().map(STATS::matcher).filter(Matcher::matches)
                .map(m -> new long[]{Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))})
                .toList();
        assertEquals(cores, stats.size(), rom + " on " + cores + " cores: one stats line per core\n" + r.err());
        return new Run(r.status(), r.out(), stats);
    }

    /** The one-core output with the lines that count processors changed to {@code cores}. */
    private static String expectedOutput(String rom, String oneCore, int cores) {
        if (!countsCores(rom)) return oneCore;
        return oneCore.replace("\nacpi processors: 1\n", "\nacpi processors: " + cores + "\n")
                .replace("\nmp processor entries: 1\n", "\nmp processor entries: " + cores + "\n");
    }

    private static boolean countsCores(String rom) {
        return rom.equals("tables");
    }

    @ParameterizedTest(name = "{0} on {1} cores")
    @MethodSource("romsAndCores")
    void runsAsOnOneCore(String rom, int cores) {
        Run one = ONE_CORE.computeIfAbsent(rom, name -> run(name, 1));
        assertEquals(1, one.status(), rom + " on one core:\n" + one.out());
        assertTrue(one.out().endsWith("ALL PASS\n"), rom + " on one core:\n" + one.out());

        Run many = run(rom, cores);
        assertEquals(expectedOutput(rom, one.out(), cores), many.out(), rom + " on " + cores + " cores: serial output");
        assertEquals(1, many.status(), rom + " on " + cores + " cores: exit status");
        if (!countsCores(rom)) {
            assertEquals(one.cores().getFirst()[1], many.cores().getFirst()[1], rom + ": core 0's instructions");
            assertEquals(one.cores().getFirst()[2], many.cores().getFirst()[2], rom + ": core 0's cycles");
        }
        for (long[] ap : many.cores().subList(1, cores)) {
            assertEquals(0, ap[1], rom + ": core " + ap[0] + " never started, so it retired no instruction");
        }
    }
}

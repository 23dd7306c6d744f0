package dev.multiverse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pit.elf} on virtual time: two runs retire the same instructions and cycles (device events come from
 * the event queue, never host time), and the cycles exceed the instructions by the time the core spent
 * halted waiting for IRQ 0, which the machine skipped instead of running.
 */
class PitRomTimeTest {
    @TempDir
    Path dir;

    private static final Pattern STATS = Pattern.compile("core 0: (\\d+) instructions, (\\d+) cycles, .*");

    private long[] run(Path rom) {
        Cli r = Cli.run("run", "--stats", "--kernel", rom.toString(), "--max-instructions", Cli.LIMIT);
        assertEquals(1, r.status(), r.err());
        assertTrue(r.out().endsWith("ALL PASS\n"), r.out());
        Matcher m = STATS.matcher(r.errLines().getLast());
        assertTrue(m.matches(), r.err());
        return new long[]{Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    @Test
    void runsAreRepeatableAndHaltedTimeIsSkipped() {
        Path rom = Cli.rom("pit", dir);
        long[] first = run(rom), second = run(rom);
        assertEquals(first[0], second[0], "instructions");
        assertEquals(first[1], second[1], "cycles");
        // At least four of the five 1 ms IRQ 0 periods pass in HLT: 1 GHz nominal, so 4 ms is 4e6 cycles.
        assertTrue(first[1] - first[0] > 4_000_000, first[1] + " cycles for " + first[0] + " instructions");
    }
}

package dev.multiverse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run --progress}: status lines on stderr, one a second, and the guest runs exactly as without them. */
class ProgressOptionTest {
    @TempDir
    Path dir;

    @Test
    void progressLinesLeaveOutputAndCountsUnchanged() {
        String rom = Cli.rom("compute", dir).toString();
        // About 300 M instructions: seconds of host time, so the progress line shows a few times.
        Cli plain = Cli.run("run", "--kernel", rom, "--append", "rounds=100", "--stats", "--max-instructions", Cli.LIMIT);
        Cli shown = Cli.run("run", "--kernel", rom, "--append", "rounds=100", "--stats", "--max-instructions", Cli.LIMIT,
                "--progress");
        assertEquals(1, plain.status(), plain.out() + plain.err());
        assertEquals(plain.status(), shown.status());
        assertEquals(plain.out(), shown.out());
        assertEquals(counts(plain), counts(shown));
        long runMillis = Long.parseLong(shown.errLines().stream().filter(l -> l.startsWith("core 0:")).findFirst()
                .orElseThrow().replaceAll(".*cycles, ([0-9.]+) s.*", "$1").replace(".", ""));
        List<String> progress = shown.errLines().stream().filter(l -> l.startsWith(ProgressLine.PREFIX)).toList();
        // One line per full second of the run (its stats time is measured inside the run, so it may fall short of a tick).
        assertTrue(runMillis >= 2000, "the run must last seconds to show the line (raise rounds): " + runMillis + " ms");
        assertTrue(progress.size() >= runMillis / 1000 - 1, progress + " in " + runMillis + " ms");
        for (String line : progress) {
            assertTrue(line.matches("\\[multiverse] [0-9.]+( [kMGTP])? instructions, [0-9.]+ MIPS, virtual [0-9.]+ s"), line);
        }
        assertFalse(plain.err().contains(ProgressLine.PREFIX));
    }

    @Test
    void countsAreShortened() {
        assertEquals("[multiverse] 999 instructions, 0.0 MIPS, virtual 0.000 s", ProgressLine.format(999, 0, 0));
        assertEquals("[multiverse] 1.23 G instructions, 79.4 MIPS, virtual 0.842 s",
                ProgressLine.format(1_234_567_890L, 79.44, 842_000_000L));
        assertEquals("[multiverse] 12.00 k instructions, 1.5 MIPS, virtual 12.000 s", ProgressLine.format(12_000, 1.5, 12_000_000_000L));
    }

    private static List<String> counts(Cli r) {
        return r.errLines().stream().filter(l -> l.startsWith("core ")).map(l -> l.replaceAll(" cycles,.*", " cycles")).toList();
    }
}

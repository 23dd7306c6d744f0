package dev.multiverse.cli.trace;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tracing only watches: with every kind traced, a ROM prints the same and each core counts the same instructions and cycles. */
class TracingInvarianceTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} on {1} core(s)")
    @CsvSource({"apic, 1", "smp, 2", "pagefault, 1", "modes, 2"})
    void everythingTracedRunsAsUntraced(String rom, int cores) throws Exception {
        TraceRun plain = TraceRun.rom(dir, rom, "--stats", "--cores", String.valueOf(cores));
        Path log = dir.resolve(rom + ".jsonl"), timeline = dir.resolve(rom + ".json");
        TraceRun traced = TraceRun.rom(dir, rom, "--stats", "--cores", String.valueOf(cores), "--trace-events", "all",
                "--trace-out", log.toString(), "--trace-format", "json", "--timeline", timeline.toString());
        assertEquals(1, plain.status(), plain.out() + plain.err());
        assertEquals(plain.status(), traced.status());
        assertEquals(plain.out(), traced.out());
        assertEquals(cores, plain.coreCounts().size());
        assertEquals(plain.coreCounts(), traced.coreCounts());
        assertTrue(Files.size(log) > 0 && Files.size(timeline) > 0);
    }
}

package dev.multiverse.cli.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bad tracing options end with exit status 2 and one line saying what is wrong, before the guest runs. */
class TraceOptionsTest {
    @TempDir
    Path dir;

    private void rejects(String expected, String... options) {
        TraceRun r = TraceRun.rom(dir, "hello", options);
        assertEquals(2, r.status(), r.err());
        assertEquals("", r.out(), "the guest did not run");
        assertEquals(expected + "\n", r.err());
    }

    @Test
    void unknownKind() {
        rejects("multiverse: --trace-events: unknown trace event kind \"irqs\" (kinds: instructions, interrupts, ipis, "
                + "io, mmio, paging, modes, hypercalls, machine, or all)",
                "--trace-events", "io,irqs", "--trace-out", dir.resolve("t").toString());
    }

    @Test
    void unknownFormat() {
        rejects("multiverse: --trace-format must be text or json, not \"xml\"",
                "--trace-events", "io", "--trace-out", dir.resolve("t").toString(), "--trace-format", "xml");
    }

    @Test
    void kindsWithoutAFile() {
        rejects("multiverse: --trace-events needs --trace-out FILE or --timeline FILE.json", "--trace-events", "io");
    }

    @Test
    void fileWithoutKinds() {
        rejects("multiverse: --trace-out needs --trace-events KINDS (or all)", "--trace-out", dir.resolve("t").toString());
    }

    @Test
    void traceTogetherWithTraceOut() {
        rejects("multiverse: --trace FILE is short for --trace-events instructions --trace-out FILE: give one or the other",
                "--trace", dir.resolve("a").toString(), "--trace-events", "io", "--trace-out", dir.resolve("b").toString());
    }

    @Test
    void unwritableFile() {
        Path missing = dir.resolve("no-such-dir").resolve("t.json");
        TraceRun r = TraceRun.rom(dir, "hello", "--timeline", missing.toString());
        assertEquals(2, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals(true, r.err().startsWith("multiverse: cannot write trace file " + missing + ": "), r.err());
    }
}

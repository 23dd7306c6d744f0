package dev.multiverse.cpu.diff;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs every user-level integer, MMX and SSE instruction form of the opcode table (and the x87/SSE state
 * saves and restores) on the build machine's CPU and in the emulator, from the same generated starting
 * states, and requires the same results: general registers, defined flags, memory, the RIP reached, any
 * exception, and for MMX/SSE forms the x87/MMX/SSE state (XMM registers, MXCSR, x87 registers and
 * environment). The integer rows and the MMX/SSE rows each get at least 100,000 cases. The full report
 * (per-mnemonic case counts, mismatches with reproducible examples) is written to
 * {@code <build dir>/diff/report.txt}, fuller examples to examples.txt and one line per mismatch to
 * mismatches.txt.
 */
class HostDifferentialTest {
    private static final long SEED = 0x6d75_6c74_6976_6572L;
    private static final int INTEGER_CASES = 100_000;
    private static final int VECTOR_CASES = 100_000;
    private static final int BATCH = 8_000;
    private static final int PROCESSES = 2;
    /** Mismatches per mnemonic written out in full (inputs and results) to examples.txt. */
    private static final int EXAMPLES_PER_MNEMONIC = 50;

    @Test
    void emulatorAgreesWithTheHostCpu() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
                "needs an x86-64 Linux host to run instructions natively");
        long start = System.nanoTime();
        CaseGenerator generator = new CaseGenerator();
        List<DiffCase> cases = generator.generate(SEED, INTEGER_CASES, VECTOR_CASES);
        long vectorCases = cases.stream().filter(c -> c.fpu() != null).count();
        assertTrue(cases.size() - vectorCases >= INTEGER_CASES, "only " + (cases.size() - vectorCases) + " integer cases");
        assertTrue(generator.vectorRows().isEmpty() || vectorCases >= VECTOR_CASES, "only " + vectorCases + " MMX/SSE cases");
        long generated = System.nanoTime();

        Path buildDir = Path.of(HostDifferentialTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        Path workDir = buildDir.resolve("diff");
        Path source = buildDir.getParent().resolve("src/test/native/diffharness.c");
        NativeHarness harness = NativeHarness.build(source, workDir);
        Future<List<Outcome>> nativeRun = harness.start(cases, BATCH, PROCESSES);

        EmulatedMachine machine = new EmulatedMachine();
        List<Outcome> emulated = new ArrayList<>(cases.size());
        for (DiffCase c : cases) emulated.add(machine.run(c));
        long emulatorDone = System.nanoTime();
        List<Outcome> nativeOutcomes = nativeRun.get();
        long hostDone = System.nanoTime();
        assertEquals(cases.size(), nativeOutcomes.size());

        DiffReport report = new DiffReport(cases, nativeOutcomes, emulated);
        StringBuilder text = new StringBuilder();
        text.append(String.format("%d cases (%d integer over %d rows, %d MMX/SSE over %d rows) in %.1f s, %d mismatches%n",
                cases.size(), cases.size() - vectorCases, generator.integerRows().size(), vectorCases, generator.vectorRows().size(),
                (System.nanoTime() - start) / 1e9, report.mismatchCount()));
        // The host runs while the emulator does: its time is how long after generation its last batch came back.
        text.append(String.format("generation %.1f s, emulator %.1f s, host %.1f s%n", (generated - start) / 1e9,
                (emulatorDone - generated) / 1e9, (hostDone - generated) / 1e9));
        for (CaseGenerator.Skipped s : generator.skipped()) {
            text.append(String.format("not tested: %-24s (%s) %s%n", RowNames.form(s.row()), RowNames.opcode(s.row()), s.reason()));
        }
        text.append(report.summary()).append(report.details());
        Files.writeString(workDir.resolve("report.txt"), text);
        Files.writeString(workDir.resolve("mismatches.txt"), report.allMismatches());
        Files.writeString(workDir.resolve("examples.txt"), report.examples(EXAMPLES_PER_MNEMONIC));
        System.out.println(text.substring(0, text.indexOf("\n")) + " (report: " + workDir.resolve("report.txt") + ")");
        assertEquals(0, report.mismatchCount(), () -> report.mismatchCount() + " mismatches between the CPU and the emulator; examples in "
                + workDir.resolve("report.txt") + " and " + workDir.resolve("examples.txt") + ", every case in "
                + workDir.resolve("mismatches.txt") + "\n" + report.overview());
    }
}

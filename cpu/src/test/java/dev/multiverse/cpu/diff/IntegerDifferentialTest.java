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
 * Runs every user-level integer instruction form of the opcode table on the build machine's CPU and in
 * the emulator, from the same generated starting states, and requires the same results: registers,
 * defined flags, memory, the RIP reached and any exception. The full report (per-mnemonic case counts,
 * mismatches with reproducible examples) is written to {@code <build dir>/diff/report.txt}.
 */
class IntegerDifferentialTest {
    private static final long SEED = 0x6d75_6c74_6976_6572L;
    private static final int MINIMUM_CASES = 100_000;
    private static final int BATCH = 8_000;
    private static final int PROCESSES = 2;

    @Test
    void emulatorAgreesWithTheHostCpu() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
                "needs an x86-64 Linux host to run instructions natively");
        long start = System.nanoTime();
        CaseGenerator generator = new CaseGenerator();
        List<DiffCase> cases = generator.generate(SEED, MINIMUM_CASES);
        assertTrue(cases.size() >= MINIMUM_CASES, "only " + cases.size() + " cases");

        Path buildDir = Path.of(IntegerDifferentialTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        Path workDir = buildDir.resolve("diff");
        Path source = buildDir.getParent().resolve("src/test/native/diffharness.c");
        NativeHarness harness = NativeHarness.build(source, workDir);
        Future<List<Outcome>> nativeRun = harness.start(cases, BATCH, PROCESSES);

        EmulatedMachine machine = new EmulatedMachine();
        List<Outcome> emulated = new ArrayList<>(cases.size());
        for (DiffCase c : cases) emulated.add(machine.run(c));
        List<Outcome> nativeOutcomes = nativeRun.get();
        assertEquals(cases.size(), nativeOutcomes.size());

        DiffReport report = new DiffReport(cases, nativeOutcomes, emulated);
        StringBuilder text = new StringBuilder();
        text.append(String.format("%d cases over %d rows in %.1f s, %d mismatches%n", cases.size(), generator.rows().size(),
                (System.nanoTime() - start) / 1e9, report.mismatchCount()));
        for (CaseGenerator.Skipped s : generator.skipped()) {
            text.append(String.format("not tested: %-24s (%s) %s%n", RowNames.form(s.row()), RowNames.opcode(s.row()), s.reason()));
        }
        text.append(report.summary()).append(report.details());
        Files.writeString(workDir.resolve("report.txt"), text);
        Files.writeString(workDir.resolve("mismatches.txt"), report.allMismatches());
        System.out.println(text.substring(0, text.indexOf("\n")) + " (report: " + workDir.resolve("report.txt") + ")");
        assertEquals(0, report.mismatchCount(), () -> report.mismatchCount() + " mismatches between the CPU and the emulator; examples in "
                + workDir.resolve("report.txt") + ", every case in " + workDir.resolve("mismatches.txt") + "\n" + report.overview());
    }
}

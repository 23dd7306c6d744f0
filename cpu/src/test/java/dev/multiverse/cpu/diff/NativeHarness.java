package dev.multiverse.cpu.diff;

import dev.multiverse.cpu.testing.NativePrograms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The native side: builds diffharness.c with the machine's gcc and runs batches of cases through it,
 * several processes at a time, exchanging cases and outcomes through files.
 */
final class NativeHarness {
    private static final long BATCH_TIMEOUT_SECONDS = 300;

    private final Path executable;
    private final Path workDir;

    private NativeHarness(Path executable, Path workDir) {
        this.executable = executable;
        this.workDir = workDir;
    }

    /** Compiles the harness into {@code workDir} unless an up-to-date build is already there. */
    static NativeHarness build(Path source, Path workDir) throws IOException, InterruptedException {
        Path exe = NativePrograms.build(source, workDir, "-O2", "-std=gnu11", "-Wall", "-Wextra", "-Werror",
                "-U_FORTIFY_SOURCE");
        return new NativeHarness(exe, workDir);
    }

    /** Runs the cases in batches of {@code batchSize} on {@code processes} concurrent harness processes. */
    Future<List<Outcome>> start(List<DiffCase> cases, int batchSize, int processes) {
        ExecutorService pool = Executors.newFixedThreadPool(processes, r -> {
            Thread t = new Thread(r, "diffharness");
            t.setDaemon(true);
            return t;
        });
        List<Future<List<Outcome>>> batches = new ArrayList<>();
        for (int from = 0; from < cases.size(); from += batchSize) {
            List<DiffCase> batch = cases.subList(from, Math.min(cases.size(), from + batchSize));
            int number = from / batchSize;
            batches.add(pool.submit(() -> runBatch(number, batch)));
        }
        pool.shutdown();
        ExecutorService joiner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "diffharness-join");
            t.setDaemon(true);
            return t;
        });
        Future<List<Outcome>> all = joiner.submit(() -> {
            List<Outcome> outcomes = new ArrayList<>(cases.size());
            for (Future<List<Outcome>> b : batches) outcomes.addAll(b.get());
            return outcomes;
        });
        joiner.shutdown();
        return all;
    }

    private List<Outcome> runBatch(int number, List<DiffCase> batch) throws IOException, InterruptedException {
        Path in = workDir.resolve("batch-" + number + ".cases");
        Path out = workDir.resolve("batch-" + number + ".outcomes");
        Path err = workDir.resolve("batch-" + number + ".log");
        CaseFile.writeCases(in, batch);
        Process p = new ProcessBuilder(executable.toString(), in.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(err.toFile()).start();
        if (!p.waitFor(BATCH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("diffharness did not finish batch " + number + " in " + BATCH_TIMEOUT_SECONDS + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("diffharness failed on batch " + number + " (exit " + p.exitValue() + "): "
                    + Files.readString(err, StandardCharsets.UTF_8).strip());
        }
        List<Outcome> outcomes = CaseFile.readOutcomes(out, batch.size());
        Files.delete(in);
        Files.delete(out);
        Files.delete(err);
        return outcomes;
    }
}

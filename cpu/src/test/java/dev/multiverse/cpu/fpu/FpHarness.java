package dev.multiverse.cpu.fpu;

import dev.multiverse.cpu.testing.NativePrograms;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Builds fpharness.c with the machine's gcc and runs cases through it, exchanging them through files. */
final class FpHarness {
    private static final int CASE_BYTES = 48;
    private static final int RESULT_BYTES = 24;

    private final Path executable;
    private final Path workDir;

    private FpHarness(Path executable, Path workDir) {
        this.executable = executable;
        this.workDir = workDir;
    }

    /** Compiles the harness into {@code workDir} unless an up-to-date build is already there. */
    static FpHarness build(Path source, Path workDir) throws IOException, InterruptedException {
        Path exe = NativePrograms.build(source, workDir, "-O2", "-std=gnu11", "-Wall", "-Wextra", "-Werror");
        return new FpHarness(exe, workDir);
    }

    List<Outcome> run(List<FpCase> cases) throws IOException, InterruptedException {
        Path in = workDir.resolve("cases.bin");
        Path out = workDir.resolve("results.bin");
        Path log = workDir.resolve("fpharness.log");
        ByteBuffer buffer = ByteBuffer.allocate(cases.size() * CASE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (FpCase c : cases) {
            buffer.putInt(c.op().id()).putInt(c.control()).putInt(c.imm()).putInt(0);
            buffer.putLong(c.a()).putLong(c.aHigh()).putLong(c.b()).putLong(c.bHigh());
        }
        Files.write(in, buffer.array());
        Process p = new ProcessBuilder(executable.toString(), in.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("fpharness did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("fpharness failed (exit " + p.exitValue() + "): " + Files.readString(log).strip());
        }
        ByteBuffer results = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        if (results.remaining() != cases.size() * RESULT_BYTES) {
            throw new IOException("fpharness wrote " + results.remaining() + " bytes for " + cases.size() + " cases");
        }
        List<Outcome> outcomes = new ArrayList<>(cases.size());
        while (results.hasRemaining()) {
            long value = results.getLong();
            int valueHigh = (int) results.getLong();
            outcomes.add(new Outcome(value, valueHigh, results.getInt(), results.getInt()));
        }
        return outcomes;
    }
}

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

/** Builds transcharness.c with the machine's gcc and runs x87 instructions through it, exchanging them through files. */
final class TranscHarness {
    private static final int CASE_BYTES = 48;
    private static final int RESULT_BYTES = 40;

    /** One instruction: the FCW, ST0 = a and (for two-operand instructions) ST1 = b. */
    record Case(TranscendentalOp op, int control, Float80 a, Float80 b) {
        String describe() {
            String[] rc = {"nearest", "down", "up", "zero"};
            return String.format("%-8s FCW=%04x (RC=%s PC=%d masks=%02x)  a=%s%s", op, control, rc[(control >> 10) & 3],
                    (control >> 8) & 3, control & 0x3f, a, op.binary ? "  b=" + b : "");
        }
    }

    private final Path executable;
    private final Path workDir;

    private TranscHarness(Path executable, Path workDir) {
        this.executable = executable;
        this.workDir = workDir;
    }

    /** Compiles the harness into {@code workDir} unless an up-to-date build is already there. */
    static TranscHarness build(Path source, Path workDir) throws IOException, InterruptedException {
        Path exe = NativePrograms.build(source, workDir, "-O2", "-std=gnu11", "-Wall", "-Wextra", "-Werror");
        return new TranscHarness(exe, workDir);
    }

    List<TranscendentalOp.HostState> run(List<Case> cases) throws IOException, InterruptedException {
        Path in = workDir.resolve("transc-cases.bin");
        Path out = workDir.resolve("transc-results.bin");
        Path log = workDir.resolve("transcharness.log");
        ByteBuffer buffer = ByteBuffer.allocate(cases.size() * CASE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Case c : cases) {
            buffer.putInt(c.op().id).putInt(c.control()).putInt(0).putInt(0);
            buffer.putLong(c.a().significand()).putLong(c.a().signExponent());
            buffer.putLong(c.b().significand()).putLong(c.b().signExponent());
        }
        Files.write(in, buffer.array());
        Process p = new ProcessBuilder(executable.toString(), in.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("transcharness did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("transcharness failed (exit " + p.exitValue() + "): " + Files.readString(log).strip());
        }
        ByteBuffer results = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        if (results.remaining() != cases.size() * RESULT_BYTES) {
            throw new IOException("transcharness wrote " + results.remaining() + " bytes for " + cases.size() + " cases");
        }
        List<TranscendentalOp.HostState> states = new ArrayList<>(cases.size());
        while (results.hasRemaining()) {
            long st0 = results.getLong();
            int st0High = (int) results.getLong();
            long st1 = results.getLong();
            int st1High = (int) results.getLong();
            int status = results.getInt();
            results.getInt(); // the tag word: emptiness already reads as zero
            states.add(new TranscendentalOp.HostState(new Float80(st0High, st0), new Float80(st1High, st1), status));
        }
        return states;
    }
}

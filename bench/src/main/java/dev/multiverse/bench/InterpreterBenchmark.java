package dev.multiverse.bench;

import dev.multiverse.machine.BootException;
import dev.multiverse.machine.Machine;
import dev.multiverse.machine.MachineConfig;
import dev.multiverse.machine.RunResult;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Interpreter speed on compute-bound guests: each invocation boots a workload ROM (rounds=N on its command
 * line) and runs it to its isa-debug-exit, serial output discarded. Booting happens in an invocation-level
 * setup, so the timed part is the guest run alone. {@code compute} is general-purpose integer code,
 * {@code ssebench} SSE2 vector and scalar double-precision and packed-integer code.
 *
 * <p>The score to read is {@code run:instructions}: guest instructions retired per second (ops/s).
 * The primary {@code run} score is whole guest runs per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xss8m"})
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
public class InterpreterBenchmark {
    /** The workload ROM. */
    @Param({"compute", "ssebench"})
    public String rom;

    /** The workload's size; 0 takes the ROM's default, about 31 million guest instructions. */
    @Param("0")
    public int rounds;

    /** Rounds for about 31 million instructions: compute.elf's take 3.1 million each, ssebench.elf's 11,400. */
    private static final Map<String, Integer> DEFAULT_ROUNDS = Map.of("compute", 10, "ssebench", 2700);

    /** Enough for compute.elf (about 1.2 MiB from 1 MiB up); small because every boot allocates fresh RAM. */
    private static final long MEMORY = 8L << 20;

    private Path kernel;
    private MachineConfig config;
    private Machine machine;

    /** Guest instructions retired, reported by JMH as a rate: guest instructions per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class GuestInstructions {
        public long instructions;

        @Setup(Level.Iteration)
        public void reset() {
            instructions = 0;
        }
    }

    @Setup(Level.Trial)
    public void extractRom() throws IOException {
        kernel = Files.createTempFile(rom, ".elf");
        try (InputStream in = InterpreterBenchmark.class.getResourceAsStream("/roms/" + rom + ".elf")) {
            if (in == null) throw new IllegalStateException("roms/" + rom + ".elf is missing from the benchmark jar");
            Files.copy(in, kernel, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        int n = rounds > 0 ? rounds : DEFAULT_ROUNDS.get(rom);
        config = new MachineConfig(MEMORY, kernel, "rounds=" + n, List.of(), 0);
    }

    @Setup(Level.Invocation)
    public void boot() throws BootException {
        machine = new Machine(config, OutputStream.nullOutputStream());
    }

    @TearDown(Level.Trial)
    public void deleteRom() throws IOException {
        Files.deleteIfExists(kernel);
    }

    @Benchmark
    public RunResult run(GuestInstructions guest) {
        RunResult r = machine.run();
        if (r.exitStatus() != 1) {
            throw new IllegalStateException(rom + ".elf did not pass (status " + r.exitStatus() + "): " + r.diagnostic());
        }
        guest.instructions += r.totalInstructions();
        return r;
    }
}

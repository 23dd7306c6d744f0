package dev.multiverse.cpu.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The native programs of the host comparisons (cpu/src/test/native/*.c), built with the machine's gcc
 * into a work directory and rebuilt only when the source is newer than the executable.
 */
public final class NativePrograms {
    private NativePrograms() {
    }

    /**
     * Builds {@code source} into {@code dir} (the executable is named after the source, without ".c")
     * with {@code flags}, unless an up-to-date build is already there; fails with gcc's output.
     */
    public static Path build(Path source, Path dir, String... flags) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String name = source.getFileName().toString().replaceFirst("\\.c$", "");
        Path exe = dir.resolve(name);
        if (Files.exists(exe) && Files.getLastModifiedTime(exe).compareTo(Files.getLastModifiedTime(source)) >= 0) {
            return exe;
        }
        List<String> command = new ArrayList<>(List.of("gcc"));
        command.addAll(List.of(flags));
        command.addAll(List.of("-o", exe.toString(), source.toString()));
        Path log = dir.resolve(name + "-gcc.log");
        Process gcc = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            gcc.destroyForcibly();
            throw new IOException("gcc could not build " + source + ":\n" + Files.readString(log));
        }
        return exe;
    }

    /**
     * Runs {@code exe CASES OUTCOMES} with {@code cases} as the case file, both files named {@code label} in
     * {@code dir}, and returns the outcome file; fails with the program's output if it does not succeed.
     */
    public static byte[] exchange(Path exe, Path dir, String label, byte[] cases) throws IOException, InterruptedException {
        Path in = dir.resolve(label + ".cases"), out = dir.resolve(label + ".outcomes"), log = dir.resolve(label + ".log");
        Files.write(in, cases);
        Process p = new ProcessBuilder(exe.toString(), in.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(exe.getFileName() + " failed:\n" + Files.readString(log));
        }
        return Files.readAllBytes(out);
    }
}

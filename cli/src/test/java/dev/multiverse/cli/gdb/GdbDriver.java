package dev.multiverse.cli.gdb;

import dev.multiverse.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code multiverse run --gdb 0} in-process on a test ROM and Debian's gdb in batch mode against it,
 * as a user would: gdb loads the ROM's symbols (the ELF32 image keeps them) and connects to the port the
 * emulator announced on stderr.
 */
final class GdbDriver {
    private static final Pattern PORT = Pattern.compile("waiting for gdb on 127\\.0\\.0\\.1:(\\d+)");

    /** What gdb printed, and what the emulator printed and returned. */
    record Session(String gdb, int status, String out, String err) {
    }

    private GdbDriver() {
    }

    static boolean gdbInstalled() {
        try {
            Process p = new ProcessBuilder("gdb", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }


    /** Boots {@code rom} with {@code runOptions} under --gdb 0 and runs gdb's {@code commands} against it. */
    static Session debug(Path rom, List<String> runOptions, String... commands) throws Exception {
        return debugWithCtrlC(rom, runOptions, null, commands);
    }

    /** As {@link #debug(Path, List, String...)} with {@code multiverse debug --gdb} instead of {@code run --gdb}. */
    static Session debugCommand(Path rom, List<String> runOptions, String... commands) throws Exception {
        return serve("debug", rom, runOptions, null, commands);
    }

    /**
     * As {@link #debug(Path, List, String...)}, and once the guest has printed {@code interruptAfter} (so
     * it is running under a continue), presses Ctrl-C: sends gdb SIGINT, which gdb passes on as 0x03.
     */
    static Session debugWithCtrlC(Path rom, List<String> runOptions, String interruptAfter, String... commands) throws Exception {
        return serve("run", rom, runOptions, interruptAfter, commands);
    }

    private static Session serve(String subcommand, Path rom, List<String> runOptions, String interruptAfter,
                                 String... commands) throws Exception {
        List<String> args = new ArrayList<>(List.of(subcommand, "--kernel", rom.toString(), "--max-instructions", "500000000",
                "--gdb", "0"));
        args.addAll(runOptions);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PortWatcher err = new PortWatcher();
        CompletableFuture<Integer> emulator = CompletableFuture.supplyAsync(() -> {
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                return Main.run(args.toArray(new String[0]), o, e);
            }
        });
        int port = err.port.get(10, TimeUnit.SECONDS);
        List<String> gdb = new ArrayList<>(List.of("gdb", "-batch", "-nx",
                "-ex", "set architecture i386:x86-64",
                "-ex", "symbol-file " + rom,
                "-ex", "target remote :" + port));
        for (String c : commands) {
            gdb.add("-ex");
            gdb.add(c);
        }
        Process p = new ProcessBuilder(gdb).redirectErrorStream(true).start();
        if (interruptAfter != null) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!out.toString(StandardCharsets.UTF_8).contains(interruptAfter) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
        }
        CompletableFuture<String> printed = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("gdb did not finish:\n" + printed.getNow(""));
        }
        int status = emulator.get(20, TimeUnit.SECONDS);
        return new Session(printed.get(), status, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    /** The emulator's stderr, completing {@link #port} when the stub says where it listens. */
    private static final class PortWatcher extends OutputStream {
        final CompletableFuture<Integer> port = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            if (b == '\n' && !port.isDone()) {
                Matcher m = PORT.matcher(toString());
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        }

        @Override
        public synchronized String toString() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}

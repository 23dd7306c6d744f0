package dev.multiverse.cli.debug;

import dev.multiverse.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code multiverse debug --script} (or any command line) in-process, as a user would, and keeps what it printed. */
record DebugScript(int status, String out, String err) {
    /** Runs {@code commands} as a script against the test ROM {@code rom}, with extra options before the script. */
    static DebugScript run(Path dir, String rom, String commands, String... options) {
        try {
            Path script = Files.writeString(dir.resolve("script-" + System.nanoTime() + ".txt"), commands);
            List<String> args = new ArrayList<>(List.of("debug", "--kernel", rom(rom, dir).toString()));
            args.addAll(List.of(options));
            args.addAll(List.of("--script", script.toString()));
            return main(args.toArray(new String[0]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DebugScript main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Main.run(args, o, e);
        }
        return new DebugScript(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The test-roms resource roms/NAME.elf, copied to {@code dir} once. */
    static Path rom(String name, Path dir) {
        Path target = dir.resolve(name + ".elf");
        if (Files.exists(target)) return target;
        try (InputStream in = DebugScript.class.getResourceAsStream("/roms/" + name + ".elf")) {
            if (in == null) throw new IllegalStateException("roms/" + name + ".elf is not on the test classpath (build test-roms)");
            Files.copy(in, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** The output from the echo of {@code command} at the prompt up to the next prompt (or the end). */
    String after(String command) {
        String echo = "(mv) " + command + "\n";
        int at = out.indexOf(echo);
        if (at < 0) throw new AssertionError("no \"" + command + "\" in:\n" + out);
        int from = at + echo.length();
        int next = out.indexOf("(mv) ", from);
        return out.substring(from, next < 0 ? out.length() : next);
    }
}

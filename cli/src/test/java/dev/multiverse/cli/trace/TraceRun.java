package dev.multiverse.cli.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code multiverse} run in-process, as a user would start it, with helpers to read the trace files it wrote. */
record TraceRun(int status, String out, String err) {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Instruction cap so a broken CPU ends a ROM instead of hanging the build. */
    static final String LIMIT = "500000000";
    private static final Pattern STATS = Pattern.compile("core (\\d+): (\\d+) instructions, (\\d+) cycles, .*");

    static TraceRun run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Main.run(args, o, e);
        }
        return new TraceRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs test ROM {@code rom} (copied into {@code dir}) with {@code extra} options, serial input none. */
    static TraceRun rom(Path dir, String rom, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--kernel", romFile(dir, rom).toString(),
                "--serial-in", "none", "--max-instructions", LIMIT));
        args.addAll(List.of(extra));
        return run(args.toArray(new String[0]));
    }

    static Path romFile(Path dir, String name) {
        Path target = dir.resolve(name + ".elf");
        if (Files.exists(target)) return target;
        try (InputStream in = TraceRun.class.getResourceAsStream("/roms/" + name + ".elf")) {
            if (in == null) throw new IllegalStateException("roms/" + name + ".elf is not on the test classpath (build test-roms)");
            Files.copy(in, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** "core N: I instructions, C cycles" of every --stats line, without the host-dependent time. */
    List<String> coreCounts() {
        List<String> counts = new ArrayList<>();
        for (String line : err.lines().toList()) {
            Matcher m = STATS.matcher(line);
            if (m.matches()) counts.add("core " + m.group(1) + ": " + m.group(2) + " instructions, " + m.group(3) + " cycles");
        }
        return counts;
    }

    /** Every line of a JSON-lines trace, parsed. */
    static List<JsonNode> jsonLines(Path file) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(file)) events.add(JSON.readTree(line));
        return events;
    }
}

package dev.multiverse.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs {@link Main} in-process and keeps what it printed; extracts test ROMs from the classpath. */
public record Cli(int status, String out, String err) {
    /** Instruction cap for test runs, so a broken CPU ends a ROM with status 4 instead of hanging the build. */
    static final String LIMIT = "500000000";

    static Cli run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Main.run(args, o, e);
        }
        return new Cli(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Cli run(List<String> args) {
        return run(args.toArray(new String[0]));
    }

    List<String> errLines() {
        return err.lines().toList();
    }

    /** Names of every ROM in the test-roms artifact (roms/NAME.elf on the classpath), sorted. */
    static List<String> romNames() {
        URL hello = Cli.class.getResource("/roms/hello.elf");
        if (hello == null) {
            throw new IllegalStateException("roms/hello.elf is not on the test classpath (build test-roms)");
        }
        try {
            URI uri = hello.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return elfNames(jar.getPath("/roms"));
                }
            }
            return elfNames(Path.of(uri).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> elfNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".elf"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
    }

    /** Copies the test-roms resource roms/NAME.elf to {@code dir}. */
    public static Path rom(String name, Path dir) {
        Path target = dir.resolve(name + ".elf");
        try (InputStream in = Cli.class.getResourceAsStream("/roms/" + name + ".elf")) {
            if (in == null) {
                throw new IllegalStateException("roms/" + name + ".elf is not on the test classpath (build test-roms)");
            }
            Files.copy(in, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}

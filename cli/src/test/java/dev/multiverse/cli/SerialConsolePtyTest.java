package dev.multiverse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The serial console on a real terminal: {@code multiverse run} in a pseudo-terminal that util-linux's
 * {@code script} gives it, typed at through script's stdin, against the {@code serialin} ROM (which
 * prints the line it receives, quoted). Keys are sent once the progress line shows, since the console is
 * raw by then.
 */
@Timeout(120)
class SerialConsolePtyTest {
    @TempDir
    Path dir;

    /** A run in a pty: what the terminal showed, as it comes. */
    private static final class PtyRun {
        final Process process;
        final OutputStream keys;
        private final StringBuilder screen = new StringBuilder();

        PtyRun(String shellCommand) throws IOException {
            process = new ProcessBuilder("script", "-qfec", shellCommand, "/dev/null").redirectErrorStream(true).start();
            keys = process.getOutputStream();
            InputStream shown = process.getInputStream();
            Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[4096];
                try {
                    for (int n; (n = shown.read(buf)) > 0; ) {
                        synchronized (screen) {
                            screen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                            screen.notifyAll();
                        }
                    }
                } catch (IOException ignored) {
                    // The process ended.
                }
            });
        }

        void type(String bytes) throws IOException {
            keys.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            keys.flush();
        }

        void awaitShown(String text) throws InterruptedException {
            synchronized (screen) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (screen.indexOf(text) < 0) {
                    long left = deadline - System.nanoTime();
                    assertTrue(left > 0, "the terminal never showed " + text + ": " + screen);
                    TimeUnit.NANOSECONDS.timedWait(screen, left);
                }
            }
        }

        String finish() throws Exception {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the run did not end: " + screen);
            keys.close();
            Thread.sleep(100);   // the reader drains the last output
            synchronized (screen) {
                return screen.toString();
            }
        }
    }

    private String multiverse() {
        assumeTrue(Stream.of(System.getenv("PATH").split(File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, "script"))),
                "util-linux script is not installed: no pseudo-terminal to test the console in");
        Path rom = Cli.rom("serialin", dir);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", "--kernel", rom.toString(), "--append", "timeout=0", "--progress", "--max-instructions", Cli.LIMIT);
        return command.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }

    @Test
    void everyKeyReachesTheGuestByteForByte() throws Exception {
        PtyRun run = new PtyRun(multiverse());
        run.awaitShown(ProgressLine.PREFIX);
        // Ctrl-C would interrupt a cooked terminal's process; Ctrl-A Ctrl-A is one Ctrl-A; LF ends the ROM's line.
        run.type("h\u0003\u0001\u0001i\n");
        String screen = run.finish();
        assertTrue(screen.contains("received 5 bytes: \"h\\x03\\x01i\\n\""), screen);
        assertEquals(1, run.process.exitValue(), screen);   // the ROM's ALL PASS through isa-debug-exit
    }

    @Test
    void ctrlAXQuitsAndTheTerminalIsRestored() throws Exception {
        PtyRun run = new PtyRun(multiverse() + "; echo \"status=$?\"; stty -a");
        run.awaitShown(ProgressLine.PREFIX);
        run.type("\u0001h");
        run.awaitShown("Ctrl-A X       quit");
        run.type("\u0001x");
        String screen = run.finish();
        assertTrue(screen.contains("multiverse: quit (Ctrl-A X)"), screen);
        assertTrue(screen.contains("status=8"), screen);
        for (String mode : List.of("icanon", "echo", "isig", "icrnl", "ixon", "opost")) {
            assertTrue(Pattern.compile("(?<![-\\w])" + mode + "(?!\\w)").matcher(screen).find(), mode + " is back on: " + screen);
            assertFalse(screen.contains("-" + mode + " "), mode + " is back on: " + screen);
        }
    }
}

package dev.multiverse.systest;

import dev.multiverse.rosshim.Initramfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The main job as a user meets it: the multiverse command boots Debian's kernel with the default initramfs,
 * a shell prompt appears on the console, typed commands run, and {@code poweroff} ends the run with status 0.
 * Runs the real command in its own process with stdin as a pipe, typing only once the prompt is there.
 */
class InteractiveShellTest {
    private static final Pattern PROMPT = Pattern.compile("multiverse:\\S*# $");
    /** A guard against a hung guest, not a speed check: a boot takes tens of seconds. */
    private static final long PATIENCE_SECONDS = 600;

    @Test
    void shellPromptTakesCommandsAndPoweroffEndsTheRun(@TempDir Path work) throws Exception {
        Path initrd = work.resolve("initramfs.cpio");
        Files.write(initrd, new Initramfs(DebianLinux.busybox()).toBytes());
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar",
                System.getProperty("multiverse.cli.jar"), "run", "--kernel", DebianLinux.kernel().toString(),
                "--initrd", initrd.toString(), "--append", "console=ttyS0 quiet", "--memory", "512M",
                "--cores", "2", "--serial-in", "stdin"))
                .redirectErrorStream(true).start();
        // A hung guest ends the test: the reads below then see the end of the output.
        CompletableFuture.delayedExecutor(PATIENCE_SECONDS, TimeUnit.SECONDS).execute(p::destroyForcibly);
        try {
            Console console = new Console(p.getInputStream());
            OutputStream keys = p.getOutputStream();
            console.awaitPrompt();
            type(keys, "nproc; echo $((6 * 7))-answer\n");
            String reply = console.awaitPrompt();
            assertTrue(reply.contains("\n2\r\n42-answer\r\n") || reply.contains("\n2\n42-answer\n"), reply);
            type(keys, "poweroff\n");
            p.waitFor();
            assertEquals(0, p.exitValue(), console.text.toString());
        } finally {
            p.destroyForcibly();
        }
    }

    private static void type(OutputStream keys, String line) throws IOException {
        keys.write(line.getBytes(StandardCharsets.US_ASCII));
        keys.flush();
    }

    /** The guest's console output as it comes. */
    private static final class Console {
        private final InputStream in;
        final StringBuilder text = new StringBuilder();
        private int consumed;

        Console(InputStream in) {
            this.in = in;
        }

        /** Reads until the shell's prompt ends the output; returns what came since the last prompt. */
        String awaitPrompt() throws IOException {
            while (!PROMPT.matcher(text).find(consumed)) {
                int b = in.read();
                if (b < 0) throw new AssertionError("the run ended (or hung and was stopped) before the prompt: " + text);
                text.append((char) b);
            }
            String since = text.substring(consumed);
            consumed = text.length();
            return since;
        }
    }
}

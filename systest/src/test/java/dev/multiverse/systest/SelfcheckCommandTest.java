package dev.multiverse.systest;

import dev.multiverse.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code multiverse selfcheck hvm} for real: Debian's Linux on one ROS core and the AeroKernel on two HRT
 * cores of a 1 GiB machine; every operation of hvmctl selfcheck works, the table has a cycle count on each
 * row, and Linux sees only the ROS.
 */
class SelfcheckCommandTest {
    /** The rows the table must have, each with a positive number of cycles. */
    private static final List<String> ROWS = List.of("null hypercall (median of 1000)", "HRT boot (reset to ready)",
            "invoke, first HRT core (round trip)", "invoke, all 2 HRT cores (round trip)", "merge",
            "HRT->ROS event round trip");

    @Test
    void theHvmSelfcheckPassesAndPrintsTheTable() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"selfcheck", "hvm", "--linux-dir", DebianLinux.directory().toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8), diagnostics = err.toString(StandardCharsets.UTF_8);
        String summary = "exit status " + status + "\n--- stdout ---\n" + table + "--- stderr ---\n" + diagnostics;

        assertEquals(0, status, summary);
        List<String> lines = table.lines().toList();
        assertTrue(Pattern.matches("HVM self-check: ROS 1 core / 512 MiB \\(Linux 6\\.\\S+\\), HRT 2 cores / 512 MiB \\(AeroKernel\\)",
                lines.getFirst()), summary);
        assertTrue(Pattern.matches("operation +cycles", lines.get(1)), summary);
        for (String row : ROWS) {
            assertTrue(lines.stream().anyMatch(l -> Pattern.matches(Pattern.quote(row) + " +[1-9][0-9]*", l)),
                    "no row \"" + row + "\" with its cycles: " + summary);
        }
        assertTrue(Pattern.matches("isolation: Linux sees 1 CPU \\(ROS: 1\\), MemTotal [1-9][0-9]* MiB \\(ROS RAM: 512 MiB\\) +ok",
                lines.getLast()), summary);
        assertEquals("", diagnostics, summary);
    }
}

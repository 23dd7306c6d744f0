package dev.multiverse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * test-roms' {@code outcome/triple.elf} loads an IDT with limit 0 and executes UD2: #UD, then #GP and #DF
 * cannot be delivered, so the core shuts down. By default the run ends with status 1 and a one-line
 * diagnostic; with {@code --on-triple-fault reset} the machine boots the ROM again until {@code --max-resets}.
 * (QEMU with -no-reboot exits with status 0 instead, so this ROM is outside the generic QEMU comparison.)
 */
class TripleFaultRomTest {
    @TempDir
    Path dir;

    private static final String FIRST_LINE = "triple: loading an empty IDT and executing UD2\n";
    private static final String AT = "at RIP 0x[0-9a-f]+ <rom_main\\+0x[0-9a-f]+> in 64-bit mode after \\d+ instructions";

    private Path kernel() throws IOException {
        Path kernel = dir.resolve("triple.elf");
        try (InputStream in = TripleFaultRomTest.class.getResourceAsStream("/roms/outcome/triple.elf")) {
            assertNotNull(in, "roms/outcome/triple.elf is not on the test classpath (build test-roms)");
            Files.copy(in, kernel);
        }
        return kernel;
    }

    @Test
    void tripleFaultStopsTheRunWithStatusOneAndADiagnostic() throws IOException {
        Cli r = Cli.run("run", "--kernel", kernel().toString(), "--max-instructions", Cli.LIMIT);
        assertEquals(FIRST_LINE, r.out(), "nothing runs after the fault");
        assertEquals(1, r.status(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        String line = r.errLines().getFirst();
        assertTrue(line.matches("multiverse: core 0 triple fault \\(shutdown\\) " + AT), line);
    }

    @Test
    void resetModeBootsTheRomAgainUntilTheResetLimit() throws IOException {
        Cli r = Cli.run("run", "--kernel", kernel().toString(), "--on-triple-fault", "reset", "--max-resets", "3",
                "--max-instructions", Cli.LIMIT);
        assertEquals(FIRST_LINE.repeat(4), r.out(), "the ROM starts afresh after every reset");
        assertEquals(6, r.status(), r.err());
        List<String> lines = r.errLines();
        assertEquals(4, lines.size(), r.err());
        for (String line : lines.subList(0, 3)) {
            assertTrue(line.matches("multiverse: machine reset \\(triple fault on core 0 " + AT + "\\)"), line);
        }
        assertTrue(lines.get(3).matches("multiverse: core 0 triple fault \\(shutdown\\) " + AT
                + "; not resetting again after 3 machine resets"), lines.get(3));
    }

    @Test
    void resetModeHasADefaultResetLimit() throws IOException {
        Cli r = Cli.run("run", "--kernel", kernel().toString(), "--on-triple-fault", "reset",
                "--max-instructions", Cli.LIMIT);
        assertEquals(FIRST_LINE.repeat(11), r.out());
        assertEquals(6, r.status(), r.err());
        assertEquals(11, r.errLines().size(), r.err());
    }

    @Test
    void tripleFaultOptionsAreChecked() throws IOException {
        String k = kernel().toString();
        Cli bad = Cli.run("run", "--kernel", k, "--on-triple-fault", "reboot");
        assertEquals(2, bad.status());
        assertEquals(List.of("multiverse: --on-triple-fault must be stop or reset, not \"reboot\""), bad.errLines());
        // --max-resets alone is valid (it also bounds guest resets through port 0x92); triple faults still stop.
        Cli alone = Cli.run("run", "--kernel", k, "--max-resets", "2");
        assertEquals(1, alone.status(), alone.err());
        Cli negative = Cli.run("run", "--kernel", k, "--on-triple-fault", "reset", "--max-resets", "-1");
        assertEquals(2, negative.status());
        assertEquals(List.of("multiverse: --max-resets must not be negative"), negative.errLines());
    }
}

package dev.multiverse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * test-roms' {@code outcome/triple.elf} loads an IDT with limit 0 and executes UD2: #UD, then #GP and #DF
 * cannot be delivered, so the core shuts down. The run ends with status 1 and a one-line diagnostic. (QEMU
 * with -no-reboot exits with status 0 instead, so this ROM is outside the generic QEMU comparison.)
 */
class TripleFaultRomTest {
    @TempDir
    Path dir;

    @Test
    void tripleFaultStopsTheRunWithStatusOneAndADiagnostic() throws IOException {
        Path kernel = dir.resolve("triple.elf");
        try (InputStream in = TripleFaultRomTest.class.getResourceAsStream("/roms/outcome/triple.elf")) {
            assertNotNull(in, "roms/outcome/triple.elf is not on the test classpath (build test-roms)");
            Files.copy(in, kernel);
        }
        Cli r = Cli.run("run", "--kernel", kernel.toString(), "--max-instructions", Cli.LIMIT);
        assertEquals("triple: loading an empty IDT and executing UD2\n", r.out(), "nothing runs after the fault");
        assertEquals(1, r.status(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        String line = r.errLines().getFirst();
        assertTrue(line.matches("multiverse: core 0 triple fault \\(shutdown\\) at RIP 0x[0-9a-f]+ <rom_main\\+0x[0-9a-f]+>"
                + " in 64-bit mode after \\d+ instructions"), line);
    }
}

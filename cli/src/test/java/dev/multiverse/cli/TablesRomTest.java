package dev.multiverse.cli;

import dev.multiverse.machine.Machine;
import dev.multiverse.machine.MachineConfig;
import dev.multiverse.machine.RunResult;
import dev.multiverse.machine.StopCause;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code tables} ROM on machines with several cores (QemuReferenceTest compares the one-core run with
 * QEMU): it finds the ACPI and MP tables as an OS does and counts every core in both.
 */
class TablesRomTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 64})
    void everyCoreIsInBothTables(int cores) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MachineConfig config = MachineConfig.of(Cli.rom("tables", dir)).withCores(cores)
                .withMaxInstructions(Long.parseLong(Cli.LIMIT));
        RunResult r = new Machine(config, out).run();
        String serial = out.toString(StandardCharsets.ISO_8859_1);
        assertEquals(StopCause.DEBUG_EXIT, r.cause(), serial);
        assertEquals(1, r.exitStatus(), serial);
        assertTrue(serial.contains("\nacpi processors: " + cores + "\nacpi ioapics: 1\n"), serial);
        assertTrue(serial.contains("\nmp processor entries: " + cores + "\nmp ioapics: 1\n"), serial);
        assertTrue(serial.endsWith("ALL PASS\n"), serial);
    }
}

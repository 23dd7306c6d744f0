package dev.multiverse.machine.firmware;

import dev.multiverse.mmu.PhysicalMemory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks every ACPI table the machine writes with ACPICA's {@code iasl} (Debian's acpica-tools, which
 * bin/setup installs): the disassembler must decode it without a warning (it reports bad checksums, lengths
 * and unknown fields), and compiling the disassembly back must give the same bytes, apart from the
 * checksum and the compiler ID and revision, which {@code iasl} replaces with its own.
 */
class IaslValidationTest {
    private static final String IASL = "iasl";
    /** Header bytes iasl rewrites when it compiles: the checksum (9) and the creator ID and revision (28-35). */
    private static final int CHECKSUM = 9, CREATOR = 28, CREATOR_END = 36;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 64})
    void iaslDecodesAndRecompilesEveryTable(int cores) throws Exception {
        PhysicalMemory memory = new PhysicalMemory(4 << 20);
        long rsdp = FirmwareTables.install(memory, new Platform(cores));
        long xsdt = memory.read(rsdp + 24, 8);
        List<Long> tables = new ArrayList<>(List.of(xsdt, memory.read(rsdp + 16, 4)));
        for (long e = xsdt + 36; e < xsdt + memory.read(xsdt + 4, 4); e += 8) {
            tables.add(memory.read(e, 8));
        }
        long fadt = tables.stream().filter(t -> signature(memory, t).equals("FACP")).findFirst().orElseThrow();
        tables.add(memory.read(fadt + 40, 4));
        assertEquals(List.of("XSDT", "RSDT", "FACP", "APIC", "DSDT"), tables.stream().map(t -> signature(memory, t)).toList());
        for (long t : tables) {
            byte[] table = memory.dump(t, (int) memory.read(t + 4, 4));
            roundTrip(signature(memory, t).toLowerCase(), table);
        }
    }

    private static String signature(PhysicalMemory memory, long table) {
        return new String(memory.dump(table, 4), StandardCharsets.US_ASCII);
    }

    private void roundTrip(String name, byte[] table) throws IOException, InterruptedException {
        Path dat = Files.write(dir.resolve(name + ".dat"), table);
        String disassembly = iasl("-d", dat.toString());
        assertFalse(disassembly.contains("Warning") || disassembly.contains("Error"), name + ": iasl -d reports: " + disassembly);
        Path dsl = dir.resolve(name + ".dsl");
        assertTrue(Files.exists(dsl), name + ": iasl -d wrote no disassembly: " + disassembly);
        String compile = iasl("-p", dir.resolve("re-" + name).toString(), dsl.toString());
        assertTrue(compile.contains("0 Errors, 0 Warnings, 0 Remarks"), name + ": iasl cannot compile its disassembly: " + compile);
        byte[] again = Files.readAllBytes(dir.resolve("re-" + name + ".aml"));
        assertArrayEquals(withoutCompilerFields(table), withoutCompilerFields(again), name + ": recompiled table differs");
    }

    private static byte[] withoutCompilerFields(byte[] table) {
        byte[] b = table.clone();
        b[CHECKSUM] = 0;
        Arrays.fill(b, CREATOR, CREATOR_END, (byte) 0);
        return b;
    }

    private String iasl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(iaslBinary()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("iasl did not finish: " + command);
        }
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }

    private static String iaslBinary() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(d, IASL);
            if (Files.isExecutable(candidate)) return candidate.toString();
        }
        fail(IASL + " is not on PATH: this test needs it (bin/setup installs Debian's acpica-tools)");
        throw new AssertionError("unreachable");
    }
}

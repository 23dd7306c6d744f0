package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.testing.NativePrograms;
import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.TestCpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * DAA, DAS, AAA, AAS, AAM and AAD against the host CPU: src/test/native/bcdharness.c runs each case in
 * a 32-bit compatibility-mode code segment of a 64-bit Linux process, and AX and all six status flags
 * (the ones the SDM calls undefined included) must come out of our semantics the same. Covers every AL
 * with every CF/AF for the first four, every AL and immediate for AAM, every AX for AAD 10.
 */
class BcdHostTest {
    private static final byte[] OPCODES = {0x27, 0x2f, 0x37, 0x3f, (byte) 0xd4, (byte) 0xd5};
    private static final int STATUS = Flags.CF | Flags.PF | Flags.AF | Flags.ZF | Flags.SF | Flags.OF;

    private record Case(int op, int imm, int ax, int flags) {
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int op = 0; op < 4; op++) {
            for (int ah : new int[] {0x00, 0x12, 0xff}) {
                for (int al = 0; al < 256; al++) {
                    for (int fl : new int[] {0x2, 0x3, 0x12, 0x13, 0x8c6, 0x8d7}) cases.add(new Case(op, 0, ah << 8 | al, fl));
                }
            }
        }
        for (int imm = 0; imm < 256; imm++) {
            for (int al = 0; al < 256; al++) cases.add(new Case(4, imm, 0x5500 | al, (al & 1) == 0 ? 0x2 : 0x8d7));
        }
        for (int ax = 0; ax < 0x10000; ax++) cases.add(new Case(5, 10, ax, (ax & 1) == 0 ? 0x2 : 0x8d7));
        for (int imm : new int[] {0, 1, 7, 0x10, 0xff}) {
            for (int ax = 0; ax < 0x10000; ax += 13) cases.add(new Case(5, imm, ax, 0x2));
        }
        return cases;
    }

    private static Path buildHarness(Path dir, Path source) throws IOException, InterruptedException {
        // Non-PIE: the code and data used in compatibility mode must lie below 4 GiB.
        return NativePrograms.build(source, dir, "-O1", "-no-pie", "-Wall", "-Wextra", "-Wl,--no-warn-rwx-segments");
    }

    @Test
    void everyCaseMatchesTheHostCpu() throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64") && System.getProperty("os.name").equals("Linux"),
                "needs an x86-64 Linux host");
        Path buildDir = Path.of(BcdHostTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        Path dir = Files.createDirectories(buildDir.resolve("bcdharness"));
        Path exe = buildHarness(dir, buildDir.getParent().resolve("src/test/native/bcdharness.c"));
        List<Case> cases = cases();
        StringBuilder in = new StringBuilder();
        for (Case k : cases) in.append(Integer.toHexString(k.op)).append(' ').append(Integer.toHexString(k.imm)).append(' ')
                .append(Integer.toHexString(k.ax)).append(' ').append(Integer.toHexString(k.flags)).append('\n');
        Path input = dir.resolve("cases.txt"), output = dir.resolve("outcomes.txt");
        Files.writeString(input, in);
        Process p = new ProcessBuilder(exe.toString()).redirectInput(input.toFile()).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "harness timed out");
        // A kernel without 32-bit user segments (no IA32 emulation) cannot run the harness.
        assumeTrue(p.exitValue() == 0, "the host cannot run 32-bit compatibility-mode code (exit " + p.exitValue() + ")");
        List<String> lines = Files.readAllLines(output, StandardCharsets.US_ASCII);
        assertEquals(cases.size(), lines.size(), "one outcome per case");

        TestCpu t = new TestCpu(2);
        int mismatches = 0;
        StringBuilder first = new StringBuilder();
        for (int n = 0; n < cases.size(); n++) {
            Case k = cases.get(n);
            t.cpu.gpr[Cpu.RAX] = 0x1234_0000L | k.ax;
            t.cpu.flags.put(k.flags);
            t.cpu.rip = 0x1000;
            CpuException e = DirectExec.raised(t, OPCODES[k.op], k.imm);
            String ours = e != null ? CpuException.mnemonic(e.vector).substring(1)
                    : Long.toHexString(t.cpu.gpr[Cpu.RAX] & 0xffff_ffffL) + " " + Long.toHexString(t.cpu.flags.get() & STATUS);
            String[] host = lines.get(n).split(" ");
            String expected = host.length == 1 ? host[0]
                    : Long.toHexString(0x1234_0000L | Long.parseLong(host[0], 16) & 0xffff) + " "
                    + Long.toHexString(Long.parseLong(host[1], 16) & STATUS);
            if (!ours.equals(expected)) {
                if (mismatches++ < 10) first.append(String.format("%n%s imm=%x ax=%04x flags=%x: host %s, ours %s",
                        new String[] {"daa", "das", "aaa", "aas", "aam", "aad"}[k.op], k.imm, k.ax, k.flags, expected, ours));
            }
        }
        int differing = mismatches;
        assertEquals(0, differing, () -> differing + " of " + cases.size() + " cases differ:" + first);
    }
}

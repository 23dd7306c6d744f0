package dev.multiverse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code selfcheck hvm}'s usage errors: each is one line on stderr and exit status 2, before any boot. The
 * boot itself is checked in systest (it needs Debian's kernel).
 */
class SelfcheckUsageTest {
    @TempDir
    Path dir;

    private static Cli usage(String... args) {
        Cli r = Cli.run(args);
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertEquals("", r.out());
        return r;
    }

    @Test
    void missingLinuxFilesSayRunSetup() throws IOException {
        assertEquals("multiverse: " + dir.resolve("vmlinuz") + " not found: run bin/setup (bin/fetch-linux fetches"
                        + " Debian's kernel and busybox), or give --linux-dir DIR",
                usage("selfcheck", "hvm", "--linux-dir", dir.toString()).err().strip());
        Files.write(dir.resolve("vmlinuz"), new byte[] {1, 2, 3});
        assertTrue(usage("selfcheck", "hvm", "--linux-dir", dir.toString()).err()
                .startsWith("multiverse: " + dir.resolve("busybox") + " not found: run bin/setup"));
    }

    @Test
    void theLinuxFilesAreLookedForInTheMultiverseHome() {
        String before = System.getProperty("multiverse.home");
        System.setProperty("multiverse.home", dir.toString());
        try {
            assertTrue(usage("selfcheck", "hvm").err()
                    .startsWith("multiverse: " + dir.resolve("build/linux/vmlinuz") + " not found: run bin/setup"));
        } finally {
            if (before == null) System.clearProperty("multiverse.home");
            else System.setProperty("multiverse.home", before);
        }
    }

    @Test
    void aFileThatIsNoKernelIsAUsageError() throws IOException {
        Files.write(dir.resolve("vmlinuz"), "not a kernel".getBytes());
        Files.write(dir.resolve("busybox"), "not busybox either".getBytes());
        Cli r = usage("selfcheck", "hvm", "--linux-dir", dir.toString(), "--memory", "64M");
        assertTrue(r.err().startsWith("multiverse: "), r.err());
        assertTrue(r.err().contains("vmlinuz"), r.err());
    }

    @Test
    void badOptionsAreUsageErrors() throws IOException {
        Files.write(dir.resolve("vmlinuz"), new byte[] {1});
        Files.write(dir.resolve("busybox"), new byte[] {1});
        String linux = dir.toString();
        assertEquals("multiverse: --ros-cores and --hrt-cores must be at least 1",
                usage("selfcheck", "hvm", "--linux-dir", linux, "--hrt-cores", "0").err().strip());
        assertEquals("multiverse: --max-virtual-time must be at least 1",
                usage("selfcheck", "hvm", "--linux-dir", linux, "--max-virtual-time", "0").err().strip());
        assertTrue(usage("selfcheck", "hvm", "--linux-dir", linux, "--memory", "lots").err().contains("not a memory size"));
        assertTrue(usage("selfcheck", "hvm", "--linux-dir", linux, "--ros-cores", "40", "--hrt-cores", "40").err()
                .contains("cores must be 1 to 64"));
        assertEquals("multiverse: selfcheck needs a check: hvm (see multiverse selfcheck --help)",
                usage("selfcheck").err().strip());
        usage("selfcheck", "frobnicate");
    }

    @Test
    void helpListsTheOptions() {
        Cli r = Cli.run("selfcheck", "hvm", "--help");
        assertEquals(0, r.status(), r.err());
        for (String option : new String[] {"--linux-dir", "--ros-cores", "--hrt-cores", "--memory", "--max-virtual-time", "--progress", "--verbose"}) {
            assertTrue(r.out().contains(option), r.out());
        }
    }
}

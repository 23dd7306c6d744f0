package dev.multiverse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run --hvm}: the ROS kernel and the HRT kernel on one machine. test-roms' {@code hrt/hrtboot.elf}
 * checks its HRT entry state and boot information from the inside and ends the run through isa-debug-exit,
 * while the ROS (the serialin ROM with timeout=0) waits for serial input that never comes.
 */
class HvmRunTest {
    @TempDir
    Path dir;

    private Path hrtImage() throws IOException {
        Path image = dir.resolve("hrtboot.elf");
        try (InputStream in = HvmRunTest.class.getResourceAsStream("/roms/hrt/hrtboot.elf")) {
            assertNotNull(in, "roms/hrt/hrtboot.elf is not on the test classpath (build test-roms)");
            Files.copy(in, image);
        }
        return image;
    }

    @Test
    void hrtBootsIntoItsEntryStateBesideTheRos() throws IOException {
        Cli r = Cli.run("run", "--kernel", Cli.rom("serialin", dir).toString(), "--append", "timeout=0",
                "--memory", "512M", "--hvm", "ros=1,hrt=1,ros-mem=256M", "--hrt-kernel", hrtImage().toString(),
                "--hrt-append", "hello-hrt", "--max-instructions", Cli.LIMIT);
        assertTrue(r.out().startsWith("HRT core 0 (APIC ID 1) entered at 0xffff8000102"), r.out());
        assertFalse(r.out().contains("FAIL"), r.out());
        assertTrue(r.out().endsWith("ALL PASS\n"), r.out());
        assertEquals(1, r.status(), r.err());
    }

    private Cli usage(String... options) throws IOException {
        String[] args = new String[options.length + 3];
        args[0] = "run";
        args[1] = "--kernel";
        Path hello = dir.resolve("hello.elf");
        args[2] = (Files.exists(hello) ? hello : Cli.rom("hello", dir)).toString();
        System.arraycopy(options, 0, args, 3, options.length);
        Cli r = Cli.run(args);
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        return r;
    }

    @Test
    void badHvmOptionsAreOneLineUsageErrors() throws IOException {
        String hrt = hrtImage().toString();
        assertEquals("multiverse: --hvm needs --hrt-kernel FILE (the HRT kernel image)",
                usage("--hvm", "ros=1,hrt=1").err().strip());
        assertEquals("multiverse: --hrt-kernel and --hrt-append need --hvm", usage("--hrt-kernel", hrt).err().strip());
        assertTrue(usage("--hvm", "ros=1", "--hrt-kernel", hrt).err().contains("ros and hrt are required"));
        assertEquals("multiverse: --cores 3 disagrees with --hvm ros=1,hrt=1 (2 cores)",
                usage("--hvm", "ros=1,hrt=1", "--cores", "3", "--hrt-kernel", hrt).err().strip());
        assertTrue(usage("--memory", "512M", "--hvm", "ros=1,hrt=1,ros-mem=3M", "--hrt-kernel", hrt).err()
                .contains("multiple of 2M"));
        assertTrue(usage("--memory", "512M", "--hvm", "ros=1,hrt=1,ros-mem=512M", "--hrt-kernel", hrt).err()
                .contains("leave the HRT at least 2M"));
        assertTrue(usage("--hvm", "ros=1,hrt=1,ros-mem=1x", "--hrt-kernel", hrt).err().contains("not a memory size"));
        assertTrue(usage("--hvm", "ros=1,hrt=1", "--hrt-kernel", Cli.rom("alu", dir).toString()).err()
                .contains("not an ELF64 x86-64 file"), "an ELF32 ROM is no HRT image");
        // hrtboot.elf is linked at 0x10200000: on a 128 MiB machine that is outside RAM.
        assertTrue(usage("--hvm", "ros=1,hrt=1", "--hrt-kernel", hrt).err()
                .contains("lie outside HRT RAM 0x4000000-0x8000000"));
    }
}

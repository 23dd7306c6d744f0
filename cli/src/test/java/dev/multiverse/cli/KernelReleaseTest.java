package dev.multiverse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The release string of a bzImage's setup header, for selfcheck hvm's title. */
class KernelReleaseTest {
    @TempDir
    Path dir;

    /** Setup sectors with "HdrS" and kernel_version pointing at {@code version} (placed at 0x200 + 0x3c0). */
    private Path bzImage(String version) throws IOException {
        byte[] image = new byte[0x1000];
        byte[] magic = "HdrS".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, image, 0x202, 4);
        image[0x20E] = (byte) 0xc0;
        image[0x20F] = 0x03;
        byte[] text = version.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, image, 0x5c0, text.length);
        Path file = dir.resolve("vmlinuz");
        Files.write(file, image);
        return file;
    }

    @Test
    void theReleaseIsTheVersionStringsFirstWord() throws IOException {
        assertEquals("6.1.0-56-amd64",
                KernelRelease.of(bzImage("6.1.0-56-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.158-1\0")));
    }

    @Test
    void aFileWithoutTheSetupHeaderHasNone() throws IOException {
        Path file = dir.resolve("plain");
        Files.write(file, "not a kernel".getBytes(StandardCharsets.US_ASCII));
        assertNull(KernelRelease.of(file));
        assertNull(KernelRelease.of(bzImage("\0")), "an empty version string");
    }
}

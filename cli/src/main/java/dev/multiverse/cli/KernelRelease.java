package dev.multiverse.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Linux bzImage's release ("6.1.0-56-amd64"), what {@code uname -r} shows: the first word of the version
 * string the setup header's kernel_version field points to (Linux boot protocol 2.00 and later: offset
 * 0x20E holds the string's offset minus 0x200; the header carries "HdrS" at 0x202).
 */
final class KernelRelease {
    private static final int HEADER_MAGIC = 0x202, KERNEL_VERSION = 0x20E, SETUP_BASE = 0x200;
    /** The setup code the string lies in is at most 0x7F sectors plus the boot sector. */
    private static final int SETUP_LIMIT = 0x80 * 512;

    private KernelRelease() {
    }

    /** The release of the bzImage {@code file}, or null when it is not a bzImage with a version string. */
    static String of(Path file) throws IOException {
        byte[] setup;
        try (InputStream in = Files.newInputStream(file)) {
            setup = in.readNBytes(SETUP_LIMIT);
        }
        if (setup.length < KERNEL_VERSION + 2
                || !new String(setup, HEADER_MAGIC, 4, StandardCharsets.US_ASCII).equals("HdrS")) {
            return null;
        }
        int pointer = (setup[KERNEL_VERSION] & 0xFF) | (setup[KERNEL_VERSION + 1] & 0xFF) << 8;
        int start = pointer + SETUP_BASE;
        if (pointer == 0 || start >= setup.length) return null;
        int end = start;
        while (end < setup.length && setup[end] > ' ' && setup[end] < 0x7F) end++;
        return end == start ? null : new String(setup, start, end - start, StandardCharsets.US_ASCII);
    }
}

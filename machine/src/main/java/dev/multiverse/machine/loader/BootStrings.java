package dev.multiverse.machine.loader;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** NUL-terminated UTF-8 strings laid out one after another from a start address, for boot information. */
final class BootStrings {
    final long start;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    BootStrings(long start) {
        this.start = start;
    }

    /** Appends {@code s} and returns its guest address. */
    long add(String s) {
        long at = start + bytes.size();
        bytes.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        bytes.write(0);
        return at;
    }

    long end() {
        return start + bytes.size();
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }
}

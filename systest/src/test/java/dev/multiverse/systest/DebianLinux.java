package dev.multiverse.systest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Debian's kernel and busybox as bin/fetch-linux leaves them in build/linux. */
final class DebianLinux {
    private DebianLinux() {
    }

    static Path directory() {
        return Path.of(System.getProperty("multiverse.linux", "../build/linux")).toAbsolutePath().normalize();
    }

    /** The bzImage, Debian's vmlinuz. */
    static Path kernel() {
        return existing("vmlinuz");
    }

    static byte[] busybox() throws IOException {
        return Files.readAllBytes(existing("busybox"));
    }

    private static Path existing(String name) {
        Path file = directory().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: run bin/setup (bin/fetch-linux fetches Debian's kernel and busybox)");
        }
        return file;
    }
}

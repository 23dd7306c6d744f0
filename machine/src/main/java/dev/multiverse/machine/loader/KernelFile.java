package dev.multiverse.machine.loader;

import dev.multiverse.machine.BootException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a kernel or module file whole, turning every I/O failure into a one-line {@link BootException}. */
public final class KernelFile {
    private KernelFile() {
    }

    /** The bytes of {@code path}; {@code what} ("kernel", "module") starts the error messages. */
    public static byte[] read(Path path, String what, long ramSize) throws BootException {
        try {
            if (Files.isDirectory(path)) {
                throw new BootException(what + " " + path + ": is a directory");
            }
            long size = Files.size(path);
            if (size > ramSize) {
                throw new BootException(String.format("%s %s: %d bytes do not fit in guest RAM (%d MiB)",
                        what, path, size, ramSize >> 20));
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new BootException(what + " " + path + ": no such file");
        } catch (AccessDeniedException e) {
            throw new BootException(what + " " + path + ": permission denied");
        } catch (IOException e) {
            throw new BootException(what + " " + path + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** The file named by a module argument "FILE [ARGS]". */
    static Path modulePath(String spec) {
        int space = spec.indexOf(' ');
        return Path.of(space < 0 ? spec : spec.substring(0, space));
    }

    /** The ARGS of a module argument "FILE ARGS", or "" when it names only a file. */
    static String moduleArgs(String spec) {
        int space = spec.indexOf(' ');
        return space < 0 ? "" : spec.substring(space + 1);
    }
}

package dev.multiverse.cli;

import dev.multiverse.rosshim.Initramfs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code multiverse initramfs}: writes a busybox initramfs (cpio newc) for booting Linux with {@code run --initrd}. */
@Command(name = "initramfs", sortOptions = false,
        description = {"Write a busybox initramfs (cpio newc) for Linux: /bin/busybox, /dev/console, and an /init",
                "that mounts proc, sys and devtmpfs and runs a shell on the console (busybox init: `poweroff`",
                "ends the run with status 0). bin/setup writes build/linux/initramfs.cpio with it."})
final class InitramfsCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--busybox", required = true, paramLabel = "FILE",
            description = "A statically linked x86-64 busybox (Debian's busybox-static: /bin/busybox).")
    Path busybox;

    @Option(names = "--init", paramLabel = "FILE",
            description = "Use this script (or program) as /init instead of the interactive shell's.")
    Path init;

    @Option(names = "--file", paramLabel = "PATH=FILE",
            description = "Also put FILE in the archive at PATH (repeatable; mode 0755 if FILE is executable, else 0644).")
    List<String> files = new ArrayList<>();

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Where to write the archive.")
    Path output;

    private final PrintStream err;

    InitramfsCommand(PrintStream err) {
        this.err = err;
    }

    @Override
    public Integer call() {
        try {
            Initramfs initramfs = new Initramfs(read(busybox, "--busybox"));
            if (init != null) initramfs.init(read(init, "--init"));
            for (String spec : files) {
                int eq = spec.indexOf('=');
                if (eq <= 0 || eq == spec.length() - 1) return usage("--file takes PATH=FILE, not \"" + spec + "\"");
                Path source;
                try {
                    source = Path.of(spec.substring(eq + 1));
                } catch (InvalidPathException e) {
                    return usage("--file " + spec + ": not a file name");
                }
                initramfs.file(spec.substring(0, eq), Files.isExecutable(source) ? 0755 : 0644, read(source, "--file"));
            }
            Files.write(output, initramfs.toBytes());
            return 0;
        } catch (UnreadableFile e) {
            return usage(e.getMessage());
        } catch (IOException | InvalidPathException e) {
            return usage("cannot write " + output + ": " + Main.oneLine(String.valueOf(e.getMessage())));
        }
    }

    private static byte[] read(Path file, String option) throws UnreadableFile {
        try {
            return Files.readAllBytes(file);
        } catch (IOException | InvalidPathException e) {
            throw new UnreadableFile("cannot read " + option + " file " + file + ": " + Main.oneLine(String.valueOf(e.getMessage())));
        }
    }

    private int usage(String message) {
        err.println("multiverse: " + message);
        return Main.USAGE;
    }

    private static final class UnreadableFile extends Exception {
        UnreadableFile(String message) {
            super(message);
        }
    }
}

package dev.multiverse.cli;

import dev.multiverse.machine.BootException;
import dev.multiverse.machine.Machine;
import dev.multiverse.machine.MachineConfig;
import dev.multiverse.machine.RunResult;
import dev.multiverse.machine.StopCause;
import dev.multiverse.machine.TripleFaultAction;
import dev.multiverse.machine.hvm.HvmConfig;
import dev.multiverse.rosshim.Initramfs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;

/**
 * {@code multiverse selfcheck hvm}: boots Debian's Linux (bin/fetch-linux's build/linux) on the ROS cores and
 * the AeroKernel on the HRT cores of one machine, runs {@code hvmctl selfcheck} in Linux and prints the
 * cycles each HVM operation took (see {@link HvmSelfcheckTable}).
 */
@Command(name = "hvm", sortOptions = false,
        description = {"Boot Linux beside the AeroKernel in a Hybrid Virtual Machine and measure the HVM's operations.",
                "Debian's Linux (from bin/setup) runs on the ROS cores, the AeroKernel on the HRT cores; hvmctl selfcheck "
                        + "in Linux times a null hypercall, the HRT image install and reset, an invoke on the first and on "
                        + "all HRT cores, a merge and an HRT->ROS event. Prints the emulated cycles of each and whether "
                        + "Linux sees only the ROS cores and RAM."},
        footerHeading = "%nExit status:%n",
        footer = {"  0   every operation worked and the partition holds",
                "  1   an operation failed, a value is missing or Linux sees more than the ROS",
                "  2   bad options, or the Linux files are missing (run bin/setup)",
                "  70  internal emulator error"})
final class HvmSelfcheck implements Callable<Integer> {
    /** Where the AeroKernel sits in the initramfs, for hvmctl to install. */
    static final String IMAGE_IN_GUEST = "/hrt/aerokernel.elf";
    /** panic=-1: a panicking kernel reboots at once, which ends the run (no machine resets are allowed). */
    static final String APPEND = "console=ttyS0 quiet panic=-1";
    static final String INIT = """
            hvmctl selfcheck %s
            poweroff -f
            """.formatted(IMAGE_IN_GUEST);
    /** Console lines shown when hvmctl did not get to its verdict. */
    private static final int TAIL_LINES = 20;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--linux-dir", paramLabel = "DIR",
            description = "Where Debian's vmlinuz and busybox are (default: build/linux in the Multiverse directory, bin/fetch-linux's cache).")
    Path linuxDir;

    @Option(names = "--ros-cores", paramLabel = "R", defaultValue = "1", description = "Linux's cores (default: ${DEFAULT-VALUE}).")
    int rosCores;

    @Option(names = "--hrt-cores", paramLabel = "H", defaultValue = "2", description = "The AeroKernel's cores (default: ${DEFAULT-VALUE}).")
    int hrtCores;

    @Option(names = "--memory", paramLabel = "SIZE", converter = MemorySizeConverter.class, defaultValue = "1G",
            description = "Guest RAM, half of it Linux's (default: ${DEFAULT-VALUE}).")
    long memory;

    @Option(names = "--max-virtual-time", paramLabel = "SECONDS", defaultValue = "300",
            description = "End the check (status 1) when the guest has run this many virtual seconds without powering off "
                    + "(default: ${DEFAULT-VALUE}). The boot takes about 2; hvmctl gives the HRT 60 s to boot and 10 s per call, "
                    + "but a ROS core waiting inside a call for an HRT that never answers would wait forever.")
    long maxVirtualSeconds;

    @Option(names = "--progress", description = "Once a second, a status line on stderr (as run --progress).")
    boolean progress;

    @Option(names = "--verbose", description = "Stream Linux's console to stderr, then show the AeroKernel's debug console "
            + "(port 0xE9); show stack traces of internal errors.")
    boolean verbose;

    private final PrintStream out;
    private final PrintStream err;

    HvmSelfcheck(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        if (rosCores < 1 || hrtCores < 1) return usage("--ros-cores and --hrt-cores must be at least 1");
        if (maxVirtualSeconds < 1) return usage("--max-virtual-time must be at least 1");
        Path dir = linuxDir != null ? linuxDir : Path.of(System.getProperty("multiverse.home", ".")).resolve("build/linux");
        Path kernel = dir.resolve("vmlinuz"), busybox = dir.resolve("busybox");
        for (Path file : List.of(kernel, busybox)) {
            if (!Files.isRegularFile(file)) {
                return usage(file + " not found: run bin/setup (bin/fetch-linux fetches Debian's kernel and busybox), or give --linux-dir DIR");
            }
        }
        try (InputStream in = HvmSelfcheck.class.getResourceAsStream("/hrt/aerokernel.elf")) {
            if (in == null) return usage("the AeroKernel (classpath resource hrt/aerokernel.elf) is missing: run bin/setup");
            return boot(kernel, Files.readAllBytes(busybox), in.readAllBytes());
        } catch (IOException e) {
            return usage("cannot prepare the boot files: " + e);
        }
    }

    /** Writes the AeroKernel and the initramfs to a temporary directory, boots them and checks; returns the exit status. */
    private int boot(Path kernel, byte[] busybox, byte[] aerokernel) throws IOException {
        Path work = Files.createTempDirectory("multiverse-selfcheck-");
        Path hrtKernel = work.resolve("aerokernel.elf"), initrd = work.resolve("initramfs.cpio");
        try {
            Files.write(hrtKernel, aerokernel);
            Files.write(initrd, new Initramfs(busybox).initScript(INIT)
                    .file(IMAGE_IN_GUEST, 0644, aerokernel).toBytes());
            MachineConfig config;
            try {
                config = new MachineConfig(memory, kernel, APPEND, List.of(initrd.toString()), 0, TripleFaultAction.STOP, 0)
                        .withHvm(new HvmConfig(rosCores, hrtCores, 0, hrtKernel, ""))
                        .withMaxVirtualNanos(TimeUnit.SECONDS.toNanos(maxVirtualSeconds));
            } catch (IllegalArgumentException e) {
                return usage(e.getMessage());
            }
            return check(config, KernelRelease.of(kernel));
        } finally {
            Files.deleteIfExists(hrtKernel);
            Files.deleteIfExists(initrd);
            Files.deleteIfExists(work);
        }
    }

    /** Runs the machine, prints the table and says what went wrong; returns the exit status. */
    private int check(MachineConfig config, String linuxRelease) {
        ByteArrayOutputStream console = new ByteArrayOutputStream(), debugConsole = new ByteArrayOutputStream();
        ProgressLine line = progress ? new ProgressLine(err, err == System.err && SerialConsole.stderrIsTerminal()) : null;
        OutputStream serial = verbose ? new Tee(console, line != null ? line.guard(err) : err) : console;
        Machine machine;
        try {
            machine = new Machine(config, serial);
        } catch (BootException e) {
            if (line != null) line.close();
            return usage(e.getMessage());
        }
        machine.connectDebugConsole(debugConsole);
        machine.setResetListener(message -> err.println("multiverse: " + message));
        if (line != null) line.start(machine, () -> false);
        RunResult result = machine.run();
        if (line != null) line.close();

        String text = console.toString(StandardCharsets.UTF_8);
        HvmCheckReport report = HvmCheckReport.parse(text);
        HvmSelfcheckTable table = new HvmSelfcheckTable(config.hvm(), config.memorySize(), linuxRelease, report);
        if (!report.isEmpty()) table.lines().forEach(out::println);
        out.flush();
        if (verbose) {
            err.println("multiverse: the AeroKernel's debug console (port 0xE9):");
            err.print(debugConsole.toString(StandardCharsets.UTF_8));
        }
        boolean good = true;
        if (!report.finished()) {
            err.println("multiverse: hvmctl selfcheck did not finish; the guest's last lines:");
            tail(text).forEach(err::println);
            good = false;
        } else if (!report.passed()) {
            err.println("multiverse: hvmctl selfcheck failed: " + (report.error() != null ? report.error() : "(no error message)"));
            good = false;
        } else if (!table.missing().isEmpty()) {
            err.println("multiverse: hvmctl selfcheck passed but did not report " + String.join(", ", table.missing()));
            good = false;
        }
        if (report.finished() && !table.isolationHolds()) {
            err.println("multiverse: the partition does not hold: Linux must see only the ROS cores and RAM");
            good = false;
        }
        if (result.exitStatus() != 0) {
            err.println("multiverse: the guest did not power off: "
                    + Main.oneLine(result.diagnostic() != null ? result.diagnostic() : "exit status " + result.exitStatus()));
            if (result.cause() == StopCause.INTERNAL_ERROR) {
                if (verbose) result.internalError().printStackTrace(err);
                return Main.INTERNAL;
            }
            good = false;
        }
        return good ? 0 : 1;
    }

    /** The last lines of the console with text, without the serial line's carriage returns. */
    private static List<String> tail(String console) {
        List<String> lines = console.lines().map(String::stripTrailing).filter(l -> !l.isEmpty()).toList();
        return lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
    }

    private int usage(String message) {
        err.println("multiverse: " + Main.oneLine(String.valueOf(message)));
        return Main.USAGE;
    }

    /** The console captured for the report and, with --verbose, shown as it comes. */
    private static final class Tee extends OutputStream {
        private final OutputStream first, second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}

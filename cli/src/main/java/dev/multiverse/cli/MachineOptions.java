package dev.multiverse.cli;

import dev.multiverse.machine.BootException;
import dev.multiverse.machine.CoreStats;
import dev.multiverse.machine.Machine;
import dev.multiverse.machine.MachineConfig;
import dev.multiverse.machine.RunResult;
import dev.multiverse.machine.SerialInput;
import dev.multiverse.machine.StopCause;
import dev.multiverse.machine.TripleFaultAction;
import dev.multiverse.machine.hvm.HvmConfig;
import dev.multiverse.machine.loader.LinuxEntry;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The options that describe a machine and how to boot it, shared by {@code run} and {@code debug} (a picocli
 * mixin), and what they need around a run: building the machine, connecting serial input and the trace,
 * and the closing report.
 */
final class MachineOptions {
    @Option(names = "--kernel", required = true, paramLabel = "FILE",
            description = {"Kernel image: the first protocol it declares of Multiboot 1 (ELF32/ELF64, or any file",
                    "with the a.out-kludge header), PVH (ELF note XEN_ELFNOTE_PHYS32_ENTRY), Multiboot 2."})
    Path kernel;

    @Option(names = "--append", paramLabel = "STR", defaultValue = "",
            description = "Kernel command line: Multiboot 1 kernels see \"FILE STR\" (as with QEMU), PVH and Multiboot 2 kernels STR.")
    String append;

    @Option(names = "--initrd", paramLabel = "FILE", description = {
            "Boot module (repeatable). \"FILE ARGS\" loads FILE; Multiboot 1 gives the module the whole string,",
            "PVH and Multiboot 2 give it ARGS."})
    List<String> initrds = new ArrayList<>();

    @Option(names = "--memory", paramLabel = "SIZE", converter = MemorySizeConverter.class, defaultValue = "128M",
            description = "Guest RAM, e.g. 128M or 1G (default: ${DEFAULT-VALUE}).")
    long memory;

    @Mixin
    TraceOptions trace;

    @Option(names = "--max-instructions", paramLabel = "N",
            description = "Stop (exit status 4) when a core has executed N instructions (the limit is per core).")
    Long maxInstructions;

    @Option(names = "--cores", paramLabel = "N",
            description = {"Processors (1 to 64; default 1, or R+H with --hvm): core 0 boots the kernel, the others wait",
                    "for INIT and a start-up IPI. They run interleaved on one host thread, deterministically."})
    Integer cores;

    @Option(names = "--hvm", paramLabel = "ros=R,hrt=H[,ros-mem=SIZE]",
            description = {"A Hybrid Virtual Machine: the kernel (the ROS) gets cores 0..R-1 and the RAM below SIZE",
                    "(a multiple of 2M; default half of --memory), the HRT kernel (--hrt-kernel) the H cores after",
                    "them and the RAM above, booted directly into 64-bit mode (see docs/hvm-abi.md)."})
    String hvm;

    @Option(names = "--hrt-kernel", paramLabel = "FILE",
            description = "The HRT (AeroKernel) image for --hvm: ELF64 with a Multiboot 2 header carrying the HRT tag.")
    Path hrtKernel;

    @Option(names = "--hrt-append", paramLabel = "STR", defaultValue = "",
            description = "The HRT kernel's command line (its Multiboot 2 command line tag).")
    String hrtAppend;

    @Option(names = "--on-triple-fault", paramLabel = "stop|reset", defaultValue = "stop",
            description = {"What a triple fault does: stop the run with a diagnostic (exit status 1; the default, as",
                    "QEMU with -no-reboot, since a triple fault is almost always a guest bug), or reset the machine",
                    "and boot the kernel again as at power-on (what a PC, and QEMU by default, does)."})
    String onTripleFault;

    @Option(names = "--max-resets", paramLabel = "N",
            description = {"Machine resets allowed, from triple faults (with --on-triple-fault reset) and from the guest's",
                    "reset requests (port 0x92, the i8042's reset line): the next one after N ends the run (exit",
                    "status 6) instead of rebooting forever (default: " + MachineConfig.DEFAULT_MAX_RESETS + ")."})
    Integer maxResets;

    @Option(names = "--rtc-start", paramLabel = "ISO-8601|host", defaultValue = "host",
            description = {"The date and time the CMOS RTC shows at power-on, in UTC unless an offset is given",
                    "(2024-05-01T12:00:00, 2024-05-01T14:00:00+02:00), or host for the host clock's present (the",
                    "default). The RTC then follows virtual time; a fixed start makes runs that read it repeatable."})
    String rtcStart;

    @Option(names = "--linux-entry", paramLabel = "pvh|boot-protocol", defaultValue = "pvh",
            description = {"How a Linux bzImage starts: pvh (the default) decompresses it on the host and enters the",
                    "vmlinux through its PVH note, or through the kernel's 64-bit boot protocol when the vmlinux has",
                    "no PVH note or the host cannot decompress it; boot-protocol always enters the 64-bit boot",
                    "protocol, so the guest runs the kernel's own decompressor."})
    String linuxEntry;

    @Option(names = "--debug-exit-port", paramLabel = "PORT", defaultValue = "0xf4",
            description = {"First of the four I/O ports of the isa-debug-exit device (decimal or 0x hex; default 0xf4,",
                    "QEMU's iobase): a guest write of v there ends the run with status (v << 1) | 1."})
    String debugExitPort;

    @Option(names = "--serial-in", paramLabel = "FILE|stdin|none",
            description = {"What the guest's serial port (COM1) receives: a file, read as the guest takes it so that runs",
                    "repeat; stdin, read as it comes (a guest idle with nothing but serial input to wait for then waits);",
                    "or none. The default is stdin when it is a terminal (for run; none for debug), else none.",
                    "A terminal is then the serial console (run only): raw mode, every key goes to the guest, which",
                    "echoes; Ctrl-A X quits (exit status 8), Ctrl-A H lists the commands, Ctrl-A Ctrl-A sends Ctrl-A.",
                    "While the guest idles with stdin connected, virtual time keeps pace with the host's (a guest's",
                    "sleep 5 takes 5 s); with a file or none it jumps ahead, so runs repeat exactly."})
    String serialIn;

    @Option(names = "--debugcon", paramLabel = "FILE|stdout|stderr",
            description = {"Where the guest's writes to port 0xE9 go (Bochs' and QEMU's debug console; the AeroKernel's",
                    "console when it runs as the HRT): a file, or the run's standard output (with COM1's) or error.",
                    "Without it the port is unclaimed, as in QEMU without -debugcon."})
    String debugcon;

    @Option(names = "--stats", description = "At exit, print per-core instructions, cycles, time and MIPS to stderr.")
    boolean stats;

    @Option(names = "--verbose", description = "Say which boot protocol the kernel uses; show stack traces of internal errors.")
    boolean verbose;

    private InputStream serialFile;
    private OutputStream debugconFile;
    /** The terminal in raw mode as the guest's console, or null. */
    private SerialConsole console;

    /**
     * Checks the options and builds the machine they describe, with its serial input (stdin by default
     * only when {@code stdinMayFeedGuest} and stdin is a terminal; a terminal is then the raw serial console),
     * reset messages and trace connected.
     * Prints one line to {@code err} and returns null when the options or files are unusable.
     */
    Machine boot(PrintStream out, PrintStream err, boolean stdinMayFeedGuest) {
        if (maxInstructions != null && maxInstructions < 1) {
            return usage(err, "--max-instructions must be at least 1");
        }
        String traceProblem = trace.check();
        if (traceProblem != null) return usage(err, traceProblem);
        if (memory < MachineConfig.MIN_MEMORY || memory % 4096 != 0) {
            return usage(err, "--memory must be a multiple of 4K and at least 2M");
        }
        TripleFaultAction action = switch (onTripleFault) {
            case "stop" -> TripleFaultAction.STOP;
            case "reset" -> TripleFaultAction.RESET;
            default -> null;
        };
        if (action == null) {
            return usage(err, "--on-triple-fault must be stop or reset, not \"" + onTripleFault + "\"");
        }
        if (maxResets != null && maxResets < 0) {
            return usage(err, "--max-resets must not be negative");
        }
        LocalDateTime rtcStartTime = null;
        if (!rtcStart.equals("host")) {
            try {
                rtcStartTime = RunCommand.parseRtcStart(rtcStart);
            } catch (DateTimeParseException e) {
                return usage(err, "--rtc-start must be an ISO-8601 date and time such as 2024-05-01T12:00:00, or host, not \""
                        + rtcStart + "\"");
            }
        }
        int exitPort;
        try {
            exitPort = Integer.decode(debugExitPort);
        } catch (NumberFormatException e) {
            return usage(err, "--debug-exit-port must be a port number such as 0xf4 or 244, not \"" + debugExitPort + "\"");
        }
        LinuxEntry entry = switch (linuxEntry) {
            case "pvh" -> LinuxEntry.PVH;
            case "boot-protocol" -> LinuxEntry.BOOT_PROTOCOL;
            default -> null;
        };
        if (entry == null) {
            return usage(err, "--linux-entry must be pvh or boot-protocol, not \"" + linuxEntry + "\"");
        }
        if (hvm == null && (hrtKernel != null || !hrtAppend.isEmpty())) {
            return usage(err, "--hrt-kernel and --hrt-append need --hvm");
        }
        if (hvm != null && hrtKernel == null) {
            return usage(err, "--hvm needs --hrt-kernel FILE (the HRT kernel image)");
        }
        MachineConfig config;
        try {
            HvmConfig partition = hvm == null ? null : HvmConfig.parse(hvm, MachineOptions::memorySize, hrtKernel, hrtAppend);
            if (partition != null && cores != null && cores != partition.cores()) {
                return usage(err, String.format("--cores %d disagrees with --hvm %s (%d cores)", cores, hvm, partition.cores()));
            }
            config = new MachineConfig(memory, kernel, append, initrds,
                    maxInstructions == null ? 0 : maxInstructions, action,
                    maxResets == null ? MachineConfig.DEFAULT_MAX_RESETS : maxResets)
                    .withRtcStart(rtcStartTime).withDebugExitPort(exitPort).withCores(cores == null ? 1 : cores)
                    .withLinuxEntry(entry).withHvm(partition);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        Machine machine;
        try {
            machine = new Machine(config, out);
        } catch (BootException e) {
            return usage(err, e.getMessage());
        }
        String serialSource = serialIn != null ? serialIn : stdinMayFeedGuest && stdinIsTerminal() ? "stdin" : "none";
        boolean rawConsole = serialSource.equals("stdin") && stdinMayFeedGuest && SerialConsole.stdinIsTerminal();
        switch (serialSource) {
            case "none" -> { }
            case "stdin" -> {
                // A terminal becomes the raw console below, once nothing else can fail.
                if (!rawConsole) {
                    machine.connectSerialInput(SerialInput.ofLiveStream(System.in));
                }
            }
            default -> {
                try {
                    serialFile = Files.newInputStream(Path.of(serialSource));
                } catch (IOException | InvalidPathException e) {
                    return usage(err, "cannot read serial input file " + serialSource + ": " + Main.oneLine(String.valueOf(e.getMessage())));
                }
                machine.connectSerialInput(SerialInput.ofFile(new BufferedInputStream(serialFile)));
            }
        }
        if (debugcon != null) {
            if (!debugcon.equals("stdout") && !debugcon.equals("stderr")) {
                try {
                    debugconFile = new BufferedOutputStream(Files.newOutputStream(Path.of(debugcon)));
                } catch (IOException | InvalidPathException e) {
                    return usage(err, "cannot write --debugcon file " + debugcon + ": " + Main.oneLine(String.valueOf(e.getMessage())));
                }
            }
            machine.connectDebugConsole(switch (debugcon) {
                case "stdout" -> out;
                case "stderr" -> err;
                default -> debugconFile;
            });
        }
        machine.setResetListener(line -> err.println("multiverse: " + line));
        if (verbose) {
            err.println("multiverse: booting " + kernel + " with the " + machine.bootProtocol().displayName() + " protocol");
        }
        traceProblem = trace.attach(machine);
        if (traceProblem != null) return usage(err, traceProblem);
        if (rawConsole) {
            console = SerialConsole.open(machine, err);
            if (console == null) machine.connectSerialInput(SerialInput.ofLiveStream(System.in));
        }
        return machine;
    }

    /** Whether the user has typed at the serial console (never, without one). */
    boolean consoleTyped() {
        return console != null && console.typed();
    }

    /** Gives the terminal its settings back, closes the serial input and debug console files and finishes the trace after the run. */
    void close(PrintStream err) {
        if (console != null) console.close();
        if (debugconFile != null) {
            try {
                debugconFile.close();
            } catch (IOException e) {
                err.println("multiverse: cannot write --debugcon file " + debugcon + ": " + Main.oneLine(String.valueOf(e.getMessage())));
            }
        }
        if (serialFile != null) {
            try {
                serialFile.close();
            } catch (IOException ignored) {
                // Only read from: nothing is lost.
            }
        }
        trace.finish(err);
    }

    /** A memory size as --memory takes it; IllegalArgumentException for a bad one. */
    private static long memorySize(String value) {
        try {
            return new MemorySizeConverter().convert(value);
        } catch (picocli.CommandLine.TypeConversionException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static boolean stdinIsTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }

    private static Machine usage(PrintStream err, String message) {
        err.println("multiverse: " + message);
        return null;
    }

    /** The run's diagnostic and, with --stats, the per-core counters, to {@code err}. */
    void report(RunResult result, PrintStream err) {
        if (result.diagnostic() != null) {
            boolean internal = result.cause() == StopCause.INTERNAL_ERROR;
            err.println("multiverse: " + Main.oneLine(result.diagnostic())
                    + (internal && !verbose ? " (a bug in multiverse; --verbose shows the stack trace)" : ""));
            if (internal && verbose) {
                result.internalError().printStackTrace(err);
            }
        }
        if (stats) {
            double seconds = result.wallNanos() / 1e9;
            for (CoreStats c : result.cores()) {
                err.println(String.format(Locale.ROOT, "core %d: %d instructions, %d cycles, %.3f s, %.1f MIPS",
                        c.core(), c.instructions(), c.cycles(), seconds, c.mips(result.wallNanos())));
            }
        }
    }
}

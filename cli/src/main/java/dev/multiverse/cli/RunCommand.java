package dev.multiverse.cli;

import dev.multiverse.machine.Machine;
import dev.multiverse.cli.gdb.GdbOption;
import dev.multiverse.machine.RunResult;
import dev.multiverse.machine.debug.DebugSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

/** {@code multiverse run}: boots a kernel (Multiboot 1, PVH or Multiboot 2) and runs it to its end. */
@Command(name = "run", sortOptions = false,
        description = {"Boot a kernel and run it until it exits through isa-debug-exit (port 0xf4).",
                "Guest serial output (COM1) streams to standard output."},
        footerHeading = "%nExit status:%n",
        footer = {"  (v << 1) | 1  the guest wrote v to isa-debug-exit (like QEMU)",
                "  1             the guest halted for good or triple-faulted",
                "  2             bad options or files",
                "  4             --max-instructions reached",
                "  6             a reset (triple fault or port 0x92) after --max-resets machine resets",
                "  8             quit at the serial console (Ctrl-A X)",
                "  9             gdb killed the run (--gdb)",
                "  70            internal emulator error"})
final class RunCommand implements Callable<Integer> {
    static final int INSTRUCTION_LIMIT = 4;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Mixin
    MachineOptions options;

    @Mixin
    GdbOption gdb;

    @Option(names = "--progress", description = {"Once a second, a status line on stderr: instructions executed (all cores),",
            "MIPS over the last second, virtual time, e.g. \"[multiverse] 1.23 G instructions, 79.4 MIPS,",
            "virtual 0.842 s\". On a terminal it is redrawn in place while the guest's output is at the start",
            "of a line, and no more once you type; else one line a second. The run itself is unchanged."})
    boolean progress;

    private final PrintStream out;
    private final PrintStream err;

    RunCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        ProgressLine line = progress ? new ProgressLine(err, err == System.err && SerialConsole.stderrIsTerminal()) : null;
        Machine machine = options.boot(line != null ? line.guard(out) : out, err, true);
        if (machine == null) {
            if (line != null) line.close();
            return Main.USAGE;
        }
        if (line != null) line.start(machine, options::consoleTyped);
        RunResult result;
        int status;
        if (gdb.requested()) {
            GdbOption.Outcome served = gdb.run(new DebugSession(machine), err);
            result = served.result();
            status = served.exitStatus();
        } else {
            result = machine.run();
            status = result.exitStatus();
        }
        if (line != null) line.close();   // off the screen before the closing report
        return finish(result, status, options, out, err);
    }

    /** Lets gdb drive {@code session} (debug --gdb), then ends as a run does. */
    static int serveGdb(GdbOption gdb, DebugSession session, MachineOptions options, PrintStream out, PrintStream err) {
        GdbOption.Outcome served = gdb.run(session, err);
        return finish(served.result(), served.exitStatus(), options, out, err);
    }

    /** Closes the run's files, then reports its end (if the guest ended) and returns {@code status}. */
    private static int finish(RunResult result, int status, MachineOptions options, PrintStream out, PrintStream err) {
        options.close(err);
        out.flush();
        if (result != null) options.report(result, err);
        return status;
    }

    /** A date and time with an offset, converted to UTC, or one without, taken as UTC. */
    static LocalDateTime parseRtcStart(String text) {
        try {
            return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text);
        }
    }
}

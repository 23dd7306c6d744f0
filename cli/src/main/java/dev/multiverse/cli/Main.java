package dev.multiverse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** The {@code multiverse} command. */
@Command(name = "multiverse", description = "Multiverse: a full-system x86-64 emulator.",
        synopsisSubcommandLabel = "COMMAND")
public final class Main implements Callable<Integer> {
    /** Exit status for bad usage and files that cannot be booted. */
    static final int USAGE = 2;
    /** Exit status when the emulator itself fails (sysexits EX_SOFTWARE). */
    static final int INTERNAL = 70;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command line {@code args}: guest serial output and help go to {@code out}, diagnostics to
     * {@code err}. Returns the process exit status.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand("run", new RunCommand(out, err));
        cli.addSubcommand("debug", new DebugCommand(out, err));
        cli.addSubcommand("initramfs", new InitramfsCommand(err));
        cli.addSubcommand("selfcheck", SelfcheckCommand.commandLine(out, err));
        // A later option wins over an earlier one, so scripts' defaults (bin/boot) can be overridden.
        cli.setOverwrittenOptionsAllowed(true);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("multiverse: " + oneLine(e.getMessage()) + " (see "
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return USAGE;
        });
        boolean verbose = Arrays.asList(args).contains("--verbose");
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            err.println("multiverse: internal error: " + oneLine(String.valueOf(e))
                    + (verbose ? "" : " (a bug in multiverse; --verbose shows the stack trace)"));
            if (verbose) e.printStackTrace(err);
            return INTERNAL;
        });
        return cli.execute(args);
    }

    static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    @Override
    public Integer call() {
        err().println("multiverse: missing command (see multiverse --help)");
        return USAGE;
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}

package dev.multiverse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code multiverse selfcheck}: the group of checks that boot real guests and report what they measured. */
@Command(name = "selfcheck", synopsisSubcommandLabel = "CHECK",
        description = "Boot real guests, check that they work and print what they measured.")
final class SelfcheckCommand implements Callable<Integer> {
    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private final PrintStream err;

    private SelfcheckCommand(PrintStream err) {
        this.err = err;
    }

    /** The command with its checks: their results go to {@code out}, diagnostics to {@code err}. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        return new CommandLine(new SelfcheckCommand(err)).addSubcommand("hvm", new HvmSelfcheck(out, err));
    }

    @Override
    public Integer call() {
        err.println("multiverse: selfcheck needs a check: hvm (see multiverse selfcheck --help)");
        return Main.USAGE;
    }
}

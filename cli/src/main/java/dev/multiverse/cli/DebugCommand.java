package dev.multiverse.cli;

import dev.multiverse.cli.gdb.GdbOption;
import dev.multiverse.machine.Machine;
import dev.multiverse.machine.RunResult;
import dev.multiverse.machine.debug.DebugSession;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code multiverse debug}: boots a kernel as {@code run} does and stops before its first instruction
 * under the debugger's prompt (line editing and history through JLine), or runs the commands of a script.
 */
@Command(name = "debug", sortOptions = false,
        description = {"Boot a kernel as run does, stopped before its first instruction, and debug it:",
                "step, break, watch, inspect registers, memory, page tables and devices",
                "(help at the prompt lists the commands). Ctrl-C stops a running guest at an",
                "instruction boundary."},
        footerHeading = "%nExit status:%n",
        footer = {"  as run's     the guest ended during the session (see multiverse run --help)",
                "  0             the session ended with the guest still able to run",
                "  2             bad options or files"})
final class DebugCommand implements Callable<Integer> {
    static final String PROMPT = "(mv) ";

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--script", paramLabel = "FILE",
            description = "Run the debugger commands in FILE (one a line, # comments), echoing each after the prompt, then exit.")
    Path script;

    @Mixin
    MachineOptions options;

    @Mixin
    GdbOption gdb;

    private final PrintStream out;
    private final PrintStream err;

    DebugCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        List<String> lines = null;
        if (script != null) {
            try {
                lines = Files.readAllLines(script);
            } catch (IOException e) {
                err.println("multiverse: cannot read script " + script + ": " + Main.oneLine(String.valueOf(e.getMessage())));
                return Main.USAGE;
            }
        }
        Machine machine = options.boot(out, err, false);
        if (machine == null) return Main.USAGE;
        DebugSession session = new DebugSession(machine);
        if (gdb.requested()) return RunCommand.serveGdb(gdb, session, options, out, err);   // gdb instead of the prompt
        TraceControl trace = new TraceControl(machine, out);
        DebugShell shell = new DebugShell(session, out, trace);
        out.println(String.format("multiverse debug: %s, %d core%s, stopped before the first instruction (help lists the commands)",
                options.kernel, session.coreCount(), session.coreCount() == 1 ? "" : "s"));
        shell.execute("cores");
        if (lines != null) {
            for (String line : lines) {
                out.println(PROMPT + line);
                shell.execute(line);
                trace.flush();
                if (shell.quitRequested()) break;
            }
        } else {
            interact(session, shell, trace);
        }
        options.close(err);
        out.flush();
        RunResult ended = session.ended();
        if (ended == null) return 0;
        options.report(ended, err);
        return ended.exitStatus();
    }

    /** The prompt: JLine line editing and history; Ctrl-C while the guest runs stops it, at the prompt clears the line. */
    private void interact(DebugSession session, DebugShell shell, TraceControl trace) {
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("multiverse")
                    .completer((r, line, candidates) -> {
                        Iterable<String> words = line.wordIndex() == 0 ? DebugShell.COMMANDS : session.symbols().names();
                        for (String w : words) candidates.add(new Candidate(w));
                    })
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".multiverse_debug_history"))
                    .build();
            terminal.handle(Terminal.Signal.INT, signal -> session.interrupt());
            while (!shell.quitRequested()) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                shell.execute(line);
                trace.flush();
            }
        } catch (IOException e) {
            err.println("multiverse: cannot open the terminal: " + Main.oneLine(String.valueOf(e.getMessage())));
        }
    }
}

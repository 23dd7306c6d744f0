package dev.multiverse.cli.gdb;

import dev.multiverse.machine.RunResult;
import dev.multiverse.machine.debug.DebugSession;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;

/** {@code --gdb PORT}, a picocli mixin for the commands that boot a machine: serve gdb instead of just running. */
public final class GdbOption {
    /** Exit status when gdb killed the run ({@code kill}); and when no gdb could be served (a bad or busy port). */
    public static final int KILLED = 9, UNSERVED = 2;

    @Option(names = "--gdb", paramLabel = "PORT",
            description = {"Before the first instruction, wait for gdb on 127.0.0.1:PORT (0 picks a free port; stderr",
                    "says which) and let it debug the guest: target remote :PORT. Cores are gdb's threads."})
    Integer port;

    /** The end of a run gdb drove, or (result null) the exit status that says why it has none. */
    public record Outcome(RunResult result, int exitStatus) {
    }

    public boolean requested() {
        return port != null;
    }

    /** Waits for gdb and lets it drive {@code session}'s machine; after a detach the guest runs on to its end. */
    public Outcome run(DebugSession session, PrintStream err) {
        if (port < 0 || port > 65535) {
            err.println("multiverse: --gdb must be a TCP port number (0 to 65535), not " + port);
            return new Outcome(null, UNSERVED);
        }
        try {
            RunResult result = new GdbServer(port, err).serve(session);
            if (result == null) {
                return new Outcome(null, KILLED);
            }
            return new Outcome(result, result.exitStatus());
        } catch (IOException e) {
            err.println("multiverse: cannot serve gdb on 127.0.0.1:" + port + ": " + e.getMessage());
            return new Outcome(null, UNSERVED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("multiverse: interrupted while serving gdb");
            return new Outcome(null, UNSERVED);
        }
    }
}

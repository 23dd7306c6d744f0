package dev.multiverse.cli;

import dev.multiverse.machine.Machine;
import dev.multiverse.machine.SerialInput;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The terminal as the guest's serial line: raw mode for the run, so every key (Ctrl-C, Ctrl-D, arrows,
 * Tab) reaches COM1 byte for byte and the guest echoes, with Ctrl-A commands ({@link EscapeDecoder}) to
 * quit and for help. Output processing stays on: the guest's CR LF shows as it would on a serial terminal.
 * The terminal's settings come back on {@link #close}, and from a shutdown hook if the JVM ends otherwise
 * (SIGTERM, an uncaught error).
 */
final class SerialConsole implements AutoCloseable {
    private final Terminal terminal;
    private final Attributes saved;
    private final Thread restoreAtExit;
    private final AtomicBoolean restored = new AtomicBoolean();
    private volatile boolean typed;

    private SerialConsole(Terminal terminal) {
        this.terminal = terminal;
        saved = terminal.getAttributes();
        restoreAtExit = new Thread(this::restore, "restore-terminal");
        Runtime.getRuntime().addShutdownHook(restoreAtExit);
        terminal.setAttributes(raw(saved));
    }

    /** Whether the process's stdin is a terminal (JLine asks the OS; false when that cannot be told). */
    static boolean stdinIsTerminal() {
        return isTerminal(SystemStream.Input);
    }

    /** Whether the process's stderr is a terminal. */
    static boolean stderrIsTerminal() {
        return isTerminal(SystemStream.Error);
    }

    private static boolean isTerminal(SystemStream stream) {
        for (String name : new String[] {"ffm", "exec"}) {
            try {
                return TerminalProvider.load(name).isSystemStream(stream);
            } catch (IOException | RuntimeException | LinkageError e) {
                // This provider cannot work on this host or JVM: ask the next.
            }
        }
        return false;
    }

    /**
     * Puts the terminal in raw mode and connects its keys to {@code machine}'s COM1; Ctrl-A X asks the
     * machine to stop. Returns null (and changes nothing) when the terminal cannot be opened.
     */
    static SerialConsole open(Machine machine, PrintStream err) {
        Terminal terminal;
        try {
            // No grapheme-cluster probe: it writes queries whose replies would reach the guest as keys.
            terminal = TerminalBuilder.builder().system(true).dumb(true).graphemeCluster(false).build();
        } catch (IOException e) {
            return null;
        }
        if (terminal.getType().startsWith(Terminal.TYPE_DUMB)) {
            closeQuietly(terminal);
            return null;
        }
        SerialConsole console = new SerialConsole(terminal);
        // stdin itself rather than JLine's stream: closing the terminal would wait for a read in progress there.
        machine.connectSerialInput(SerialInput.ofLiveStream(console.keys(new FileInputStream(FileDescriptor.in), machine, err)));
        return console;
    }

    /** Whether the user has typed a byte for the guest yet. */
    boolean typed() {
        return typed;
    }

    /** cfmakeraw's settings except output processing: no line editing, echo, signals or flow control; reads block for one byte. */
    private static Attributes raw(Attributes cooked) {
        Attributes raw = new Attributes(cooked);
        raw.setLocalFlags(EnumSet.of(LocalFlag.ICANON, LocalFlag.ECHO, LocalFlag.ECHONL, LocalFlag.ISIG,
                LocalFlag.IEXTEN), false);
        raw.setInputFlags(EnumSet.of(InputFlag.IGNBRK, InputFlag.BRKINT, InputFlag.PARMRK, InputFlag.ISTRIP,
                InputFlag.INLCR, InputFlag.IGNCR, InputFlag.ICRNL, InputFlag.IXON), false);
        raw.setControlChar(ControlChar.VMIN, 1);
        raw.setControlChar(ControlChar.VTIME, 0);
        return raw;
    }

    /** The terminal's bytes with the Ctrl-A commands taken out; Ctrl-A X ends the stream after asking the machine to stop. */
    private InputStream keys(InputStream in, Machine machine, PrintStream err) {
        EscapeDecoder decoder = new EscapeDecoder();
        return new InputStream() {
            @Override
            public int read() throws IOException {
                while (true) {
                    int b = in.read();
                    if (b < 0) return -1;
                    int meaning = decoder.feed(b);
                    if (meaning >= 0) {
                        typed = true;
                        return meaning;
                    }
                    if (meaning == EscapeDecoder.QUIT) {
                        err.println();   // the closing message starts a line, wherever the guest's cursor was
                        machine.requestHostStop("quit (Ctrl-A X)");
                        return -1;
                    }
                    if (meaning == EscapeDecoder.HELP) {
                        err.println();
                        err.println(EscapeDecoder.HELP_TEXT);
                        err.flush();
                    }
                }
            }
        };
    }

    /** Gives the terminal its settings back. */
    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreAtExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs or has run: it restores nothing twice.
        }
        closeQuietly(terminal);
    }

    private void restore() {
        if (restored.compareAndSet(false, true)) terminal.setAttributes(saved);
    }

    private static void closeQuietly(Terminal terminal) {
        try {
            terminal.close();
        } catch (IOException ignored) {
            // Closing gives nothing back that the run needs.
        }
    }
}

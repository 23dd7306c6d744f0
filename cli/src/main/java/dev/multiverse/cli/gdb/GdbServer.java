package dev.multiverse.cli.gdb;

import dev.multiverse.machine.RunResult;
import dev.multiverse.machine.debug.DebugSession;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * {@code --gdb PORT}: listens on 127.0.0.1 (port 0 picks a free one), says where on stderr, waits for
 * one gdb connection and serves it until gdb detaches, kills the run or the guest's run ends.
 */
public final class GdbServer {
    private final ServerSocket listener;
    private final PrintStream err;

    /** Binds the port now, so that a bad port is a usage error before anything boots. */
    public GdbServer(int port, PrintStream err) throws IOException {
        this.err = err;
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /**
     * Waits for gdb and lets it drive the machine {@code session} controls, before its first instruction.
     * Returns the run's end: after gdb detaches or goes away the guest runs on to it without stops. Returns
     * null if gdb killed the run.
     */
    public RunResult serve(DebugSession session) throws IOException, InterruptedException {
        DebugSessionTarget target = new DebugSessionTarget(session);
        return switch (serve(target)) {
            case EXITED -> target.ended();
            case DETACHED, DISCONNECTED -> target.runToEnd();
            case KILLED -> null;
        };
    }

    /** Waits for gdb and serves it; returns how the session ended. */
    GdbSession.End serve(GdbTarget target) throws IOException, InterruptedException {
        err.println("multiverse: waiting for gdb on 127.0.0.1:" + port() + " (target remote :" + port() + ")");
        Socket socket;
        try (ServerSocket l = listener) {
            socket = l.accept();
        }
        socket.setTcpNoDelay(true);
        try (PacketChannel channel = new PacketChannel(new BufferedInputStream(socket.getInputStream()),
                new BufferedOutputStream(socket.getOutputStream()), target::interrupt)) {
            GdbSession session = new GdbSession(target, channel);
            GdbSession.End end = session.serve();
            err.println("multiverse: gdb " + switch (end) {
                case DETACHED -> "detached; the guest runs on";
                case KILLED -> "killed the run";
                case EXITED -> "saw the guest's run end";
                case DISCONNECTED -> "went away; the guest runs on";
            });
            return end;
        } finally {
            socket.close();
        }
    }
}

package dev.multiverse.cli.gdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The gdb side of the remote protocol, for tests: sends packets, checks acks and checksums of replies. */
final class RemoteClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean noAck;

    RemoteClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Sends a packet and returns the stub's reply payload (escapes undone). */
    String request(String payload) throws IOException {
        send(payload);
        return reply();
    }

    void send(String payload) throws IOException {
        out.write(PacketChannel.frame(payload));
        out.flush();
        if (!noAck) {
            int ack = in.read();
            if (ack != '+') {
                throw new IOException("expected +, got " + ack);
            }
        }
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    int readByte() throws IOException {
        return in.read();
    }

    String reply() throws IOException {
        int b;
        while ((b = in.read()) != '$') {
            if (b < 0) {
                throw new IOException("connection closed");
            }
        }
        StringBuilder wire = new StringBuilder();
        while ((b = in.read()) != '#') {
            wire.append((char) b);
        }
        String sum = new String(new byte[] {(byte) in.read(), (byte) in.read()}, StandardCharsets.ISO_8859_1);
        if (Integer.parseInt(sum, 16) != PacketChannel.checksum(wire.toString())) {
            throw new IOException("bad checksum on " + wire);
        }
        if (!noAck) {
            out.write('+');
            out.flush();
        }
        return PacketChannel.unescape(wire.toString());
    }

    void noAck() {
        noAck = true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

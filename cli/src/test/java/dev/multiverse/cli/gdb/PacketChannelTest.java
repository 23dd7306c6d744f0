package dev.multiverse.cli.gdb;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacketChannelTest {
    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void framesWithTheModulo256ChecksumOfTheBody() {
        // The manual's example: the empty reply is $#00; OK sums to 0x4f + 0x4b = 0x9a.
        assertEquals("$#00", ascii(PacketChannel.frame("")));
        assertEquals("$OK#9a", ascii(PacketChannel.frame("OK")));
        assertEquals(0x9a, PacketChannel.checksum("OK"));
    }

    @Test
    void escapesTheReservedCharactersAndSumsTheEscapedForm() {
        String framed = ascii(PacketChannel.frame("a$b#c}d*e"));
        assertEquals("$a}\u0004b}\u0003c}]d}\ne#", framed.substring(0, framed.length() - 2));
        String body = framed.substring(1, framed.length() - 3);
        assertEquals(Integer.parseInt(framed.substring(framed.length() - 2), 16), PacketChannel.checksum(body));
        assertEquals("a$b#c}d*e", PacketChannel.unescape(body));
    }

    @Test
    void acknowledgesGoodPacketsRejectsBadOnesAndPassesInterruptsOutOfBand() throws Exception {
        PipedOutputStream gdb = new PipedOutputStream();
        PipedInputStream stubIn = new PipedInputStream(gdb, 4096);
        ByteArrayOutputStream stubOut = new ByteArrayOutputStream();
        CountDownLatch interrupted = new CountDownLatch(1);
        try (PacketChannel channel = new PacketChannel(stubIn, stubOut, interrupted::countDown)) {
            gdb.write("$m1000,4#00".getBytes(StandardCharsets.ISO_8859_1));   // wrong checksum: dropped, '-'
            gdb.write(PacketChannel.frame("m1000,4"));
            gdb.write(PacketChannel.INTERRUPT);
            gdb.write(PacketChannel.frame("X1000,1:}"));                      // binary 0x7d travels escaped as }]
            gdb.flush();
            assertEquals("m1000,4", channel.receive());
            assertEquals("X1000,1:}", channel.receive());
            assertTrue(interrupted.await(5, TimeUnit.SECONDS));
            synchronized (stubOut) {
                assertEquals("-++", ascii(stubOut.toByteArray()));
            }
            channel.send("OK");
            gdb.write('-'); // gdb saw a bad checksum: the stub sends the packet again
            gdb.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            String sent;
            do {
                synchronized (stubOut) {
                    sent = ascii(stubOut.toByteArray());
                }
            } while (!sent.endsWith("$OK#9a$OK#9a") && System.nanoTime() < deadline);
            assertEquals("-++$OK#9a$OK#9a", sent);
            gdb.close();
            assertNull(channel.receive());
        }
    }

    @Test
    void sendsNoAcknowledgementsInNoAckMode() throws Exception {
        PipedOutputStream gdb = new PipedOutputStream();
        PipedInputStream stubIn = new PipedInputStream(gdb, 4096);
        ByteArrayOutputStream stubOut = new ByteArrayOutputStream();
        try (PacketChannel channel = new PacketChannel(stubIn, stubOut, () -> { })) {
            gdb.write(PacketChannel.frame("QStartNoAckMode"));
            gdb.flush();
            assertEquals("QStartNoAckMode", channel.receive());
            channel.send("OK");
            channel.startNoAckMode();
            gdb.write(PacketChannel.frame("g"));
            gdb.flush();
            assertEquals("g", channel.receive());
            synchronized (stubOut) {
                assertEquals("+$OK#9a", ascii(stubOut.toByteArray()));
            }
        }
    }

    @Test
    void hexCodecRoundTrips() throws IOException {
        byte[] bytes = {0, 1, (byte) 0x7f, (byte) 0x80, (byte) 0xff};
        assertEquals("00017f80ff", Hex.encode(bytes));
        assertArrayEquals(bytes, Hex.decode("00017F80ff"));
        assertEquals(0xffff_ffff_8000_0000L, Hex.number("ffffffff80000000"));
    }
}

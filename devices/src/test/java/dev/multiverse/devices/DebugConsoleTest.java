package dev.multiverse.devices;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DebugConsoleTest {
    @Test
    void writtenBytesAreTheOutputAndReadsIdentifyThePort() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DebugConsole console = new DebugConsole(out);
        for (byte b : "hrt: ready\n".getBytes(StandardCharsets.US_ASCII)) console.out(DebugConsole.PORT, 1, b);
        console.out(DebugConsole.PORT, 1, 0x1_41);   // only the low byte of a wider write counts
        assertEquals("hrt: ready\nA", out.toString(StandardCharsets.US_ASCII));
        assertEquals(0xE9, console.in(DebugConsole.PORT, 1));
    }
}

package dev.multiverse.cli;

import dev.multiverse.machine.Machine;
import dev.multiverse.machine.MachineConfig;
import dev.multiverse.machine.RunResult;
import dev.multiverse.machine.SerialInput;
import dev.multiverse.machine.StopCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With live serial input an idle guest's virtual time keeps pace with the host's; with input from a file
 * (or none) it jumps from event to event. The {@code serialin} ROM idles under a 100 Hz PIT until a line
 * comes or {@code timeout} virtual seconds pass without one.
 */
class IdlePacingTest {
    @TempDir
    Path dir;

    private Machine machine(int timeoutSeconds, ByteArrayOutputStream out) throws Exception {
        MachineConfig config = MachineConfig.of(Cli.rom("serialin", dir)).withMaxInstructions(Long.parseLong(Cli.LIMIT));
        return new Machine(new MachineConfig(config.memorySize(), config.kernel(), "timeout=" + timeoutSeconds,
                config.initrds(), config.maxInstructions()), out);
    }

    @Test
    void anIdleGuestWithLiveInputWaitsForHostTimeToPass() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Machine machine = machine(1, out);
        PipedOutputStream host = new PipedOutputStream();   // connected and silent for the whole run
        machine.connectSerialInput(SerialInput.ofLiveStream(new PipedInputStream(host)));
        RunResult r = machine.run();
        host.close();
        assertEquals(StopCause.DEBUG_EXIT, r.cause(), r.diagnostic());
        assertEquals("no serial input within 1 s\n", out.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("") + "\n");
        // One virtual second of idling; only the lag a busy start builds up (HostPacing.SLACK) may be made up.
        assertTrue(r.wallNanos() >= 900_000_000L, "the idle second took " + r.wallNanos() / 1e6 + " ms of host time");
    }

    @Test
    void aKeyTypedWhileTheGuestIdlesArrivesAtTheMatchingVirtualInstant() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Machine machine = machine(10, out);
        PipedOutputStream host = new PipedOutputStream();
        machine.connectSerialInput(SerialInput.ofLiveStream(new PipedInputStream(host)));
        Thread typist = LateTypist.typeAfter(300, host, "late\n");
        RunResult r = machine.run();
        typist.join();
        host.close();
        // Had virtual time jumped ahead, the ROM's 10 virtual seconds would have run out before the line came.
        assertEquals(StopCause.DEBUG_EXIT, r.cause(), r.diagnostic());
        assertTrue(out.toString(StandardCharsets.US_ASCII).startsWith("received 5 bytes: \"late\\n\"\n"), out.toString());
        assertTrue(machine.virtualNanos() < 5_000_000_000L, "virtual time " + machine.virtualNanos() / 1e9 + " s");
    }

    @Test
    void inputFromAFileDoesNotPace() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Machine machine = machine(60, out);
        machine.connectSerialInput(SerialInput.ofFile(new ByteArrayInputStream(new byte[0])));
        RunResult r = machine.run();
        assertEquals(StopCause.DEBUG_EXIT, r.cause(), r.diagnostic());
        assertTrue(out.toString(StandardCharsets.US_ASCII).startsWith("no serial input within 60 s\n"), out.toString());
        assertTrue(machine.virtualNanos() >= 60_000_000_000L);
        // Idling jumps from tick to tick: a minute of virtual time is a small fraction of that on the host.
        assertTrue(r.wallNanos() < 30_000_000_000L, "60 virtual seconds took " + r.wallNanos() / 1e9 + " s");
    }
}

package dev.multiverse.cli;

import dev.multiverse.machine.Machine;
import dev.multiverse.machine.MachineConfig;
import dev.multiverse.machine.RunResult;
import dev.multiverse.machine.SerialInput;
import dev.multiverse.machine.StopCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Machine#requestHostStop} from another thread ends a busy or an idle guest's run with {@link StopCause#QUIT}. */
class HostStopTest {
    @TempDir
    Path dir;

    private static RunResult runStoppedAfter(Machine machine, long millis) throws InterruptedException {
        Thread stopper = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            machine.requestHostStop("quit (test)");
        });
        RunResult r = machine.run();
        stopper.join();
        return r;
    }

    @Test
    void aBusyGuestStops() throws Exception {
        // compute runs about 77 M instructions: far longer than the stop takes to come.
        Machine machine = new Machine(MachineConfig.of(Cli.rom("compute", dir)), new ByteArrayOutputStream());
        RunResult r = runStoppedAfter(machine, 100);
        assertEquals(StopCause.QUIT, r.cause(), r.diagnostic());
        assertEquals(8, r.exitStatus());
        assertEquals("quit (test)", r.diagnostic());
        assertTrue(r.cores().getFirst().instructions() > 0);
    }

    @Test
    void anIdleGuestWaitingForLiveInputStops() throws Exception {
        MachineConfig config = MachineConfig.of(Cli.rom("serialin", dir));
        Machine machine = new Machine(new MachineConfig(config.memorySize(), config.kernel(), "timeout=0",
                config.initrds(), 0), new ByteArrayOutputStream());
        PipedOutputStream host = new PipedOutputStream();
        machine.connectSerialInput(SerialInput.ofLiveStream(new PipedInputStream(host)));
        RunResult r = runStoppedAfter(machine, 300);
        host.close();
        assertEquals(StopCause.QUIT, r.cause(), r.diagnostic());
        assertEquals(StopCause.QUIT.exitStatus(), r.exitStatus());
    }
}

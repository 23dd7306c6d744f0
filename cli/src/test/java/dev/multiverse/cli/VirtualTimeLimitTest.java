package dev.multiverse.cli;

import dev.multiverse.machine.Machine;
import dev.multiverse.machine.MachineConfig;
import dev.multiverse.machine.RunResult;
import dev.multiverse.machine.StopCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A machine's virtual-time limit ends a guest that idles on its timer (the smp ROM with idle=100) once
 * virtual time reaches it, at the same instant in every run.
 */
class VirtualTimeLimitTest {
    @TempDir
    Path dir;

    private RunResult runIdlingGuest(Path smp, long limitNanos) throws Exception {
        MachineConfig config = new MachineConfig(MachineConfig.DEFAULT_MEMORY, smp, "idle=100", List.of(), 0)
                .withMaxVirtualNanos(limitNanos);
        return new Machine(config, new ByteArrayOutputStream()).run();
    }

    @Test
    void anIdlingGuestStopsAtTheLimitTheSameWayEachTime() throws Exception {
        Path smp = Cli.rom("smp", dir);
        RunResult first = runIdlingGuest(smp, 1_000_000_000L);
        assertEquals(StopCause.VIRTUAL_TIME_LIMIT, first.cause(), first.diagnostic());
        assertEquals(4, first.exitStatus());
        assertTrue(first.diagnostic().startsWith("virtual time limit reached: 1.0"), first.diagnostic());
        RunResult second = runIdlingGuest(smp, 1_000_000_000L);
        assertEquals(first.diagnostic(), second.diagnostic());
        assertEquals(first.cores().getFirst().instructions(), second.cores().getFirst().instructions());
    }
}

package dev.multiverse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --debug-exit-port: where the isa-debug-exit device sits, and the one-line errors for bad values. */
class DebugExitPortOptionTest {
    @TempDir
    Path dir;

    @Test
    void movingTheDeviceAwayFrom0xf4LeavesTheRomsExitWriteUnanswered() {
        String hello = Cli.rom("hello", dir).toString();
        Cli moved = Cli.run("run", "--kernel", hello, "--memory", "16M", "--debug-exit-port", "0x500");
        assertTrue(moved.out().contains("ALL PASS"), moved.out());
        assertEquals(1, moved.status(), "the ROM halts with nothing to end the run: " + moved.err());
        assertTrue(moved.err().contains("halted"), moved.err());
    }

    @Test
    void badValuesAreOneLineUsageErrors() {
        String hello = Cli.rom("hello", dir).toString();
        Cli notANumber = Cli.run("run", "--kernel", hello, "--debug-exit-port", "abc");
        assertEquals(2, notANumber.status());
        assertEquals(List.of("multiverse: --debug-exit-port must be a port number such as 0xf4 or 244, not \"abc\""),
                notANumber.errLines());
        Cli tooHigh = Cli.run("run", "--kernel", hello, "--debug-exit-port", "0xfffe");
        assertEquals(2, tooHigh.status());
        assertEquals(1, tooHigh.errLines().size(), tooHigh.err());
        Cli onTheUart = Cli.run("run", "--kernel", hello, "--debug-exit-port", "0x3f8");
        assertEquals(2, onTheUart.status());
        assertEquals(1, onTheUart.errLines().size(), onTheUart.err());
        assertTrue(onTheUart.err().contains("the debug-exit port 0x3f8 overlaps another device"), onTheUart.err());
    }
}

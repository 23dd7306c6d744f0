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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --serial-in}: the {@code serialin} ROM receives host bytes on COM1 through IRQ 4 and prints them.
 * (QemuReferenceTest runs it with no input, where both machines report that none came.)
 */
class SerialInputRomTest {
    @TempDir
    Path dir;

    private Path rom;

    private Path rom() {
        if (rom == null) rom = Cli.rom("serialin", dir);
        return rom;
    }

    private Cli run(Path input, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--kernel", rom().toString(),
                "--serial-in", input.toString(), "--max-instructions", Cli.LIMIT));
        args.addAll(List.of(more));
        return Cli.run(args);
    }

    @Test
    void aLineFromAFileArrivesThroughTheInterrupt() throws Exception {
        Cli r = run(Files.writeString(dir.resolve("in.txt"), "Hello, serial!\n"));
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith("received 15 bytes: \"Hello, serial!\\n\"\n"), r.out());
        assertTrue(r.out().endsWith("ALL PASS\n"), r.out());
    }

    @Test
    void moreThanAFifoFullWaitsForTheGuestInsteadOfOverrunning() throws Exception {
        Cli r = run(Files.writeString(dir.resolve("long.txt"), "x".repeat(200) + "\n"));
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith("received 201 bytes: \"" + "x".repeat(200) + "\\n\"\n"), r.out());
        assertTrue(r.out().contains("PASS: no byte lost to an overrun\n"), r.out());
    }

    @Test
    void inputFromAFileIsRepeatable() throws Exception {
        Path in = Files.writeString(dir.resolve("in.txt"), "abc\n");
        Cli first = run(in, "--stats"), second = run(in, "--stats");
        assertEquals(statsWithoutTime(first), statsWithoutTime(second));
        assertEquals(first.out(), second.out());
    }

    private static List<String> statsWithoutTime(Cli r) {
        return r.errLines().stream().filter(l -> l.startsWith("core ")).map(l -> l.replaceAll(" cycles,.*", " cycles")).toList();
    }

    @Test
    void aGuestWaitingOnlyForLiveInputWaitsForTheHost() throws Exception {
        MachineConfig config = MachineConfig.of(rom()).withMaxInstructions(Long.parseLong(Cli.LIMIT));
        config = new MachineConfig(config.memorySize(), config.kernel(), "timeout=0", config.initrds(),
                config.maxInstructions());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Machine machine = new Machine(config, out);
        PipedOutputStream host = new PipedOutputStream();
        machine.connectSerialInput(SerialInput.ofLiveStream(new PipedInputStream(host)));
        // After 200 ms the guest is idle, with no timer: only this input can wake it.
        Thread typist = LateTypist.typeAfter(200, host, "late\n");
        RunResult r = machine.run();
        typist.join();
        assertEquals(StopCause.DEBUG_EXIT, r.cause(), r.diagnostic());
        assertTrue(out.toString(StandardCharsets.US_ASCII).startsWith("received 5 bytes: \"late\\n\"\n"), out.toString());
    }

    @Test
    void anUnreadableInputFileIsAUsageError() {
        Cli r = run(dir.resolve("missing.txt"));
        assertEquals(2, r.status());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("multiverse: cannot read serial input file "), r.err());
    }
}

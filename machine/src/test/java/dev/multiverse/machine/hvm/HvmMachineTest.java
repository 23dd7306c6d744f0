package dev.multiverse.machine.hvm;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.machine.Machine;
import dev.multiverse.machine.MachineConfig;
import dev.multiverse.machine.RunResult;
import dev.multiverse.machine.StopCause;
import dev.multiverse.machine.TestKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A machine with an HVM serves the hypercalls on its cores; one without leaves them to #UD. */
class HvmMachineTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    /** mov eax, 0xf00d; mov rbx, 0x6464646464646464; mov ecx, op; vmcall; hlt */
    private static byte[] hypercall(int op) {
        return TestKernels.concat(
                new byte[] {(byte) 0xb8, 0x0d, (byte) 0xf0, 0, 0, 0x48, (byte) 0xbb, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64},
                new byte[] {(byte) 0xb9, (byte) op, 0, 0, 0, 0x0f, 0x01, (byte) 0xc1, (byte) 0xf4});
    }

    @Test
    void hrtCoresReachTheHypercalls() throws Exception {
        HrtImages image = new HrtImages();
        image.code = hypercall(Hypercalls.READY);
        Path ros = TestKernels.write(dir, "ros.elf", TestKernels.multibootElf(0, new byte[] {(byte) 0xF4}));
        Path hrt = TestKernels.write(dir, "hrt.elf", image.build());
        Machine m = new Machine(MachineConfig.of(ros).withMemorySize(64 * MIB)
                .withHvm(new HvmConfig(1, 2, 32 * MIB, hrt, "")), new ByteArrayOutputStream());
        RunResult r = m.run();
        assertEquals(StopCause.HALTED, r.cause(), r.diagnostic());
        assertEquals(0, m.cores().get(1).gpr[Cpu.RAX], "the first HRT core reports the HRT ready");
        assertEquals(Hypercalls.ERROR, m.cores().get(2).gpr[Cpu.RAX], "the second finds it no longer booting");
    }

    @Test
    void plainMachineHasNoHypercalls() throws Exception {
        Path ros = TestKernels.write(dir, "ros.elf", TestKernels.multibootElf(0, new byte[] {(byte) 0xF4}));
        Machine m = new Machine(MachineConfig.of(ros).withCores(2), new ByteArrayOutputStream());
        for (Cpu core : m.cores()) assertNull(core.hypercalls);
    }
}

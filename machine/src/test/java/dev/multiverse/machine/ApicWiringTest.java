package dev.multiverse.machine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;

import static dev.multiverse.machine.TestKernels.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Core 0's local APIC as the guest finds it: at 0xFEE00000, in the virtual-wire mode firmware leaves it in. */
class ApicWiringTest {
    @TempDir
    Path dir;

    /** Prints the APIC version, LVT LINT0's delivery mode byte and LVT LINT1's, then CPUID.1 EDX bits 15:8. */
    private static final byte[] READ_APIC = bytes(
            0x66, 0xBA, 0xF8, 0x03,         // mov dx, 0x3f8
            0xA1, 0x30, 0x00, 0xE0, 0xFE,   // mov eax, [0xfee00030] (version)
            0xEE,                           // out dx, al
            0xA1, 0x51, 0x03, 0xE0, 0xFE,   // mov eax, [0xfee00351] (LVT LINT0 bits 15:8)
            0xEE,
            0xA1, 0x61, 0x03, 0xE0, 0xFE,   // mov eax, [0xfee00361] (LVT LINT1 bits 15:8)
            0xEE,
            0xB8, 0x01, 0x00, 0x00, 0x00,   // mov eax, 1
            0x0F, 0xA2,                     // cpuid
            0x89, 0xD0, 0x88, 0xE0,         // mov eax, edx; mov al, ah
            0x66, 0xBA, 0xF8, 0x03,         // mov dx, 0x3f8
            0xEE,
            0xFA, 0xF4);                    // cli; hlt

    @Test
    void theApicIsInVirtualWireModeAtItsDefaultBase() throws Exception {
        ByteArrayOutputStream serial = new ByteArrayOutputStream();
        MachineConfig c = MachineConfig.of(TestKernels.write(dir, "k.elf", TestKernels.multibootElf(0, READ_APIC)))
                .withMemorySize(4 << 20);
        RunResult r = new Machine(c, serial).run();
        assertEquals(StopCause.HALTED, r.cause());
        byte[] out = serial.toByteArray();
        assertArrayEquals(new byte[] {0x14, 0x07, 0x04}, java.util.Arrays.copyOf(out, 3),
                "version 0x14, LINT0 ExtINT, LINT1 NMI");
        assertEquals(0x02, out[3] & 0x02, "CPUID.1 EDX bit 9: APIC");
    }
}

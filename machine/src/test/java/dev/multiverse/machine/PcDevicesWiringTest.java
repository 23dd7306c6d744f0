package dev.multiverse.machine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static dev.multiverse.machine.TestKernels.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The i8042, the PCI host bridge and the CMOS RTC as a guest finds them on the machine's port bus. */
class PcDevicesWiringTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream serial = new ByteArrayOutputStream();

    private MachineConfig config(byte[] code) throws IOException {
        return MachineConfig.of(TestKernels.write(dir, "k.elf", TestKernels.multibootElf(0, code)))
                .withMemorySize(4 << 20);
    }

    /**
     * Prints the i8042 output port, then writes it with A20 off and the reset bit low: the code runs at 1 MiB,
     * so it cannot go on with A20 off, and the same write resets the machine.
     */
    private static final byte[] I8042_OUTPUT_PORT_A20_OFF_AND_RESET = bytes(
            0x66, 0xBA, 0xF8, 0x03,         // mov dx, 0x3f8
            0xB0, 0xD0, 0xE6, 0x64,         // mov al, 0xd0; out 0x64, al (read output port)
            0xE4, 0x60, 0xEE,               // in al, 0x60; out dx, al
            0xB0, 0xD1, 0xE6, 0x64,         // mov al, 0xd1; out 0x64, al (write output port)
            0xB0, 0xC0, 0xE6, 0x60,         // mov al, 0xc0; out 0x60, al (A20 off, reset)
            0x0F, 0x0B);                    // ud2: never reached

    @Test
    void i8042OutputPortDrivesTheA20LineAndTheResetLine() throws Exception {
        MachineConfig c = config(I8042_OUTPUT_PORT_A20_OFF_AND_RESET).withTripleFault(TripleFaultAction.STOP, 2);
        Machine m = new Machine(c, serial);
        List<String> notices = new ArrayList<>();
        m.setResetListener(line -> {
            notices.add(line);
            assertTrue(m.cpu().mmu.a20Enabled(), "a reset enables A20 again");
        });
        RunResult r = m.run();
        assertArrayEquals(new byte[] {(byte) 0xC3, (byte) 0xC3, (byte) 0xC3}, serial.toByteArray(),
                "every boot: A20 on, reset line high");
        assertEquals(2, m.resets());
        assertEquals("machine reset (requested through the i8042 keyboard controller by core 0 at RIP 0x10001f"
                + " in 32-bit protected mode after 9 instructions)", notices.getFirst());
        assertEquals(StopCause.RESET_LIMIT, r.cause());
        assertFalse(m.cpu().mmu.a20Enabled(), "the last boot's A20 write reached the MMU");
    }

    /** Prints a byte, then pulses the i8042 reset line (command 0xFE). */
    private static final byte[] I8042_PULSE_RESET = bytes(
            0x66, 0xBA, 0xF8, 0x03,         // mov dx, 0x3f8
            0xB0, 'b', 0xEE,                // mov al, 'b'; out dx, al
            0xB0, 0xFE, 0xE6, 0x64,         // mov al, 0xfe; out 0x64, al
            0x0F, 0x0B);                    // ud2: never reached

    @Test
    void i8042ResetPulseRebootsTheMachine() throws Exception {
        Machine m = new Machine(config(I8042_PULSE_RESET).withTripleFault(TripleFaultAction.STOP, 1), serial);
        RunResult r = m.run();
        assertEquals("bb", serial.toString(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(StopCause.RESET_LIMIT, r.cause());
        assertTrue(r.diagnostic().startsWith("core 0 requested a reset through the i8042 keyboard controller"),
                r.diagnostic());
    }

    /** Reads 00:00.0 register 0 through configuration mechanism 1 and prints its four bytes. */
    private static final byte[] PCI_READ_HOST_BRIDGE_ID = bytes(
            0x66, 0xBA, 0xF8, 0x0C,         // mov dx, 0xcf8
            0xB8, 0x00, 0x00, 0x00, 0x80,   // mov eax, 0x80000000
            0xEF,                           // out dx, eax
            0x66, 0xBA, 0xFC, 0x0C,         // mov dx, 0xcfc
            0xED,                           // in eax, dx
            0x89, 0xC3,                     // mov ebx, eax
            0x66, 0xBA, 0xF8, 0x03,         // mov dx, 0x3f8
            0x89, 0xD8, 0xEE, 0xC1, 0xEB, 0x08, // mov eax, ebx; out dx, al; shr ebx, 8
            0x89, 0xD8, 0xEE, 0xC1, 0xEB, 0x08,
            0x89, 0xD8, 0xEE, 0xC1, 0xEB, 0x08,
            0x89, 0xD8, 0xEE,
            0xB8, 0x00, 0x00, 0x00, 0x00,   // mov eax, 0
            0xE7, 0xF4);                    // out 0xf4, eax

    @Test
    void pciHostBridgeAnswersConfigurationMechanismOne() throws Exception {
        RunResult r = new Machine(config(PCI_READ_HOST_BRIDGE_ID), serial).run();
        assertEquals(StopCause.DEBUG_EXIT, r.cause());
        assertArrayEquals(new byte[] {(byte) 0x86, (byte) 0x80, 0x37, 0x12}, serial.toByteArray());
    }

    /** Prints RTC registers: seconds, minutes, year, century, register D, extended memory (0x30, 0x31). */
    private static final byte[] RTC_READ = bytes(
            0x66, 0xBA, 0xF8, 0x03,         // mov dx, 0x3f8
            0xB0, 0x00, 0xE6, 0x70, 0xE4, 0x71, 0xEE, // mov al, reg; out 0x70, al; in al, 0x71; out dx, al
            0xB0, 0x02, 0xE6, 0x70, 0xE4, 0x71, 0xEE,
            0xB0, 0x09, 0xE6, 0x70, 0xE4, 0x71, 0xEE,
            0xB0, 0x32, 0xE6, 0x70, 0xE4, 0x71, 0xEE,
            0xB0, 0x0D, 0xE6, 0x70, 0xE4, 0x71, 0xEE,
            0xB0, 0x30, 0xE6, 0x70, 0xE4, 0x71, 0xEE,
            0xB0, 0x31, 0xE6, 0x70, 0xE4, 0x71, 0xEE,
            0xB8, 0x00, 0x00, 0x00, 0x00,   // mov eax, 0
            0xE7, 0xF4);                    // out 0xf4, eax

    @Test
    void rtcStartsAtTheConfiguredTimeAndKnowsTheMemorySize() throws Exception {
        MachineConfig c = config(RTC_READ).withRtcStart(LocalDateTime.of(2031, 7, 4, 12, 34, 56));
        RunResult r = new Machine(c, serial).run();
        assertEquals(StopCause.DEBUG_EXIT, r.cause());
        // BCD time; 4 MiB of RAM is 3072 KiB (0x0C00) above 1 MiB.
        assertArrayEquals(new byte[] {0x56, 0x34, 0x31, 0x20, (byte) 0x80, 0x00, 0x0C}, serial.toByteArray());
    }
}

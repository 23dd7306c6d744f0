package dev.multiverse.machine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;

import static dev.multiverse.machine.TestKernels.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The IOAPIC at 0xFEC00000 on the ISA interrupt wires: the PIT's IRQ 0 reaches pin 2, not pin 0. */
class IoApicWiringTest {
    @TempDir
    Path dir;

    /**
     * With IF clear: pins 2 and 0 level-triggered and unmasked, the PIT started at about 1 kHz; waits for
     * pin 2's remote IRR (the message went out), then prints bits 15:8 of pin 2's entry and of pin 0's.
     */
    private static final byte[] ROUTE_PIT = bytes(
            0xC7, 0x05, 0x00, 0x00, 0xC0, 0xFE, 0x14, 0x00, 0x00, 0x00,   // IOREGSEL = pin 2 low
            0xC7, 0x05, 0x10, 0x00, 0xC0, 0xFE, 0x30, 0x80, 0x00, 0x00,   // IOWIN = level | vector 0x30
            0xC7, 0x05, 0x00, 0x00, 0xC0, 0xFE, 0x10, 0x00, 0x00, 0x00,   // IOREGSEL = pin 0 low
            0xC7, 0x05, 0x10, 0x00, 0xC0, 0xFE, 0x31, 0x80, 0x00, 0x00,   // IOWIN = level | vector 0x31
            0xB0, 0x36, 0xE6, 0x43,                                       // PIT counter 0, mode 3
            0xB0, 0xA9, 0xE6, 0x40, 0xB0, 0x04, 0xE6, 0x40,               // count 1193
            0xC7, 0x05, 0x00, 0x00, 0xC0, 0xFE, 0x14, 0x00, 0x00, 0x00,   // wait: IOREGSEL = pin 2 low
            0xA1, 0x10, 0x00, 0xC0, 0xFE,                                 // mov eax, [IOWIN]
            0xF6, 0xC4, 0x40,                                             // test ah, 0x40 (remote IRR)
            0x74, 0xEC,                                                   // jz wait
            0x66, 0xBA, 0xF8, 0x03,                                       // mov dx, 0x3f8
            0x88, 0xE0, 0xEE,                                             // mov al, ah; out dx, al
            0xC7, 0x05, 0x00, 0x00, 0xC0, 0xFE, 0x10, 0x00, 0x00, 0x00,   // IOREGSEL = pin 0 low
            0xA1, 0x10, 0x00, 0xC0, 0xFE,                                 // mov eax, [IOWIN]
            0x88, 0xE0, 0xEE,                                             // mov al, ah; out dx, al
            0xFA, 0xF4);                                                  // cli; hlt

    @Test
    void pitIrq0ArrivesOnPin2() throws Exception {
        ByteArrayOutputStream serial = new ByteArrayOutputStream();
        MachineConfig c = MachineConfig.of(TestKernels.write(dir, "k.elf", TestKernels.multibootElf(0, ROUTE_PIT)))
                .withMemorySize(4 << 20);
        RunResult r = new Machine(c, serial).run();
        assertEquals(StopCause.HALTED, r.cause());
        assertArrayEquals(new byte[] {(byte) 0xC0, (byte) 0x80}, serial.toByteArray(),
                "pin 2: level with remote IRR set; pin 0: level, never sent");
    }
}

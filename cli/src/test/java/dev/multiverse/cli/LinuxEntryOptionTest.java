package dev.multiverse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --linux-entry: which entry a bzImage boots through, and the one-line error for a bad value. */
class LinuxEntryOptionTest {
    @TempDir
    Path dir;

    /**
     * A bzImage (boot protocol 2.15, 64-bit entry, loaded at 2 MiB) whose payload the host cannot decompress
     * and whose startup_64 writes 3 to the isa-debug-exit port.
     */
    private Path bzImage() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(0x400 + 0x300).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0x1F1, (byte) 1).putShort(0x1FE, (short) 0xAA55).put(0x200, (byte) 0xEB).put(0x201, (byte) 0x66);
        b.put(0x202, new byte[]{'H', 'd', 'r', 'S'}).putShort(0x206, (short) 0x20F);
        b.putInt(0x22C, 0x7FFF_FFFF).putShort(0x236, (short) 1).putInt(0x238, 0x7FF);
        b.putInt(0x248, 0).putInt(0x24C, 4).putLong(0x258, 0x200000).putInt(0x260, 0x100000);
        b.put(0x400, new byte[]{'B', 'Z', 'h', '9'});
        b.put(0x400 + 0x200, new byte[]{(byte) 0xB8, 3, 0, 0, 0, (byte) 0xE7, (byte) 0xF4});   // mov eax, 3; out 0xf4, eax
        return Files.write(dir.resolve("vmlinuz"), b.array());
    }

    @Test
    void bootsThroughTheBootProtocolWhenAskedOrWhenPvhCannotBeUsed() throws Exception {
        String kernel = bzImage().toString();
        for (String entry : new String[]{"boot-protocol", "pvh"}) {
            Cli r = Cli.run("run", "--kernel", kernel, "--memory", "8M", "--linux-entry", entry, "--verbose",
                    "--max-instructions", Cli.LIMIT);
            assertEquals(3 << 1 | 1, r.status(), r.err());
            assertTrue(r.err().contains("with the Linux 64-bit boot protocol"), r.err());
        }
    }

    @Test
    void aBadValueIsAOneLineUsageError() throws Exception {
        Cli r = Cli.run("run", "--kernel", bzImage().toString(), "--linux-entry", "efi");
        assertEquals(2, r.status());
        assertEquals(List.of("multiverse: --linux-entry must be pvh or boot-protocol, not \"efi\""), r.errLines());
    }
}

package dev.multiverse.systest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's kernel through the Linux 64-bit boot protocol (boot_params, e820, command line, initrd), its own
 * XZ decompressor running in the guest (about 4.5 G more instructions than the PVH path), boots to the
 * scripted /init and powers off.
 */
class LinuxBootProtocolTest {
    @Test
    void guestDecompressesTheKernelBootsAndPowersOff(@TempDir Path work) throws Exception {
        ScriptedBoot boot = ScriptedBoot.run(work, "--linux-entry", "boot-protocol", "--verbose");
        assertTrue(boot.diagnostics().contains("with the Linux 64-bit boot protocol"), boot.summary());
        LinuxBootCheck.assertGoodBoot(boot, 1);
    }
}

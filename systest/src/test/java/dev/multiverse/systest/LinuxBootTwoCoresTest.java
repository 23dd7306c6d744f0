package dev.multiverse.systest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Debian's kernel, host-decompressed and entered through PVH, boots on 2 cores to the scripted /init and powers off. */
class LinuxBootTwoCoresTest {
    @Test
    void bootsRunsCommandsAndPowersOff(@TempDir Path work) throws Exception {
        ScriptedBoot boot = ScriptedBoot.run(work, "--cores", "2");
        LinuxBootCheck.assertGoodBoot(boot, 2);
    }
}

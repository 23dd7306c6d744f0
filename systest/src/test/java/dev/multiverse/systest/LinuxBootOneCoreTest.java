package dev.multiverse.systest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Debian's kernel, host-decompressed and entered through PVH, boots on 1 core to the scripted /init and powers off. */
class LinuxBootOneCoreTest {
    @Test
    void bootsRunsCommandsAndPowersOff(@TempDir Path work) throws Exception {
        ScriptedBoot boot = ScriptedBoot.run(work, "--cores", "1");
        LinuxBootCheck.assertGoodBoot(boot, 1);
    }
}

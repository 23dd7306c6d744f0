package dev.multiverse.machine.hvm;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HvmConfigTest {
    private static final long MIB = 1 << 20;
    private static final Path HRT = Path.of("hrt.elf");

    private static HvmConfig parse(String spec) {
        return HvmConfig.parse(spec, v -> Long.parseLong(v.replace("M", "")) * MIB, HRT, "cmd");
    }

    private static String error(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> parse(spec)).getMessage();
    }

    @Test
    void parsesCoresAndRosMemoryInAnyOrder() {
        HvmConfig c = parse("hrt=3,ros-mem=64M,ros=2");
        assertEquals(2, c.rosCores());
        assertEquals(3, c.hrtCores());
        assertEquals(5, c.cores());
        assertEquals(64 * MIB, c.rosMemory());
        assertEquals(HRT, c.hrtKernel());
        assertEquals("cmd", c.hrtAppend());
    }

    @Test
    void rosMemoryDefaultsToHalfOfRamOnA2MiBBoundary() {
        HvmConfig c = parse("ros=1,hrt=1");
        assertEquals(0, c.rosMemory(), "unresolved until the machine's memory is known");
        assertEquals(256 * MIB, c.forMemory(512 * MIB).rosMemory());
        assertEquals(60 * MIB, c.forMemory(123 * MIB).rosMemory(), "61.5 MiB rounded down to 2 MiB");
        assertEquals(64 * MIB, parse("ros=1,hrt=1,ros-mem=64M").forMemory(512 * MIB).rosMemory(), "given: kept");
    }

    @Test
    void rejectsBadSpecs() {
        assertTrue(error("ros=1").contains("ros and hrt are required"));
        assertTrue(error("ros=1,hrt=1,gpu=2").contains("unknown key \"gpu\""));
        assertTrue(error("ros=1,ros=2,hrt=1").contains("ros given twice"));
        assertTrue(error("ros=x,hrt=1").contains("ros must be a number of cores"));
        assertTrue(error("ros=1,hrt").contains("\"hrt\" is not KEY=VALUE"));
        assertTrue(error("ros=0,hrt=1").contains("at least one ROS core and one HRT core"));
        assertTrue(error("ros=1,hrt=1,ros-mem=3M").contains("multiple of 2M"));
    }

    @Test
    void rosMemoryMustLeaveTheHrtSomeRam() {
        HvmConfig c = parse("ros=1,hrt=1,ros-mem=512M");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.forMemory(512 * MIB)).getMessage()
                .contains("leave the HRT at least 2M"));
        assertEquals(510 * MIB, parse("ros=1,hrt=1,ros-mem=510M").forMemory(512 * MIB).rosMemory());
    }
}

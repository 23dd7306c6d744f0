package dev.multiverse.systest;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Linux and the AeroKernel in one HVM machine, end to end: Debian's kernel is the ROS on 1 or 2 cores and
 * half of the RAM, the AeroKernel the HRT on 2 cores; the /init runs {@code hvmctl selfcheck} as root with
 * the AeroKernel image the initramfs carries. From a Linux process it installs that image (0x8), resets the
 * HRT onto it, calls its services (echo on the first HRT core, count on all of them, through the
 * descriptor's physical address), merges its address space into the HRT (memtest through its own virtual
 * address), unmerges, and completes an event the HRT posts while its signal handler is entered. Every step
 * must pass and report its cycles, and Linux must see only the ROS partition.
 */
class HvmSelfcheckLinuxTest {
    private static final int HRT_CORES = 2;
    private static final long ROS_MEMORY_KB = 512 * 1024;   // half of --memory 1G
    private static final long ECHOED = 0x600dcafeL;          // what selfcheck passes to the echo service

    private static final String INIT = """
            echo "SYSTEST marker: userland up"
            /bin/hvmctl selfcheck /hrt/aerokernel.elf
            echo "SYSTEST selfcheck-status=$?"
            poweroff -f
            """;

    /** Every line selfcheck prints, in order (the contract `multiverse selfcheck hvm` parses too). */
    private static final List<String> NAMES = List.of("linux.cpus", "linux.memtotal_kb", "null.calls",
            "null.min_cycles", "null.median_cycles", "install.bytes", "install.cycles", "reset_hrt.cycles",
            "invoke_first.cycles", "invoke_first.result", "invoke_all.cycles", "invoke_all.result", "merge.cycles",
            "merge.call_cycles", "unmerge.cycles", "event.take_cycles", "event.roundtrip_cycles", "event.signals",
            "event.signal_code", "event.signal_cycles", "status");

    @TempDir
    Path work;

    @ParameterizedTest(name = "ros={0},hrt=2")
    @ValueSource(ints = {1, 2})
    void selfcheckPassesWithLinuxAsTheRos(int rosCores) throws IOException {
        byte[] aerokernel = aerokernel();
        Path hrtKernel = Files.write(work.resolve("aerokernel.elf"), aerokernel);
        Path hrtConsole = work.resolve("hrt-console.txt");
        ScriptedBoot boot = ScriptedBoot.runWithInit(work, INIT, Map.of("hrt/aerokernel.elf", aerokernel),
                "--memory", "1G", "--hvm", "ros=" + rosCores + ",hrt=" + HRT_CORES, "--hrt-kernel", hrtKernel.toString(),
                "--debugcon", hrtConsole.toString());

        assertTrue(boot.console().contains("SYSTEST marker: userland up"), "no marker: " + boot.summary());
        assertEquals("pass", boot.hvmcheck("status"), boot.summary());
        assertEquals("0", boot.reported("selfcheck-status"), boot.summary());
        assertEquals(NAMES, hvmcheckNames(boot.console()), boot.summary());

        assertEquals(String.valueOf(rosCores), boot.hvmcheck("linux.cpus"), "Linux sees only the ROS cores");
        long memTotalKb = Long.parseLong(boot.hvmcheck("linux.memtotal_kb"));
        assertTrue(memTotalKb > ROS_MEMORY_KB / 2 && memTotalKb < ROS_MEMORY_KB, "Linux sees only the ROS RAM: " + memTotalKb);
        assertEquals(String.valueOf(aerokernel.length), boot.hvmcheck("install.bytes"), boot.summary());
        assertEquals(String.valueOf(ECHOED), boot.hvmcheck("invoke_first.result"), boot.summary());
        assertEquals(String.valueOf(HRT_CORES), boot.hvmcheck("invoke_all.result"), "counted on every HRT core");
        assertTrue(Long.parseLong(boot.hvmcheck("event.signals")) >= 1, boot.summary());
        for (String name : NAMES) {
            if (name.endsWith("cycles")) {
                assertTrue(Long.parseLong(boot.hvmcheck(name)) > 0, name + " is not positive: " + boot.summary());
            }
        }

        // The HRT booted at power-on and again when selfcheck reset it onto the installed image.
        String hrt = Files.readString(hrtConsole);
        String up = "AeroKernel: " + HRT_CORES + " HRT cores up (APIC IDs " + rosCores + "-" + (rosCores + HRT_CORES - 1) + ")";
        assertEquals(2, hrt.split(Pattern.quote(up), -1).length - 1, hrt);
        assertEquals(0, boot.exitStatus(), boot.summary());
    }

    private static byte[] aerokernel() throws IOException {
        try (InputStream in = HvmSelfcheckLinuxTest.class.getResourceAsStream("/hrt/aerokernel.elf")) {
            assertNotNull(in, "hrt/aerokernel.elf is not on the test classpath (build hrt-kernel)");
            return in.readAllBytes();
        }
    }

    /** The names of the "HVMCHECK name=value" lines, in the order printed. */
    private static List<String> hvmcheckNames(String console) {
        Matcher m = Pattern.compile("^HVMCHECK ([^=\\s]+)=", Pattern.MULTILINE).matcher(console);
        return m.results().map(r -> r.group(1)).toList();
    }
}

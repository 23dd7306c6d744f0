package dev.multiverse.cli;

import dev.multiverse.machine.hvm.HvmConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading hvmctl selfcheck's HVMCHECK lines from a console and the table selfcheck hvm prints from them. */
class HvmSelfcheckTableTest {
    /** ROS 1 core and 512 MiB, HRT 2 cores, on a 1 GiB machine. */
    private static final HvmConfig PARTITION = new HvmConfig(1, 2, 512L << 20, Path.of("aerokernel.elf"), "");
    private static final long MEMORY = 1L << 30;

    /** A console as the guest prints it (CR LF line ends), with hvmctl's lines among kernel output. */
    private static final String PASSING = """
            [    2.345678] Run /init as init process\r
            HVMCHECK linux.cpus=1\r
            HVMCHECK linux.memtotal_kb=479624\r
            HVMCHECK null.calls=1000\r
            HVMCHECK null.min_cycles=1190\r
            HVMCHECK null.median_cycles=1234\r
            HVMCHECK install.bytes=151552\r
            HVMCHECK install.cycles=987654\r
            HVMCHECK reset_hrt.cycles=4567890\r
            HVMCHECK invoke_first.cycles=23456\r
            HVMCHECK invoke_first.result=1611516670\r
            HVMCHECK invoke_all.cycles=34567\r
            HVMCHECK invoke_all.result=2\r
            HVMCHECK merge.cycles=12345\r
            HVMCHECK merge.call_cycles=45678\r
            HVMCHECK unmerge.cycles=11111\r
            HVMCHECK event.take_cycles=5000\r
            HVMCHECK event.roundtrip_cycles=67890\r
            HVMCHECK event.signals=1\r
            HVMCHECK event.signal_code=1\r
            HVMCHECK event.signal_cycles=4000\r
            HVMCHECK gdt_sync.cycles=777\r
            HVMCHECK status=pass\r
            [    9.876543] reboot: Power down\r
            """;

    private static HvmSelfcheckTable table(String console) {
        return new HvmSelfcheckTable(PARTITION, MEMORY, "6.1.0-56-amd64", HvmCheckReport.parse(console));
    }

    @Test
    void aPassingReportBecomesTheTable() {
        HvmSelfcheckTable table = table(PASSING);
        assertEquals(List.of(
                "HVM self-check: ROS 1 core / 512 MiB (Linux 6.1.0-56-amd64), HRT 2 cores / 512 MiB (AeroKernel)",
                "operation                              cycles",
                "null hypercall (median of 1000)          1234",
                "install HRT image                      987654",
                "HRT boot (reset to ready)             4567890",
                "invoke, first HRT core (round trip)     23456",
                "invoke, all 2 HRT cores (round trip)    34567",
                "merge                                   12345",
                "invoke after merge (round trip)         45678",
                "unmerge                                 11111",
                "HRT->ROS event round trip               67890",
                "HRT->ROS signal (invoke to handler)      4000",
                "isolation: Linux sees 1 CPU (ROS: 1), MemTotal 468 MiB (ROS RAM: 512 MiB)   ok"), table.lines());
        assertEquals(List.of(), table.missing());
        assertTrue(table.isolationHolds());
    }

    @Test
    void theReportKeepsEveryValueWithoutLineEnds() {
        HvmCheckReport report = HvmCheckReport.parse(PASSING);
        assertTrue(report.passed());
        assertTrue(report.finished());
        assertNull(report.error());
        assertEquals(1234L, report.number("null.median_cycles"));
        assertEquals(777L, report.number("gdt_sync.cycles"), "names the table does not know are kept");
        assertEquals("pass", report.values().get("status"));
        assertEquals("linux.cpus", report.values().keySet().iterator().next(), "in the order reported");
    }

    @Test
    void aMarkerAfterKernelOutputOnTheSameLineIsFound() {
        HvmCheckReport report = HvmCheckReport.parse("[    3.1] random: crng init doneHVMCHECK merge.cycles=42\r\n");
        assertEquals(42L, report.number("merge.cycles"));
        assertFalse(report.finished());
    }

    @Test
    void optionalRowsNotReportedAreLeftOutAndRequiredOnesShowADash() {
        String console = String.join("\n", "HVMCHECK linux.cpus=1", "HVMCHECK linux.memtotal_kb=479624",
                "HVMCHECK null.median_cycles=1234", "HVMCHECK reset_hrt.cycles=4567890", "HVMCHECK invoke_first.cycles=23456",
                "HVMCHECK invoke_all.cycles=oops", "HVMCHECK event.roundtrip_cycles=67890", "HVMCHECK status=pass");
        HvmSelfcheckTable table = table(console);
        assertEquals(List.of(
                "HVM self-check: ROS 1 core / 512 MiB (Linux 6.1.0-56-amd64), HRT 2 cores / 512 MiB (AeroKernel)",
                "operation                              cycles",
                "null hypercall (median)                  1234",
                "HRT boot (reset to ready)             4567890",
                "invoke, first HRT core (round trip)     23456",
                "invoke, all 2 HRT cores (round trip)        -",
                "merge                                       -",
                "HRT->ROS event round trip               67890",
                "isolation: Linux sees 1 CPU (ROS: 1), MemTotal 468 MiB (ROS RAM: 512 MiB)   ok"), table.lines());
        assertEquals(List.of("invoke_all.cycles", "merge.cycles"), table.missing(), "a value that is no number is missing");
    }

    @Test
    void linuxSeeingMoreThanTheRosViolatesIsolation() {
        HvmSelfcheckTable cpus = table(PASSING.replace("linux.cpus=1", "linux.cpus=3"));
        assertFalse(cpus.isolationHolds());
        assertEquals("isolation: Linux sees 3 CPUs (ROS: 1), MemTotal 468 MiB (ROS RAM: 512 MiB)   VIOLATED", cpus.lines().getLast());

        HvmSelfcheckTable memory = table(PASSING.replace("linux.memtotal_kb=479624", "linux.memtotal_kb=1000000"));
        assertFalse(memory.isolationHolds());
        assertEquals("isolation: Linux sees 1 CPU (ROS: 1), MemTotal 976 MiB (ROS RAM: 512 MiB)   VIOLATED", memory.lines().getLast());

        HvmSelfcheckTable exactlyRos = table(PASSING.replace("linux.memtotal_kb=479624", "linux.memtotal_kb=524288"));
        assertTrue(exactlyRos.isolationHolds(), "MemTotal may be all of the ROS RAM, no more");
    }

    @Test
    void aFailedCheckCarriesHvmctlsMessage() {
        String console = """
                HVMCHECK linux.cpus=1\r
                HVMCHECK linux.memtotal_kb=479624\r
                HVMCHECK null.calls=1000\r
                HVMCHECK null.min_cycles=1190\r
                HVMCHECK null.median_cycles=1234\r
                HVMCHECK error=the HRT did not report ready within 60 s of its reset\r
                HVMCHECK status=fail\r
                hvmctl: the HRT did not report ready within 60 s of its reset\r
                """;
        HvmCheckReport report = HvmCheckReport.parse(console);
        assertTrue(report.finished());
        assertFalse(report.passed());
        assertEquals("the HRT did not report ready within 60 s of its reset", report.error());
        HvmSelfcheckTable table = table(console);
        assertTrue(table.isolationHolds());
        assertEquals(List.of("reset_hrt.cycles", "invoke_first.cycles", "invoke_all.cycles", "merge.cycles",
                "event.roundtrip_cycles"), table.missing());
    }

    @Test
    void noLinuxFactsIsNoIsolation() {
        HvmSelfcheckTable table = new HvmSelfcheckTable(new HvmConfig(2, 1, 256L << 20, Path.of("k"), ""), 768L << 20, null,
                HvmCheckReport.parse("HVMCHECK status=fail\n"));
        assertFalse(table.isolationHolds());
        assertEquals("HVM self-check: ROS 2 cores / 256 MiB (Linux), HRT 1 core / 512 MiB (AeroKernel)", table.lines().getFirst());
        assertEquals("invoke, all 1 HRT core (round trip)       -", table.lines().get(5));
        assertEquals("isolation: Linux's CPUs and MemTotal not reported   FAILED", table.lines().getLast());
    }
}

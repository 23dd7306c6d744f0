package dev.multiverse.systest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * hvmctl, in every initramfs, on a machine without --hvm: its vmcall raises #UD, Linux turns that into
 * SIGILL, and hvmctl says so cleanly with status 1 (selfcheck still reports what Linux sees, then fails);
 * a wrong command line is status 2.
 */
class HvmctlWithoutHvmTest {
    private static final String NOT_HVM = "not running on a Multiverse HVM (vmcall raised SIGILL)";

    private static final String INIT = """
            echo "SYSTEST marker: userland up"
            out=$(/bin/hvmctl null 2>&1)
            echo "SYSTEST null-status=$?"
            echo "SYSTEST null-output=$out"
            /bin/hvmctl selfcheck 2>/dev/null
            echo "SYSTEST selfcheck-status=$?"
            /bin/hvmctl frobnicate 2>/dev/null
            echo "SYSTEST usage-status=$?"
            poweroff -f
            """;

    @Test
    void vmcallWithoutHvmIsReportedAsSigill(@TempDir Path work) throws Exception {
        ScriptedBoot boot = ScriptedBoot.runWithInit(work, INIT, "--cores", "1");
        assertTrue(boot.console().contains("SYSTEST marker: userland up"), "no marker: " + boot.summary());
        assertEquals("1", boot.reported("null-status"), boot.summary());
        assertEquals("hvmctl: " + NOT_HVM, boot.reported("null-output"), boot.summary());

        assertEquals("1", boot.reported("selfcheck-status"), boot.summary());
        assertEquals("1", boot.hvmcheck("linux.cpus"), boot.summary());
        long memTotalKb = Long.parseLong(boot.hvmcheck("linux.memtotal_kb"));
        assertTrue(memTotalKb > 256 * 1024 && memTotalKb <= 512 * 1024, boot.summary());
        assertEquals(NOT_HVM, boot.hvmcheck("error"), boot.summary());
        assertEquals("fail", boot.hvmcheck("status"), boot.summary());

        assertEquals("2", boot.reported("usage-status"), boot.summary());
        assertEquals(0, boot.exitStatus(), boot.summary());
    }
}

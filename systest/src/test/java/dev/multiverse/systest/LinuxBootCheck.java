package dev.multiverse.systest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a good scripted boot on {@code cores} cores shows. */
final class LinuxBootCheck {
    /** Kernel log lines that mean something went wrong (case-sensitive, as the kernel prints them). */
    static final List<String> BAD_LOG = List.of("BUG:", "WARNING:", "Oops", "Call Trace", "soft lockup");

    private LinuxBootCheck() {
    }

    static void assertGoodBoot(ScriptedBoot boot, int cores) throws NoSuchAlgorithmException {
        assertTrue(boot.console().contains("SYSTEST marker: userland up"), "no marker: " + boot.summary());
        assertEquals(String.valueOf(cores), boot.reported("nproc"), boot.summary());
        assertEquals(cores == 1 ? "0" : "0-" + (cores - 1), boot.reported("online"), boot.summary());
        String md5 = boot.reported("md5");
        assertNotNull(md5, boot.summary());
        assertEquals(hostMd5OfSequence(100_000) + "  -", md5.strip(), boot.summary());
        String dmesg = boot.dmesg();
        assertNotNull(dmesg, "no kernel log: " + boot.summary());
        for (String line : dmesg.lines().toList()) {
            for (String bad : BAD_LOG) assertTrue(!line.contains(bad), "kernel log: " + line + "\n" + dmesg);
            assertTrue(!(line.contains("clocksource") && line.contains("unstable")), "kernel log: " + line + "\n" + dmesg);
        }
        assertEquals(0, boot.exitStatus(), "poweroff must end the run with status 0: " + boot.summary());
    }

    /** The md5 of "1\n2\n...n\n", what {@code seq 1 n | md5sum} prints in the guest. */
    static String hostMd5OfSequence(int n) throws NoSuchAlgorithmException {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        for (int i = 1; i <= n; i++) md5.update((i + "\n").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(md5.digest());
    }
}

package dev.multiverse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code multiverse initramfs}: what lands in the archive, and one-line errors for bad input. */
class InitramfsCommandTest {
    @Test
    void writesBusyboxInitAndExtraFilesAsNewcEntries(@TempDir Path dir) throws Exception {
        Path busybox = Files.writeString(dir.resolve("busybox"), "BUSYBOX-BYTES");
        Path init = Files.writeString(dir.resolve("init.sh"), "#!/bin/busybox sh\necho scripted\n");
        Path extra = Files.writeString(dir.resolve("data.txt"), "payload-123");
        Path out = dir.resolve("out.cpio");
        Cli r = Cli.run("initramfs", "--busybox", busybox.toString(), "--init", init.toString(),
                "--file", "/etc/data.txt=" + extra, "-o", out.toString());
        assertEquals(0, r.status(), r.err());
        String archive = Files.readString(out, StandardCharsets.ISO_8859_1);
        assertTrue(archive.startsWith("070701"), "newc magic");
        // Each file's data follows its name (padded), so name and content appear in this order.
        assertTrue(archive.matches("(?s).*bin/busybox\0+BUSYBOX-BYTES.*"), "busybox entry");
        assertTrue(archive.matches("(?s).*init\0+#!/bin/busybox sh\necho scripted\n.*"), "scripted init");
        assertTrue(archive.matches("(?s).*etc/data.txt\0+payload-123.*"), "extra file");
        assertTrue(archive.contains("TRAILER!!!"), "trailer");
        assertEquals(0, Files.size(out) % 4, "entries are padded to 4 bytes");
    }

    @Test
    void defaultInitStartsBusyboxInitWithAShellOnTheConsole(@TempDir Path dir) throws Exception {
        Path busybox = Files.writeString(dir.resolve("busybox"), "x");
        Path out = dir.resolve("out.cpio");
        assertEquals(0, Cli.run("initramfs", "--busybox", busybox.toString(), "-o", out.toString()).status());
        String archive = Files.readString(out, StandardCharsets.ISO_8859_1);
        assertTrue(archive.contains("mount -t devtmpfs devtmpfs /dev"), "mounts devtmpfs");
        assertTrue(archive.contains("exec /bin/busybox init"), "hands over to busybox init");
        assertTrue(archive.contains("::respawn:/bin/cttyhack /bin/sh -l"), "shell on the console");
    }

    @Test
    void badInputsGiveOneLineAndStatus2(@TempDir Path dir) throws Exception {
        Path busybox = Files.writeString(dir.resolve("busybox"), "x");
        Cli missing = Cli.run("initramfs", "--busybox", dir.resolve("nope").toString(), "-o", dir.resolve("o").toString());
        assertEquals(2, missing.status());
        assertEquals(1, missing.errLines().size(), missing.err());
        assertTrue(missing.err().contains("cannot read --busybox file"), missing.err());

        Cli badSpec = Cli.run("initramfs", "--busybox", busybox.toString(), "--file", "no-equals", "-o", dir.resolve("o").toString());
        assertEquals(2, badSpec.status());
        assertTrue(badSpec.err().contains("--file takes PATH=FILE"), badSpec.err());

        Cli unwritable = Cli.run("initramfs", "--busybox", busybox.toString(), "-o", dir.resolve("no/such/dir/o").toString());
        assertEquals(2, unwritable.status());
        assertEquals(1, unwritable.errLines().size(), unwritable.err());
        assertTrue(unwritable.err().startsWith("multiverse: cannot write"), unwritable.err());
    }
}

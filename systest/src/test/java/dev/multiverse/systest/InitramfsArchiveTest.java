package dev.multiverse.systest;

import dev.multiverse.rosshim.Initramfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The initramfs writer's archive as an independent cpio reader (busybox's own) sees it. */
class InitramfsArchiveTest {
    @Test
    void busyboxCpioListsAndExtractsWhatWasWritten(@TempDir Path work) throws Exception {
        byte[] busybox = DebianLinux.busybox();
        byte[] script = "#!/bin/busybox sh\necho hi\n".getBytes(StandardCharsets.UTF_8);
        Path archive = work.resolve("initramfs.cpio");
        Files.write(archive, new Initramfs(busybox).init(script).file("/etc/motd", 0640, "odd length".getBytes(StandardCharsets.UTF_8))
                .file("hrt/sub/image", 0644, "deep".getBytes(StandardCharsets.UTF_8)).toBytes());

        List<String> listing = cpio(work, archive, "-tv").lines().toList();
        assertTrue(listing.contains("crw------- 0/0         0 1970-01-01 00:00:00 dev/console"), String.join("\n", listing));
        assertTrue(listing.contains("drwxrwxrwt 0/0         0 1970-01-01 00:00:00 tmp"), String.join("\n", listing));
        assertTrue(listing.stream().anyMatch(l -> l.startsWith("-rwxr-xr-x 0/0") && l.endsWith(" init")), String.join("\n", listing));
        assertTrue(listing.stream().anyMatch(l -> l.startsWith("-rw-r----- 0/0        10 ") && l.endsWith(" etc/motd")), String.join("\n", listing));
        // Parents of an added file come before it, once each.
        int hrt = indexOfEnding(listing, " hrt"), sub = indexOfEnding(listing, " hrt/sub"), image = indexOfEnding(listing, " hrt/sub/image");
        assertTrue(hrt >= 0 && hrt < sub && sub < image, String.join("\n", listing));
        assertTrue(listing.get(hrt).startsWith("drwxr-xr-x"), listing.get(hrt));

        Path root = Files.createDirectory(work.resolve("root"));
        cpio(root, archive, "-id", "bin/busybox", "init", "etc/inittab", "etc/motd");
        assertArrayEquals(busybox, Files.readAllBytes(root.resolve("bin/busybox")));
        assertArrayEquals(script, Files.readAllBytes(root.resolve("init")));
        assertEquals("odd length", Files.readString(root.resolve("etc/motd")));
        assertTrue(Files.readString(root.resolve("etc/inittab")).contains("cttyhack"));
    }

    private static int indexOfEnding(List<String> lines, String suffix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith(suffix)) return i;
        }
        return -1;
    }

    /** Runs busybox's cpio in {@code dir} on {@code archive}; returns its standard output. */
    private static String cpio(Path dir, Path archive, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(DebianLinux.directory().resolve("busybox").toString(), "cpio"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectInput(archive.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "busybox cpio " + String.join(" ", args));
        return out;
    }
}

package dev.multiverse.rosshim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A busybox initramfs for the regular OS: a statically linked busybox at /bin/busybox, the directories the
 * kernel's filesystems mount on, /dev/console, and an /init. The default /init mounts proc, sys and
 * devtmpfs and hands over to busybox init, which runs a shell on the console and powers off on
 * {@code poweroff}; a test gives its own script instead. Applet links are made at boot by
 * {@code busybox --install -s}, so the archive holds one binary whatever busybox's applet list. The ROS-side
 * programs built with this module (/bin/hvmctl, which drives the HVM's hypercalls) are in every archive.
 */
public final class Initramfs {
    private static final String[] DIRECTORIES = {"bin", "sbin", "usr", "usr/bin", "usr/sbin", "dev", "proc", "sys",
            "etc", "root", "tmp"};

    private final byte[] busybox;
    private byte[] init = resource("init");
    private final Map<String, File> files = new LinkedHashMap<>();

    private record File(int permissions, byte[] data) {
    }

    /** {@code busybox}: the bytes of a statically linked x86-64 busybox (Debian's busybox-static). */
    public Initramfs(byte[] busybox) {
        this.busybox = busybox.clone();
        files.put("etc/inittab", new File(0644, resource("inittab")));
        files.put("etc/profile", new File(0644, resource("profile")));
        files.put("bin/hvmctl", new File(0755, resource("bin/hvmctl")));
    }

    /** The start every scripted /init shares: busybox's applets linked, proc, sys and devtmpfs mounted. */
    private static final String SCRIPT_PRELUDE = """
            #!/bin/busybox sh
            /bin/busybox --install -s
            mount -t proc proc /proc
            mount -t sysfs sysfs /sys
            mount -t devtmpfs devtmpfs /dev
            """;

    /**
     * Replaces the default /init with a shell script that links busybox's applets, mounts proc, sys and
     * devtmpfs, then runs {@code commands} (a test's or a tool's; they end with {@code poweroff -f}, since
     * /init must not exit).
     */
    public Initramfs initScript(String commands) {
        return init((SCRIPT_PRELUDE + commands).getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces the default /init with {@code script} (it starts with its interpreter line, e.g. "#!/bin/busybox sh"). */
    public Initramfs init(byte[] script) {
        init = script.clone();
        return this;
    }

    /** Adds (or replaces) a file; {@code path} is relative to the root; missing directories are created (0755). */
    public Initramfs file(String path, int permissions, byte[] data) {
        files.put(path.startsWith("/") ? path.substring(1) : path, new File(permissions, data.clone()));
        return this;
    }

    /** The archive, in cpio newc format. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(busybox.length + 64 * 1024);
        try {
            CpioArchive cpio = new CpioArchive(bytes);
            Set<String> directories = new HashSet<>(List.of(DIRECTORIES));
            for (String d : DIRECTORIES) cpio.directory(d, d.equals("tmp") ? 01777 : 0755);
            cpio.characterDevice("dev/console", 0600, 5, 1);
            cpio.file("bin/busybox", 0755, busybox);
            cpio.file("init", 0755, init);
            for (Map.Entry<String, File> f : files.entrySet()) {
                // The kernel's unpacker creates no parent directories: an entry under a missing one is dropped.
                String path = f.getKey();
                for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                    String parent = path.substring(0, slash);
                    if (directories.add(parent)) cpio.directory(parent, 0755);
                }
                cpio.file(path, f.getValue().permissions(), f.getValue().data());
            }
            cpio.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private static byte[] resource(String name) {
        try (InputStream in = Initramfs.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

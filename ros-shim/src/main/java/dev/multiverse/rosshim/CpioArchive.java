package dev.multiverse.rosshim;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a cpio archive in the "newc" format, the one the Linux kernel unpacks as an initramfs: per entry a
 * 110-byte ASCII header ("070701", then 13 eight-digit hex fields), the NUL-terminated name and the data,
 * each padded to 4 bytes; the archive ends with the entry "TRAILER!!!". Owners are root and every time
 * stamp is 0, so the same inputs always give the same bytes.
 */
public final class CpioArchive {
    private static final int S_IFDIR = 0040000, S_IFREG = 0100000, S_IFCHR = 0020000;

    private final OutputStream out;
    private long written;
    private int inode = 1;
    private boolean finished;

    public CpioArchive(OutputStream out) {
        this.out = out;
    }

    public void directory(String path, int permissions) throws IOException {
        entry(path, S_IFDIR | permissions, 2, 0, 0, new byte[0]);
    }

    public void file(String path, int permissions, byte[] data) throws IOException {
        entry(path, S_IFREG | permissions, 1, 0, 0, data);
    }

    public void characterDevice(String path, int permissions, int major, int minor) throws IOException {
        entry(path, S_IFCHR | permissions, 1, major, minor, new byte[0]);
    }

    /** Writes the trailer; the archive is complete after this. */
    public void finish() throws IOException {
        entry("TRAILER!!!", 0, 1, 0, 0, new byte[0]);
        finished = true;
    }

    private void entry(String path, int mode, int links, int rdevMajor, int rdevMinor, byte[] data) throws IOException {
        if (finished) throw new IllegalStateException("the archive is finished");
        // The kernel's names are relative to the root: "init", "bin/busybox".
        String name = path.startsWith("/") ? path.substring(1) : path;
        if (name.isEmpty()) throw new IllegalArgumentException("empty cpio entry name");
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
        StringBuilder header = new StringBuilder("070701");
        long[] fields = {name.equals("TRAILER!!!") ? 0 : inode++, mode, 0, 0, links, 0, data.length, 0, 0,
                rdevMajor, rdevMinor, nameBytes.length, 0};
        for (long f : fields) header.append(String.format("%08x", f));
        write(header.toString().getBytes(StandardCharsets.US_ASCII));
        write(nameBytes);
        pad();
        write(data);
        pad();
    }

    private void write(byte[] bytes) throws IOException {
        out.write(bytes);
        written += bytes.length;
    }

    private void pad() throws IOException {
        while (written % 4 != 0) write(new byte[1]);
    }
}

package dev.multiverse.machine.loader;

import dev.multiverse.machine.BootException;
import org.tukaani.xz.SingleXZInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * A Linux bzImage, recognised by its setup header ("HdrS" at 0x202, the boot flag 0xAA55 at 0x1FE; the
 * kernel's x86 boot protocol): setup sectors, then the protected-mode part, in which the compressed vmlinux
 * ELF lies at payload_offset for payload_length bytes (protocol 2.08 and later), followed by its size in 4
 * bytes. By default the machine decompresses it
 * on the host, XZ (Debian's kernels) or gzip, instead of letting the guest run the kernel's own decompressor
 * for hundreds of millions of instructions; the resulting vmlinux then boots like any ELF kernel, through its
 * PVH note. A payload compressed another way, a vmlinux without the note, or {@link LinuxEntry#BOOT_PROTOCOL}
 * boots through the kernel's own 64-bit entry instead ({@link LinuxBootLoader}).
 */
final class BzImage {
    private static final int BOOT_FLAG = 0x1FE, HEADER = 0x202, PAYLOAD_OFFSET = 0x248, PAYLOAD_LENGTH = 0x24C, HEADER_END = 0x250;
    /** The first protocol with payload_offset and payload_length. */
    private static final int PAYLOAD_PROTOCOL = 0x208;
    private static final byte[] XZ_MAGIC = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0};

    private BzImage() {
    }

    static boolean is(byte[] file) {
        return file.length >= HEADER_END && LeBytes.u16(file, BOOT_FLAG) == 0xAA55
                && file[HEADER] == 'H' && file[HEADER + 1] == 'd' && file[HEADER + 2] == 'r' && file[HEADER + 3] == 'S';
    }

    /**
     * The vmlinux ELF inside {@code file}, decompressed, at most {@code limit} bytes; null when the payload
     * is compressed with a method the host does not decompress (the guest's decompressor can).
     */
    static byte[] vmlinux(byte[] file, String name, long limit) throws BootException {
        int version = LeBytes.u16(file, SetupHeader.VERSION);
        if (version < PAYLOAD_PROTOCOL) {
            throw new BootException(String.format("%s: bzImage with boot protocol %d.%02d: its payload is not described"
                    + " before 2.08", name, version >> 8, version & 0xff));
        }
        long start = (SetupHeader.setupSectors(file) + 1L) * 512 + LeBytes.u32(file, PAYLOAD_OFFSET);
        long length = LeBytes.u32(file, PAYLOAD_LENGTH);
        if (start + length > file.length) {
            throw new BootException(name + ": bzImage payload runs past the end of the file");
        }
        byte[] vmlinux = decompress(file, (int) start, (int) length, name, limit);
        if (vmlinux == null) return null;
        if (!ElfImage.isElf(vmlinux)) throw new BootException(name + ": bzImage payload is not an ELF vmlinux");
        return vmlinux;
    }

    private static byte[] decompress(byte[] file, int start, int length, String name, long limit) throws BootException {
        InputStream raw = new ByteArrayInputStream(file, start, length);
        // One stream only: the build appends the decompressed size (4 bytes) after it.
        try (InputStream in = startsWith(file, start, XZ_MAGIC) ? new SingleXZInputStream(raw)
                : LeBytes.u16(file, start) == 0x8B1F ? new GZIPInputStream(raw) : null) {
            if (in == null) return null;
            byte[] out = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            if (out.length > limit) throw new BootException(name + ": the decompressed vmlinux does not fit in guest RAM");
            return out;
        } catch (IOException e) {
            throw new BootException(name + ": cannot decompress the bzImage payload (" + e + ")");
        }
    }

    private static boolean startsWith(byte[] file, int at, byte[] magic) {
        if (at + magic.length > file.length) return false;
        for (int i = 0; i < magic.length; i++) {
            if (file[at + i] != magic[i]) return false;
        }
        return true;
    }
}

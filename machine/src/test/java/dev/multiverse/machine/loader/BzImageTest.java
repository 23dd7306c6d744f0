package dev.multiverse.machine.loader;

import dev.multiverse.machine.BootException;
import dev.multiverse.machine.TestKernels;
import dev.multiverse.mmu.PhysicalMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.FilterOptions;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.X86Options;
import org.tukaani.xz.XZOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static dev.multiverse.machine.loader.BootImages.elfWithNotes;
import static dev.multiverse.machine.loader.BootImages.note;
import static dev.multiverse.machine.loader.BootImages.u64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * bzImages built as the kernel's build does (setup sectors, then the protected-mode part holding the
 * compressed vmlinux at payload_offset): decompressed on the host, XZ with the x86 BCJ filter as Debian's
 * kernels are, or gzip, and entered through the vmlinux's PVH note ({@link LinuxBootLoaderTest} covers the
 * fallback to the 64-bit boot protocol).
 */
class BzImageTest {
    @TempDir
    Path dir;

    private final PhysicalMemory memory = new PhysicalMemory(4 << 20);
    private static final long RSDP = 0xF0000;
    private static final byte[] VMLINUX = elfWithNotes(true, new byte[8], note("Xen", 18, u64(0x100008)));

    /** A bzImage with one setup sector, boot protocol {@code version}, and {@code payload} 16 bytes into the protected-mode part. */
    private static byte[] bzImage(int version, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(2 * 512 + 16 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0x1F1, (byte) 1);
        b.putShort(0x1FE, (short) 0xAA55);
        b.put(0x202, new byte[]{'H', 'd', 'r', 'S'});
        b.putShort(0x206, (short) version);
        b.putInt(0x248, 16);
        b.putInt(0x24C, payload.length);
        b.put(2 * 512 + 16, payload);
        return b.array();
    }

    /** The payload as the kernel's build makes it: the compressed stream, then the decompressed size (4 bytes). */
    private static byte[] xz(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new XZOutputStream(out, new FilterOptions[]{new X86Options(), new LZMA2Options()})) {
            z.write(data);
        }
        return withSize(out, data.length);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return withSize(out, data.length);
    }

    private static byte[] withSize(ByteArrayOutputStream compressed, int size) {
        compressed.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(size).array());
        return compressed.toByteArray();
    }

    private LoadedKernel boot(byte[] image) throws IOException, BootException {
        return KernelLoader.load(memory, TestKernels.write(dir, "vmlinuz", image), "console=ttyS0", List.of(), RSDP);
    }

    private String refused(byte[] image) throws IOException {
        Path k = TestKernels.write(dir, "vmlinuz", image);
        return assertThrows(BootException.class, () -> KernelLoader.load(memory, k, "", List.of(), RSDP)).getMessage()
                .replace(k.toString(), "K");
    }

    @Test
    void anXzPayloadBootsThroughTheVmlinuxPvhNote() throws Exception {
        LoadedKernel k = boot(bzImage(0x20F, xz(VMLINUX)));
        assertEquals(BootProtocol.PVH, k.protocol());
        assertEquals(0x100008, k.entry());
    }

    @Test
    void aGzipPayloadToo() throws Exception {
        assertEquals(0x100008, boot(bzImage(0x20F, gzip(VMLINUX))).entry());
    }

    @Test
    void unsupportedImagesGetOneLine() throws Exception {
        // An unknown method or a vmlinux without the note falls back to the 64-bit entry, which these images lack.
        String no64BitEntry = "K: bzImage without a 64-bit entry point (xloadflags XLF_KERNEL_64 is clear)";
        assertEquals(no64BitEntry, refused(bzImage(0x20F, new byte[]{'B', 'Z', 'h', '9', 0, 0})));
        assertEquals(no64BitEntry, refused(bzImage(0x20F, xz(elfWithNotes(true, new byte[8])))));
        assertEquals("K: bzImage with boot protocol 2.07: its payload is not described before 2.08",
                refused(bzImage(0x207, xz(VMLINUX))));
        byte[] truncated = bzImage(0x20F, xz(VMLINUX));
        assertEquals("K: bzImage payload runs past the end of the file",
                refused(java.util.Arrays.copyOf(truncated, truncated.length - 1)));
    }
}

package dev.multiverse.machine.loader;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.machine.BootException;
import dev.multiverse.machine.TestKernels;
import dev.multiverse.mmu.Mmu;
import dev.multiverse.mmu.PhysicalMemory;
import dev.multiverse.mmu.PortBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.multiverse.machine.TestKernels.bytes;
import static dev.multiverse.machine.TestKernels.concat;
import static dev.multiverse.machine.loader.BootImages.elf32With;
import static dev.multiverse.machine.loader.BootImages.mb2Header;
import static dev.multiverse.machine.loader.BootImages.tag;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Multiboot2LoaderTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private final PhysicalMemory memory = new PhysicalMemory(4 * MIB);

    private long u32(long pa) {
        return memory.read(pa, 4);
    }

    private String cString(long pa) {
        StringBuilder s = new StringBuilder();
        for (long a = pa; memory.read(a, 1) != 0; a++) s.append((char) memory.read(a, 1));
        return s.toString();
    }

    private LoadedKernel load(byte[] image, String append, List<String> modules) throws IOException, BootException {
        Path k = TestKernels.write(dir, "kernel.elf", image);
        LoadedKernel kernel = KernelLoader.load(memory, k, append, modules, 0);
        assertEquals(BootProtocol.MULTIBOOT2, kernel.protocol());
        return kernel;
    }

    private String loadError(byte[] image) throws IOException {
        Path k = TestKernels.write(dir, "bad.bin", image);
        String message = assertThrows(BootException.class, () -> KernelLoader.load(memory, k, "", List.of(), 0)).getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        return message;
    }

    /** The info block's tags as {type, offset} pairs, checking sizes, alignment and the closing end tag. */
    private long findTag(long info, int type) {
        long total = u32(info);
        for (long off = 8; off + 8 <= total; ) {
            long t = u32(info + off), size = u32(info + off + 4);
            assertEquals(0, off % 8, "tag alignment");
            if (t == type) return info + off;
            if (t == 0) break;
            off = (off + size + 7) & ~7L;
        }
        return -1;
    }

    @Test
    void loadsAnElf32ImageAndWritesTheInformationTags() throws Exception {
        memory.write(0x100800, 8, -1L);
        byte[] image = TestKernels.elf32().entry(0x100000 + 24)
                .segment(new TestKernels.Segment(0x100000, 0x100000, concat(mb2Header(), bytes(0xF4)), 0x1001)).build();
        LoadedKernel k = load(image, "console=ttyS0 x=1", List.of());
        assertEquals(0x100018, k.entry());
        assertEquals(0, memory.read(0x100800, 8), "bss zeroed");
        long info = k.infoAddress();
        assertEquals(0x102000, info, "on the page after the image (ends at 0x101001)");
        assertEquals(0, u32(info + 4), "reserved");
        assertEquals("console=ttyS0 x=1", cString(findTag(info, 1) + 8));
        assertEquals("multiverse", cString(findTag(info, 2) + 8));
        assertEquals(-1, findTag(info, 3), "no module tags");
        long mem = findTag(info, 4);
        assertEquals(16, u32(mem + 4));
        assertEquals(639, u32(mem + 8));
        assertEquals(3 * 1024, u32(mem + 12));
        long mmap = findTag(info, 6);
        assertEquals(16 + 3 * 24, u32(mmap + 4));
        assertEquals(24, u32(mmap + 8), "entry_size");
        assertEquals(0, u32(mmap + 12), "entry_version");
        long[][] expected = {{0, 0x9FC00, 1}, {0x9FC00, 0x60400, 2}, {0x100000, 3 * MIB, 1}};
        for (int i = 0; i < 3; i++) {
            long e = mmap + 16 + 24L * i;
            assertEquals(expected[i][0], memory.read(e, 8));
            assertEquals(expected[i][1], memory.read(e + 8, 8));
            assertEquals(expected[i][2], u32(e + 16));
            assertEquals(0, u32(e + 20));
        }
        long end = findTag(info, 0);
        assertEquals(8, u32(end + 4));
        assertEquals(info + u32(info), end + 8, "total_size ends with the end tag");
    }

    @Test
    void entersWithTheMultiboot2MagicAndTheInformationAddress() throws Exception {
        LoadedKernel k = load(elf32With(mb2Header(), 0x100000), "", List.of());
        Cpu cpu = new Cpu(0, new Mmu(memory), new PortBus());
        KernelLoader.enter(cpu, k);
        assertEquals(0x36D76289L, cpu.gpr[Cpu.RAX]);
        assertEquals(k.infoAddress(), cpu.gpr[Cpu.RBX]);
        assertEquals(k.entry(), cpu.rip);
        assertEquals(Cpu.CR0_PE | Cpu.CR0_ET, cpu.cr0);
        assertEquals(2, cpu.flags.get(), "IF and VM clear");
        assertEquals(Decoder.CODE32, cpu.codeSize);
    }

    @Test
    void acceptsElf64Images() throws Exception {
        byte[] image = TestKernels.elf64().entry(0x100000 + 24)
                .segment(TestKernels.Segment.at(0x100000, concat(mb2Header(), bytes(0xF4)))).build();
        LoadedKernel k = load(image, "", List.of());
        assertEquals(0x100018, k.entry());
        assertEquals(0xF4, memory.read(0x100018, 1));
    }

    @Test
    void theEntryAddressTagOverridesTheElfEntry() throws Exception {
        LoadedKernel k = load(elf32With(mb2Header(tag(3, 0, 0x100123)), 0x100000), "", List.of());
        assertEquals(0x100123, k.entry());
    }

    @Test
    void theAddressTagLoadsARawImage() throws Exception {
        // 8 bytes of padding, then the header (file offset 8 = address 0x200008), then code.
        byte[] header = mb2Header(tag(2, 0, 0x200008, 0x200000, 0, 0x201000), tag(3, 0, 0x200008 + 64));
        assertEquals(64, header.length);
        byte[] image = concat(new byte[8], header, bytes(0xEB, 0xFE));
        memory.write(0x200800, 4, 0x12345678);
        LoadedKernel k = load(image, "", List.of());
        assertEquals(0x200048, k.entry());
        assertEquals(0xFEEB, memory.read(0x200048, 2));
        assertEquals(0, memory.read(0x200800, 4), "zeroed up to bss_end_addr");
        assertEquals(0x201000, k.infoAddress(), "right after the bss");
        assertEquals(null, k.elf(), "a raw image has no symbols");
    }

    @Test
    void loadsModulesPageAlignedWithTheirArguments() throws Exception {
        Path m1 = Files.writeString(dir.resolve("one.txt"), "first module\n");
        Path m2 = Files.write(dir.resolve("two.bin"), bytes(1, 2, 3, 4, 5, 6));
        LoadedKernel k = load(elf32With(mb2Header(tag(6, 0)), 0x100000), "", List.of(m1 + " arg1 arg2", m2.toString()));
        long info = k.infoAddress();
        long mod0 = findTag(info, 3);
        assertEquals(0x102000, u32(mod0 + 8), "first module on the page after the information block");
        assertEquals(0x102000 + 13, u32(mod0 + 12));
        assertEquals("arg1 arg2", cString(mod0 + 16), "the module string is ARGS, as GRUB gives it");
        long mod1 = (mod0 + u32(mod0 + 4) + 7) & ~7L;
        assertEquals(3, u32(mod1));
        assertEquals(0x103000, u32(mod1 + 8));
        assertEquals(0x103006, u32(mod1 + 12));
        assertEquals("", cString(mod1 + 16));
        assertArrayEquals("first module\n".getBytes(StandardCharsets.US_ASCII), memory.dump(0x102000, 13));
        assertArrayEquals(bytes(1, 2, 3, 4, 5, 6), memory.dump(0x103000, 6));
    }

    @Test
    void optionalTagsItCannotHonourAreIgnored() throws Exception {
        load(elf32With(mb2Header(tag(5, 1, 1024, 768, 32), tag(1, 1, 8, 9), tag(42, 1)), 0x100000), "", List.of());
    }

    @Test
    void rejectsABadChecksum() throws Exception {
        byte[] image = elf32With(mb2Header(), 0x100000);
        int at = indexOf(image, BootImages.MB2_MAGIC);
        image[at + 12] ^= 1;
        assertEquals(String.format("%s: Multiboot 2 header at offset 0x%x has a bad checksum", dir.resolve("bad.bin"), at),
                loadError(image));
    }

    @Test
    void rejectsAHeaderWithoutAnEndTag() throws Exception {
        byte[] image = elf32With(mb2Header(0, false, tag(6, 0)), 0x100000);
        assertTrue(loadError(image).endsWith(String.format("Multiboot 2 header at offset 0x%x has no end tag",
                indexOf(image, BootImages.MB2_MAGIC))), loadError(image));
    }

    @Test
    void rejectsAnotherArchitecture() throws Exception {
        assertTrue(loadError(elf32With(mb2Header(4, true), 0x100000)).endsWith("is for architecture 4, not i386 (0)"));
    }

    @Test
    void rejectsRequiredInformationItCannotGive() throws Exception {
        assertTrue(loadError(elf32With(mb2Header(tag(1, 0, 6, 8)), 0x100000))
                .endsWith("requests boot information this loader cannot give (tag type 8)"));
    }

    @Test
    void rejectsARequiredFramebufferAndUnknownRequiredTags() throws Exception {
        assertTrue(loadError(elf32With(mb2Header(tag(5, 0, 1024, 768, 32)), 0x100000))
                .endsWith("requires a framebuffer, and this machine has no display"));
        assertTrue(loadError(elf32With(mb2Header(tag(42, 0)), 0x100000))
                .endsWith("has tag type 42, unknown to this loader and not optional"));
    }

    @Test
    void rejectsATagRunningPastTheHeader() throws Exception {
        byte[] header = mb2Header(tag(3, 0, 0x100000));
        header[16 + 4] = 64;   // the entry tag claims 64 bytes
        assertTrue(loadError(elf32With(header, 0x100000)).contains("tag type 3 at offset 0x"), loadError(elf32With(header, 0x100000)));
    }

    @Test
    void findsOnlyAlignedHeadersInTheFirst32KiB() throws Exception {
        String noHeader = "ELF file with no Multiboot header (first 8192 bytes), no Multiboot 2 header (first 32768 bytes)"
                + " and no PVH note: not a bootable kernel";
        assertTrue(loadError(elf32With(concat(new byte[32768], mb2Header()), 0x100000)).endsWith(noHeader));
        assertTrue(loadError(elf32With(concat(new byte[4], mb2Header()), 0x100000)).endsWith(noHeader), "misaligned");
        assertTrue(loadError("plain text, no kernel".getBytes(StandardCharsets.US_ASCII)).endsWith(
                "bad.bin: not a bootable kernel (not ELF, and no Multiboot header in its first 8192 bytes"
                        + " nor Multiboot 2 header in its first 32768 bytes)"));
    }

    private static int indexOf(byte[] image, int magic) {
        for (int i = 0; i + 4 <= image.length; i++) {
            if (((image[i] & 0xFF) | (image[i + 1] & 0xFF) << 8 | (image[i + 2] & 0xFF) << 16 | (image[i + 3] & 0xFF) << 24) == magic) {
                return i;
            }
        }
        throw new AssertionError("no magic");
    }
}

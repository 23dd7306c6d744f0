package dev.multiverse.machine.loader;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Segment;
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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Multiboot1LoaderTest {
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
        return Multiboot1Loader.load(memory, k, append, modules);
    }

    private String loadError(byte[] image) throws IOException {
        Path k = TestKernels.write(dir, "bad.bin", image);
        return assertThrows(BootException.class, () -> Multiboot1Loader.load(memory, k, "", List.of())).getMessage();
    }

    @Test
    void placesElfSegmentsAtPhysicalAddressesAndZeroesBss() throws Exception {
        memory.write(0x101010, 8, -1L);   // garbage where the bss goes
        byte[] code = bytes(0xF4, 0xAA, 0xBB);
        byte[] image = TestKernels.elf32().entry(0x10010C)
                .segment(new TestKernels.Segment(0x100100, 0x100100, concat(TestKernels.header(0), code), 0x1000))
                .build();
        LoadedKernel k = load(image, "", List.of());
        assertEquals(0x10010C, k.entry());
        assertEquals(Multiboot1Loader.HEADER_MAGIC & 0xFFFFFFFFL, u32(0x100100));
        assertEquals(0xBBAAF4, memory.read(0x10010C, 3));
        assertEquals(0, memory.read(0x101010, 8), "bss zeroed");
    }

    @Test
    void translatesAVirtualEntryToItsPhysicalAddress() throws Exception {
        byte[] image = TestKernels.elf32().entry(0xC0100010L)
                .segment(new TestKernels.Segment(0xC0100000L, 0x100000, concat(TestKernels.header(0), new byte[8]), 0x20))
                .build();
        assertEquals(0x100010, load(image, "", List.of()).entry());
    }

    @Test
    void acceptsElf64Kernels() throws Exception {
        byte[] image = TestKernels.elf64().entry(0x100000 + 12)
                .segment(TestKernels.Segment.at(0x100000, concat(TestKernels.header(0), bytes(0xF4)))).build();
        LoadedKernel k = load(image, "", List.of());
        assertEquals(0x10000C, k.entry());
        assertEquals(0xF4, memory.read(0x10000C, 1));
    }

    @Test
    void writesTheInformationStructureAndMemoryMap() throws Exception {
        LoadedKernel k = load(TestKernels.multibootElf(3, bytes(0xF4)), "console=ttyS0 x=1", List.of());
        long info = k.infoAddress();
        assertEquals(0x9500, info);
        assertEquals(0x24D, u32(info), "memory, cmdline, mods, mmap, loader name");
        assertEquals(639, u32(info + 4), "mem_lower in KiB");
        assertEquals(3 * 1024, u32(info + 8), "mem_upper: RAM from 1 MiB to the end, in KiB");
        assertEquals(dir.resolve("kernel.elf") + " console=ttyS0 x=1", cString(u32(info + 16)));
        assertEquals(0, u32(info + 20), "no modules");
        assertEquals("multiverse", cString(u32(info + 64)));
        assertEquals(72, u32(info + 44));
        long mmap = u32(info + 48);
        assertEquals(0x9000, mmap);
        long[][] expected = {{0, 0x9FC00, 1}, {0x9FC00, 0x60400, 2}, {0x100000, 3 * MIB, 1}};
        for (int i = 0; i < 3; i++) {
            long e = mmap + 24L * i;
            assertEquals(20, u32(e), "entry size excludes the size field");
            assertEquals(expected[i][0], memory.read(e + 4, 8));
            assertEquals(expected[i][1], memory.read(e + 12, 8));
            assertEquals(expected[i][2], u32(e + 20));
        }
    }

    @Test
    void emptyAppendStillGivesQemusCommandLine() throws Exception {
        LoadedKernel k = load(TestKernels.multibootElf(0, bytes(0xF4)), "", List.of());
        assertEquals(dir.resolve("kernel.elf") + " ", cString(u32(k.infoAddress() + 16)));
    }

    @Test
    void loadsModulesPageAlignedAfterTheKernelWithTheirStrings() throws Exception {
        Path m1 = Files.writeString(dir.resolve("one.txt"), "first module\n");
        Path m2 = Files.write(dir.resolve("two.bin"), bytes(1, 2, 3, 4, 5, 6));
        byte[] image = TestKernels.elf32().entry(0x10000C)
                .segment(new TestKernels.Segment(0x100000, 0x100000, concat(TestKernels.header(1), bytes(0xF4)), 0x5001))
                .build();
        LoadedKernel k = load(image, "", List.of(m1 + " arg1 arg2", m2.toString()));
        long info = k.infoAddress();
        assertEquals(2, u32(info + 20));
        long mods = u32(info + 24);
        assertEquals(0x106000, mods, "module list on the page after the kernel image (ends at 0x105001)");
        long start0 = u32(mods), end0 = u32(mods + 4), start1 = u32(mods + 16), end1 = u32(mods + 20);
        assertEquals(0x107000, start0, "first module on the page after the boot strings");
        assertEquals(start0 + 13, end0);
        assertEquals(0x108000, start1);
        assertEquals(start1 + 6, end1);
        assertEquals(m1 + " arg1 arg2", cString(u32(mods + 8)));
        assertEquals(m2.toString(), cString(u32(mods + 24)));
        assertEquals(0, u32(mods + 12));
        assertArrayEquals("first module\n".getBytes(StandardCharsets.US_ASCII), memory.dump(start0, 13));
        assertArrayEquals(bytes(1, 2, 3, 4, 5, 6), memory.dump(start1, 6));
    }

    @Test
    void usesTheAoutKludgeAddressesWhenFlagged() throws Exception {
        // A raw image: 16 bytes of padding, then the header (file offset 16 = address 0x200010), then code.
        byte[] header = TestKernels.aoutHeader(0, 0x200010, 0x200000, 0x200000 + 16 + 32 + 2, 0x201000, 0x200030);
        byte[] image = concat(new byte[16], header, bytes(0xEB, 0xFE));
        memory.write(0x200800, 4, 0x12345678);
        LoadedKernel k = load(image, "", List.of());
        assertEquals(0x200030, k.entry());
        assertEquals(0xFEEB, memory.read(0x200030, 2));
        assertEquals(0, memory.read(0x200800, 4), "up to bss_end_addr is zeroed");
        assertNull(k.elf(), "a raw image has no symbols");
    }

    @Test
    void aoutLoadEndZeroMeansTheRestOfTheFile() throws Exception {
        byte[] header = TestKernels.aoutHeader(0, 0x300000, 0x300000, 0, 0, 0x300020);
        byte[] image = concat(header, bytes(0x11, 0x22, 0x33));
        load(image, "", List.of());
        assertEquals(0x332211, memory.read(0x300020, 3));
    }

    @Test
    void entersIn32BitProtectedModeWithFlatSegments() throws Exception {
        LoadedKernel k = load(TestKernels.multibootElf(0, bytes(0xF4)), "", List.of());
        Cpu cpu = new Cpu(0, new Mmu(memory), new PortBus());
        cpu.gpr[Cpu.RCX] = 77;
        Multiboot1Loader.enter(cpu, k);
        assertEquals(0x2BADB002L, cpu.gpr[Cpu.RAX]);
        assertEquals(0x9500, cpu.gpr[Cpu.RBX]);
        assertEquals(0, cpu.gpr[Cpu.RCX]);
        assertEquals(k.entry(), cpu.rip);
        assertEquals(Cpu.CR0_PE | Cpu.CR0_ET, cpu.cr0);
        assertEquals(2, cpu.flags.get());
        assertEquals(Decoder.CODE32, cpu.codeSize);
        assertEquals(0, cpu.cpl);
        Segment cs = cpu.seg[Insn.CS];
        assertEquals(0x08, cs.selector);
        assertEquals(0xFFFFFFFFL, cs.limit);
        assertTrue(cs.is(Segment.DB) && (cs.attributes & 0x8) != 0, "32-bit code");
        for (int s : new int[]{Insn.DS, Insn.ES, Insn.SS, Insn.FS, Insn.GS}) {
            assertEquals(0x10, cpu.seg[s].selector);
            assertEquals(0, cpu.seg[s].base);
            assertEquals(0xFFFFFFFFL, cpu.seg[s].limit);
        }
        // The GDT in memory agrees with the descriptor caches, so reloading a selector changes nothing.
        long code = memory.read(cpu.gdtBase + 8, 8), data = memory.read(cpu.gdtBase + 16, 8);
        Segment probe = new Segment();
        probe.loadDescriptor(0x08, code);
        assertEquals(cs.attributes, probe.attributes);
        assertEquals(cs.limit, probe.limit);
        probe.loadDescriptor(0x10, data);
        assertEquals(cpu.seg[Insn.DS].attributes, probe.attributes);
    }

    @Test
    void reportsMissingFiles() {
        Path missing = dir.resolve("nope.elf");
        BootException e = assertThrows(BootException.class, () -> Multiboot1Loader.load(memory, missing, "", List.of()));
        assertEquals("kernel " + missing + ": no such file", e.getMessage());
    }

    @Test
    void reportsMissingModules() throws Exception {
        Path k = TestKernels.write(dir, "k.elf", TestKernels.multibootElf(0, bytes(0xF4)));
        Path missing = dir.resolve("initrd.img");
        BootException e = assertThrows(BootException.class,
                () -> Multiboot1Loader.load(memory, k, "", List.of(missing + " some args")));
        assertEquals("module " + missing + ": no such file", e.getMessage());
    }

    @Test
    void rejectsFilesWithoutAMultibootHeader() throws Exception {
        assertTrue(loadError("just text".getBytes()).endsWith(
                "bad.bin: not a Multiboot kernel (no ELF header and no Multiboot header in its first 8192 bytes)"));
        byte[] plainElf = TestKernels.elf32().entry(0x100000).segment(TestKernels.Segment.at(0x100000, bytes(0xF4))).build();
        assertTrue(loadError(plainElf).endsWith(
                "bad.bin: ELF file without a Multiboot header in its first 8192 bytes (not a Multiboot kernel)"));
    }

    @Test
    void ignoresAHeaderBeyondTheFirst8KiB() throws Exception {
        byte[] late = TestKernels.elf32().entry(0x100000)
                .segment(TestKernels.Segment.at(0x100000, concat(new byte[8192], TestKernels.header(0)))).build();
        assertTrue(loadError(late).contains("without a Multiboot header"));
    }

    @Test
    void rejectsABadChecksum() throws Exception {
        byte[] image = TestKernels.multibootElf(0, bytes(0xF4));
        int at = indexOfMagic(image);
        image[at + 8] ^= 1;
        assertTrue(loadError(image).endsWith(String.format("has a bad checksum")), loadError(image));
        assertTrue(loadError(image).contains(String.format("offset 0x%x", at)));
    }

    @Test
    void rejectsRequirementsItCannotMeet() throws Exception {
        assertTrue(loadError(TestKernels.multibootElf(1 << 5, bytes(0xF4)))
                .endsWith("Multiboot header requires features this loader does not know (flags bits 0x20)"));
    }

    @Test
    void rejectsSegmentsOutsideRam() throws Exception {
        byte[] image = TestKernels.elf32().entry(0x100000)
                .segment(new TestKernels.Segment(0x100000, 0x100000, TestKernels.header(0), 4 * MIB)).build();
        assertTrue(loadError(image).endsWith(
                "segment 0x100000-0x500000 lies outside guest RAM (4 MiB); give the machine more memory"));
    }

    @Test
    void rejectsSegmentsOverTheBootInformation() throws Exception {
        byte[] image = TestKernels.elf32().entry(0x8000)
                .segment(TestKernels.Segment.at(0x8000, concat(TestKernels.header(0), new byte[0x1000]))).build();
        assertTrue(loadError(image).contains("overlaps the boot information page at 0x9000"));
    }

    @Test
    void rejectsNonX86Elf() throws Exception {
        byte[] image = TestKernels.elf32().machine(40).entry(0x100000)
                .segment(TestKernels.Segment.at(0x100000, TestKernels.header(0))).build();
        assertTrue(loadError(image).endsWith("ELF file for machine type 40, not x86"));
    }

    @Test
    void rejectsRawFilesWithoutLoadAddresses() throws Exception {
        assertTrue(loadError(concat(TestKernels.header(0), bytes(0xF4)))
                .endsWith("not an ELF file, and its Multiboot header has no load addresses (flags bit 16)"));
    }

    @Test
    void rejectsModulesThatDoNotFit() throws Exception {
        Path k = TestKernels.write(dir, "k.elf", TestKernels.multibootElf(0, bytes(0xF4)));
        Path big = Files.write(dir.resolve("big.img"), new byte[(int) (3 * MIB)]);
        BootException e = assertThrows(BootException.class, () -> Multiboot1Loader.load(memory, k, "", List.of(big.toString())));
        assertTrue(e.getMessage().startsWith("module " + big + " does not fit in guest RAM"), e.getMessage());
    }

    private static int indexOfMagic(byte[] image) {
        for (int i = 0; i + 4 <= image.length; i += 4) {
            if ((image[i] & 0xFF) == 0x02 && (image[i + 1] & 0xFF) == 0xB0 && (image[i + 2] & 0xFF) == 0xAD
                    && (image[i + 3] & 0xFF) == 0x1B) return i;
        }
        throw new AssertionError("no magic");
    }
}

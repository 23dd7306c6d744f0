package dev.multiverse.machine.loader;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Segment;
import dev.multiverse.machine.BootException;
import dev.multiverse.machine.Machine;
import dev.multiverse.machine.MachineConfig;
import dev.multiverse.machine.RunResult;
import dev.multiverse.machine.StopCause;
import dev.multiverse.machine.TripleFaultAction;
import dev.multiverse.machine.TestKernels;
import dev.multiverse.mmu.Mmu;
import dev.multiverse.mmu.PagingMode;
import dev.multiverse.mmu.PhysicalMemory;
import dev.multiverse.mmu.PortBus;
import dev.multiverse.mmu.Privilege;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.FilterOptions;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.multiverse.machine.loader.BootImages.elfWithNotes;
import static dev.multiverse.machine.loader.BootImages.note;
import static dev.multiverse.machine.loader.BootImages.u64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bzImages entered through the Linux 64-bit boot protocol: the protected-mode part at pref_address, the
 * zero page (setup header, loader fields, E820 map), the command line, the initrd at the top of RAM and
 * the 64-bit entry state.
 */
class LinuxBootLoaderTest {
    private static final long MIB = 1 << 20;
    private static final long RSDP = 0xF0000;
    private static final long BOOT_PARAMS = 0x7000;
    private static final int SETUP_SECTORS = 1, KERNEL_OFFSET = (SETUP_SECTORS + 1) * 512;
    private static final long PREF_ADDRESS = 2 * MIB, INIT_SIZE = 3 * MIB;

    @TempDir
    Path dir;

    private final PhysicalMemory memory = new PhysicalMemory(8 * MIB);

    /** The bzImage header fields the tests vary. */
    private record Header(int version, int xloadflags, long initrdAddrMax, long prefAddress, long initSize, long cmdlineSize) {
        static Header standard() {
            return new Header(0x20F, 1, 0x7FFF_FFFFL, PREF_ADDRESS, INIT_SIZE, 0x7FF);
        }
    }

    /**
     * A bzImage with one setup sector and {@code payload} 16 bytes into a 0x300-byte protected-mode part whose
     * byte 0x200 (startup_64) is a HLT. The header ends at 0x268 (the jump at 0x200 skips 0x66 bytes); the
     * byte after it is not part of the header.
     */
    private static byte[] bzImage(Header h, byte[] payload) {
        return bzImage(h, payload, new byte[]{(byte) 0xF4});
    }

    /** As {@link #bzImage(Header, byte[])} with {@code startup64} at 0x200 in the protected-mode part. */
    private static byte[] bzImage(Header h, byte[] payload, byte[] startup64) {
        ByteBuffer b = ByteBuffer.allocate(KERNEL_OFFSET + Math.max(0x300, 16 + payload.length)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0x1F1, (byte) SETUP_SECTORS);
        b.putShort(0x1FE, (short) 0xAA55);
        b.put(0x200, (byte) 0xEB).put(0x201, (byte) 0x66);
        b.put(0x202, new byte[]{'H', 'd', 'r', 'S'});
        b.putShort(0x206, (short) h.version());
        b.putShort(0x20E, (short) 0x1234);                // kernel_version: copied with the header
        b.put(0x211, (byte) 0x81);                        // LOADED_HIGH | CAN_USE_HEAP
        b.putInt(0x22C, (int) h.initrdAddrMax());
        b.putInt(0x230, (int) (2 * MIB));                 // kernel_alignment
        b.put(0x234, (byte) 1);                           // relocatable_kernel
        b.putShort(0x236, (short) h.xloadflags());
        b.putInt(0x238, (int) h.cmdlineSize());
        b.putInt(0x248, 16);
        b.putInt(0x24C, payload.length);
        b.putLong(0x258, h.prefAddress());
        b.putInt(0x260, (int) h.initSize());
        b.put(0x268, (byte) 0x5A);                        // past the header's end
        b.put(KERNEL_OFFSET + 16, payload);
        b.put(KERNEL_OFFSET + 0x200, startup64);
        return b.array();
    }

    private static byte[] bzImage() {
        return bzImage(Header.standard(), new byte[]{'B', 'Z', 'h', '9'});
    }

    private LoadedKernel load(byte[] image, String append, List<String> initrds, LinuxEntry entry)
            throws IOException, BootException {
        return KernelLoader.load(memory, TestKernels.write(dir, "vmlinuz", image), append, initrds, RSDP, entry);
    }

    private String refused(byte[] image, String append, List<String> initrds) throws IOException {
        Path k = TestKernels.write(dir, "vmlinuz", image);
        return assertThrows(BootException.class,
                () -> KernelLoader.load(memory, k, append, initrds, RSDP, LinuxEntry.BOOT_PROTOCOL)).getMessage()
                .replace(k.toString(), "K").replace(dir.toString(), "D");
    }

    private String cString(long pa) {
        StringBuilder s = new StringBuilder();
        for (long a = pa; memory.read(a, 1) != 0; a++) s.append((char) memory.read(a, 1));
        return s.toString();
    }

    @Test
    void loadsTheKernelAtPrefAddressAndFillsTheZeroPage() throws Exception {
        byte[] image = bzImage();
        LoadedKernel k = load(image, "console=ttyS0 quiet", List.of(), LinuxEntry.BOOT_PROTOCOL);
        assertEquals(BootProtocol.LINUX64, k.protocol());
        assertEquals(PREF_ADDRESS + 0x200, k.entry(), "startup_64, 0x200 into the protected-mode part");
        assertEquals(BOOT_PARAMS, k.infoAddress());
        assertEquals(0xF4, memory.read(PREF_ADDRESS + 0x200, 1));
        assertEquals(LeBytes.u32(image, KERNEL_OFFSET + 16), memory.read(PREF_ADDRESS + 16, 4), "the protected-mode part");

        long bp = BOOT_PARAMS;
        assertEquals(0x53726448L, memory.read(bp + 0x202, 4), "the header copied: \"HdrS\"");
        assertEquals(0x20F, memory.read(bp + 0x206, 2));
        assertEquals(0x1234, memory.read(bp + 0x20E, 2), "kernel_version copied");
        assertEquals(PREF_ADDRESS, memory.read(bp + 0x258, 8), "pref_address copied");
        assertEquals(0, memory.read(bp + 0x268, 1), "nothing past the header's own length");
        assertEquals(0, memory.read(bp + 0x1EF, 1), "sentinel: the page was zeroed");
        assertEquals(0, memory.read(bp + 0x0F, 1), "screen_info.orig_video_isVGA: no VGA");
        assertEquals(0xFF, memory.read(bp + 0x210, 1), "type_of_loader: undefined");
        assertEquals(0x01, memory.read(bp + 0x211, 1), "loadflags: LOADED_HIGH, no CAN_USE_HEAP");
        assertEquals(PREF_ADDRESS, memory.read(bp + 0x214, 4), "code32_start: where the kernel is");
        assertEquals("console=ttyS0 quiet", cString(memory.read(bp + 0x228, 4)), "cmd_line_ptr");
        assertEquals(0, memory.read(bp + 0x0C8, 4), "ext_cmd_line_ptr");
        assertEquals(0, memory.read(bp + 0x218, 4), "no ramdisk_image");
        assertEquals(0, memory.read(bp + 0x21C, 4), "no ramdisk_size");
        assertEquals(RSDP, memory.read(bp + 0x070, 8), "acpi_rsdp_addr (2.14+)");

        assertEquals(3, memory.read(bp + 0x1E8, 1), "e820_entries");
        long[][] expected = {{0, 0x9FC00, 1}, {0x9FC00, 0x60400, 2}, {0x100000, 7 * MIB, 1}};
        for (int i = 0; i < 3; i++) {
            long e = bp + 0x2D0 + 20L * i;
            assertEquals(expected[i][0], memory.read(e, 8));
            assertEquals(expected[i][1], memory.read(e + 8, 8));
            assertEquals(expected[i][2], memory.read(e + 16, 4));
        }
        long tables = expected[1][0];
        assertTrue(tables <= RSDP && RSDP < tables + expected[1][1], "the firmware tables lie in the reserved range");
    }

    @Test
    void entersInLongModeWithAnIdentityMap() throws Exception {
        Path initrd = Files.write(dir.resolve("initrd"), new byte[]{1, 2, 3});
        LoadedKernel k = load(bzImage(), "", List.of(initrd.toString()), LinuxEntry.BOOT_PROTOCOL);
        Mmu mmu = new Mmu(memory);
        Cpu cpu = new Cpu(0, mmu, new PortBus());
        cpu.gpr[Cpu.RAX] = 5;
        cpu.flags.put(0x202);
        KernelLoader.enter(cpu, k);

        assertEquals(PREF_ADDRESS + 0x200, cpu.rip);
        assertEquals(BOOT_PARAMS, cpu.gpr[Cpu.RSI], "RSI: boot_params");
        assertEquals(0, cpu.gpr[Cpu.RAX]);
        assertEquals(2, cpu.flags.get(), "interrupts disabled");
        assertEquals(Decoder.CODE64, cpu.codeSize, "64-bit mode");
        assertEquals(PagingMode.LONG4, mmu.mode());
        assertEquals(Cpu.EFER_LME | Cpu.EFER_LMA, cpu.efer);
        assertEquals(0x10, cpu.seg[Insn.CS].selector, "__BOOT_CS");
        assertTrue(cpu.seg[Insn.CS].is(Segment.L));
        for (int s : new int[]{Insn.DS, Insn.ES, Insn.SS}) {
            assertEquals(0x18, cpu.seg[s].selector, "__BOOT_DS");
            assertEquals(0, cpu.seg[s].base);
            assertEquals(0xFFFF_FFFFL, cpu.seg[s].limit);
        }
        assertEquals(0x00AF9B000000FFFFL, memory.read(cpu.gdtBase + 0x10, 8), "__BOOT_CS in the GDT: 64-bit code");
        assertEquals(0x00CF93000000FFFFL, memory.read(cpu.gdtBase + 0x18, 8), "__BOOT_DS in the GDT: flat data");
        assertEquals(0, cpu.idtLimit);

        long initrdAt = memory.read(BOOT_PARAMS + 0x218, 4);
        long[] identity = {cpu.rip, PREF_ADDRESS + INIT_SIZE - 1, BOOT_PARAMS, memory.read(BOOT_PARAMS + 0x228, 4),
                initrdAt, 0xFFFF_F000L};
        for (long a : identity) {
            assertEquals(a, mmu.translateFetch(a, Privilege.SUPERVISOR), String.format("0x%x is identity-mapped", a));
        }
        long tables = cpu.cr3;
        assertTrue(tables + 6 * PhysicalMemory.PAGE_SIZE <= 0x9D000 && tables >= 0x1000,
                "the page tables lie in low RAM the decompressor leaves alone");
    }

    @Test
    void concatenatesInitrdsAtTheTopOfRam() throws Exception {
        Path a = Files.write(dir.resolve("a.cpio"), new byte[]{1, 2, 3, 4, 5});
        Path b = Files.write(dir.resolve("b.cpio"), new byte[]{6, 7, 8});
        load(bzImage(), "", List.of(a.toString(), b.toString()), LinuxEntry.BOOT_PROTOCOL);
        long at = memory.read(BOOT_PARAMS + 0x218, 4);
        assertEquals(12, memory.read(BOOT_PARAMS + 0x21C, 4), "each file padded to 4 bytes");
        assertEquals(8 * MIB - PhysicalMemory.PAGE_SIZE, at, "the last page of RAM");
        assertEquals(0x0000000504030201L, memory.read(at, 8));
        assertEquals(0x00080706, memory.read(at + 8, 4));
        assertEquals(0, memory.read(BOOT_PARAMS + 0x0C0, 4), "ext_ramdisk_image");
        assertEquals(0, memory.read(BOOT_PARAMS + 0x0C4, 4), "ext_ramdisk_size");
    }

    @Test
    void keepsTheInitrdBelowInitrdAddrMax() throws Exception {
        Path a = Files.write(dir.resolve("a.cpio"), new byte[5000]);
        Header h = Header.standard();
        byte[] image = bzImage(new Header(h.version(), h.xloadflags(), 0x5F_FFFF, h.prefAddress(), h.initSize(), h.cmdlineSize()),
                new byte[4]);
        load(image, "", List.of(a.toString()), LinuxEntry.BOOT_PROTOCOL);
        assertEquals(0x600000 - 2 * PhysicalMemory.PAGE_SIZE, memory.read(BOOT_PARAMS + 0x218, 4));
    }

    @Test
    void pvhFallsBackToTheBootProtocolWhenItCannotBeUsed() throws Exception {
        byte[] noNote = xz(elfWithNotes(true, new byte[8]));
        assertEquals(BootProtocol.LINUX64, load(bzImage(Header.standard(), noNote), "", List.of(), LinuxEntry.PVH).protocol(),
                "a vmlinux without a PVH note");
        assertEquals(BootProtocol.LINUX64, load(bzImage(), "", List.of(), LinuxEntry.PVH).protocol(),
                "a payload the host does not decompress (bzip2)");
        byte[] withNote = xz(elfWithNotes(true, new byte[8], note("Xen", 18, u64(0x100008))));
        assertEquals(BootProtocol.PVH, load(bzImage(Header.standard(), withNote), "", List.of(), LinuxEntry.PVH).protocol());
        assertEquals(BootProtocol.LINUX64,
                load(bzImage(Header.standard(), withNote), "", List.of(), LinuxEntry.BOOT_PROTOCOL).protocol(),
                "boot-protocol is used even when PVH could be");
    }

    @Test
    void impossibleImagesGetOneLine() throws Exception {
        Header h = Header.standard();
        assertEquals("K: bzImage with boot protocol 2.11: the 64-bit boot protocol needs 2.12 or later",
                refused(bzImage(new Header(0x20B, 1, h.initrdAddrMax(), PREF_ADDRESS, INIT_SIZE, 0x7FF), new byte[4]), "", List.of()));
        assertEquals("K: bzImage without a 64-bit entry point (xloadflags XLF_KERNEL_64 is clear)",
                refused(bzImage(new Header(0x20F, 0, h.initrdAddrMax(), PREF_ADDRESS, INIT_SIZE, 0x7FF), new byte[4]), "", List.of()));
        assertEquals("K: the kernel at 0x200000 with init_size 0x800000 does not fit in guest RAM (needs it up to 0xa00000,"
                        + " RAM ends at 0x800000); give the machine more memory",
                refused(bzImage(new Header(0x20F, 1, h.initrdAddrMax(), PREF_ADDRESS, 8 * MIB, 0x7FF), new byte[4]), "", List.of()));
        byte[] shortHeader = bzImage();
        shortHeader[0x201] = 0x5E;
        assertEquals("K: bzImage setup header ends at 0x260, before init_size (0x260)", refused(shortHeader, "", List.of()));
        assertEquals("K: bzImage setup header runs past the end of the file",
                refused(java.util.Arrays.copyOf(bzImage(), 0x260), "", List.of()));
        assertEquals("K: bzImage pref_address 0x90000 lies below 1 MiB, among the boot structures and firmware tables",
                refused(bzImage(new Header(0x20F, 1, h.initrdAddrMax(), 0x90000, INIT_SIZE, 0x7FF), new byte[4]), "", List.of()));
        assertEquals("K: the kernel at 0x7ffffffffff00000 with init_size 0x300000 does not fit in guest RAM (needs it up to"
                        + " 0x7ffffffffff00000, RAM ends at 0x800000); give the machine more memory",
                refused(bzImage(new Header(0x20F, 1, h.initrdAddrMax(), 0x7FFF_FFFF_FFF0_0000L, INIT_SIZE, 0x7FF), new byte[4]), "", List.of()));
        assertEquals("K: the command line has 9 bytes; this kernel takes at most 8",
                refused(bzImage(new Header(0x20F, 1, h.initrdAddrMax(), PREF_ADDRESS, INIT_SIZE, 8), new byte[4]), "123456789", List.of()));
        Path a = Files.write(dir.resolve("a.cpio"), new byte[4]);
        assertEquals("initrd D/a.cpio: a Linux initrd takes no arguments (\"rdinit=/sh\")",
                refused(bzImage(), "", List.of(a + " rdinit=/sh")));
        Path big = Files.write(dir.resolve("big.cpio"), new byte[(int) (3 * MIB + 1)]);
        assertEquals("K: the initrd (3145732 bytes) does not fit between the kernel's init_size range (up to 0x500000)"
                + " and 0x800000; give the machine more memory", refused(bzImage(), "", List.of(big.toString())));
    }

    /** 64-bit code: prints the command line boot_params (RSI) points to on COM1, then {@code tail}. */
    private static byte[] printCommandLine(int... tail) {
        int[] head = {
                0x8B, 0x9E, 0x28, 0x02, 0x00, 0x00,     // mov ebx, [rsi + 0x228]    cmd_line_ptr
                0x66, 0xBA, 0xF8, 0x03,                 // mov dx, 0x3f8
                0x8A, 0x03,                             // next: mov al, [rbx]
                0x84, 0xC0,                             // test al, al
                0x74, 0x06,                             // jz done
                0xEE,                                   // out dx, al
                0x48, 0xFF, 0xC3,                       // inc rbx
                0xEB, 0xF4};                            // jmp next
        byte[] code = new byte[head.length + tail.length];
        for (int i = 0; i < code.length; i++) code[i] = (byte) (i < head.length ? head[i] : tail[i - head.length]);
        return code;
    }

    private MachineConfig machine(byte[] startup64) throws IOException {
        Path k = TestKernels.write(dir, "vmlinuz", bzImage(Header.standard(), new byte[4], startup64));
        return new MachineConfig(8 * MIB, k, "hello from boot_params", List.of(), 1000)
                .withLinuxEntry(LinuxEntry.BOOT_PROTOCOL);
    }

    @Test
    void theMachineRunsTheEntryIn64BitModeWithBootParams() throws Exception {
        ByteArrayOutputStream serial = new ByteArrayOutputStream();
        Machine m = new Machine(machine(printCommandLine(0xB8, 5, 0, 0, 0, 0xE7, 0xF4)), serial);   // exit 5
        assertEquals(BootProtocol.LINUX64, m.bootProtocol());
        RunResult r = m.run();
        assertEquals("hello from boot_params", serial.toString(StandardCharsets.US_ASCII));
        assertEquals(5 << 1 | 1, r.exitStatus(), r.diagnostic());
    }

    @Test
    void aResetBootsThroughTheSamePath() throws Exception {
        ByteArrayOutputStream serial = new ByteArrayOutputStream();
        Machine m = new Machine(machine(printCommandLine(0x0F, 0x0B)).withTripleFault(TripleFaultAction.RESET, 1), serial);
        List<String> notices = new ArrayList<>();
        m.setResetListener(notices::add);
        RunResult r = m.run();
        assertEquals("hello from boot_paramshello from boot_params", serial.toString(StandardCharsets.US_ASCII));
        assertEquals(StopCause.RESET_LIMIT, r.cause());
        assertEquals(1, notices.size());
        assertTrue(notices.getFirst().contains("at RIP 0x200216 in 64-bit mode"), notices.getFirst());
        assertTrue(r.diagnostic().contains("at RIP 0x200216 in 64-bit mode"), r.diagnostic());
    }

    private static byte[] xz(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new XZOutputStream(out, new FilterOptions[]{new LZMA2Options()})) {
            z.write(data);
        }
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(data.length).array());
        return out.toByteArray();
    }
}

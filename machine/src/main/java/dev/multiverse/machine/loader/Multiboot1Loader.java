package dev.multiverse.machine.loader;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.Segment;
import dev.multiverse.machine.BootException;
import dev.multiverse.mmu.PhysicalMemory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads a Multiboot 1 kernel (Multiboot Specification 0.6.96) the way QEMU's {@code -kernel} does, so a
 * kernel sees the same layout on both: the header is found in the first 8192 bytes; the image is placed
 * by the header's a.out-kludge addresses (flags bit 16) or else by the ELF program headers (physical
 * addresses, bss zeroed); after the image, on the next page, come the module list, the command lines and
 * the boot loader name, then each module on its own page. The memory map sits at 0x9000 and the
 * information structure at 0x9500, as with QEMU. The command line is "kernel-path append" and each
 * module's string is its whole {@code --initrd} argument ("file args").
 */
public final class Multiboot1Loader {
    public static final int HEADER_MAGIC = 0x1BADB002;
    public static final int BOOTLOADER_MAGIC = 0x2BADB002;
    public static final String LOADER_NAME = "multiverse";

    static final int SEARCH_LIMIT = 8192;
    static final long MMAP_ADDRESS = 0x9000;
    static final long INFO_ADDRESS = 0x9500;
    static final long GDT_ADDRESS = 0x9600;
    /** The page holding the memory map, the information structure and the entry GDT: no segment may load there. */
    private static final long BOOT_PAGE = 0x9000;

    private static final int HEADER_AOUT_KLUDGE = 1 << 16;
    /** Header flag bits 0-2 (page-aligned modules, memory info, video mode) are the requirements a loader may meet. */
    private static final int HEADER_KNOWN_REQUIREMENTS = 0x7;

    private static final int INFO_MEMORY = 1, INFO_CMDLINE = 1 << 2, INFO_MODS = 1 << 3, INFO_MMAP = 1 << 6,
            INFO_LOADER_NAME = 1 << 9;
    private static final int INFO_SIZE = 116;

    static final long LOW_RAM_END = 0x9FC00;          // conventional memory below the EBDA
    static final long HIGH_RAM_START = 0x100000;
    private static final int MMAP_AVAILABLE = 1, MMAP_RESERVED = 2;

    private static final long CODE_DESCRIPTOR = 0x00CF9B000000FFFFL;   // flat 4 GiB, 32-bit, execute/read, accessed
    private static final long DATA_DESCRIPTOR = 0x00CF93000000FFFFL;   // flat 4 GiB, read/write, accessed
    static final int CODE_SELECTOR = 0x08, DATA_SELECTOR = 0x10;

    private Multiboot1Loader() {
    }

    /** Where the image lies and where it starts. */
    private record Image(long low, long high, long entry) {
    }

    /**
     * Loads {@code kernel} and {@code moduleSpecs} ("file [args]" each) into {@code memory} and writes the
     * Multiboot information; {@code append} is the command line after the kernel path.
     */
    public static LoadedKernel load(PhysicalMemory memory, Path kernel, String append, List<String> moduleSpecs)
            throws BootException {
        String name = kernel.toString();
        byte[] file = readFile(kernel, "kernel", memory.ramSize());
        int header = findHeader(file, name);
        int flags = intAt(file, header + 4);
        int unmet = flags & 0xFFFF & ~HEADER_KNOWN_REQUIREMENTS;
        if (unmet != 0) {
            throw new BootException(String.format(
                    "%s: Multiboot header requires features this loader does not know (flags bits 0x%x)", name, unmet));
        }
        ElfImage elf = ElfImage.isElf(file) ? parseElfIfPossible(file, name, (flags & HEADER_AOUT_KLUDGE) == 0) : null;
        Image image;
        if ((flags & HEADER_AOUT_KLUDGE) != 0) {
            image = loadAout(memory, file, header, name);
        } else if (elf != null) {
            image = loadElf(memory, elf, file, name);
        } else {
            throw new BootException(name + ": not an ELF file, and its Multiboot header has no load addresses (flags bit 16)");
        }

        long ram = memory.ramSize();
        long at = pageAlign(image.high());
        long modList = at;
        int count = moduleSpecs.size();
        StringArea strings = new StringArea(modList + 16L * count);
        long[] moduleStrings = new long[count];
        for (int i = 0; i < count; i++) {
            moduleStrings[i] = strings.add(moduleSpecs.get(i));
        }
        long cmdline = strings.add(name + " " + append);
        long loaderName = strings.add(LOADER_NAME);
        requireRam(strings.end(), ram, name + ": the boot information after the kernel image");
        memory.load(strings.start, strings.bytes());

        at = pageAlign(strings.end());
        ByteBuffer mods = le(16 * count);
        for (int i = 0; i < count; i++) {
            String spec = moduleSpecs.get(i);
            int space = spec.indexOf(' ');
            Path path = Path.of(space < 0 ? spec : spec.substring(0, space));
            byte[] data = readFile(path, "module", ram);
            requireRam(at + data.length, ram, "module " + path);
            memory.load(at, data);
            mods.putInt((int) at).putInt((int) (at + data.length)).putInt((int) moduleStrings[i]).putInt(0);
            at = pageAlign(at + data.length);
        }
        memory.load(modList, mods.array());

        ByteBuffer mmap = le(3 * 24);
        mmapEntry(mmap, 0, LOW_RAM_END, MMAP_AVAILABLE);
        mmapEntry(mmap, LOW_RAM_END, HIGH_RAM_START - LOW_RAM_END, MMAP_RESERVED);
        mmapEntry(mmap, HIGH_RAM_START, ram - HIGH_RAM_START, MMAP_AVAILABLE);
        memory.load(MMAP_ADDRESS, mmap.array());

        ByteBuffer info = le(INFO_SIZE);
        info.putInt(0, INFO_MEMORY | INFO_CMDLINE | INFO_MODS | INFO_MMAP | INFO_LOADER_NAME);
        info.putInt(4, (int) (LOW_RAM_END / 1024));
        info.putInt(8, (int) Math.min((ram - HIGH_RAM_START) / 1024, 0xFFFF_FFFFL));
        info.putInt(16, (int) cmdline);
        info.putInt(20, count);
        info.putInt(24, (int) modList);
        info.putInt(44, mmap.capacity());
        info.putInt(48, (int) MMAP_ADDRESS);
        info.putInt(64, (int) loaderName);
        memory.load(INFO_ADDRESS, info.array());

        ByteBuffer gdt = le(24);
        gdt.putLong(8, CODE_DESCRIPTOR).putLong(16, DATA_DESCRIPTOR);
        memory.load(GDT_ADDRESS, gdt.array());
        return new LoadedKernel(image.entry(), INFO_ADDRESS, elf);
    }

    /**
     * Puts {@code cpu} in the Multiboot entry state: 32-bit protected mode with flat 4 GiB code and data
     * segments (from a GDT the loader wrote), paging and interrupts off, EAX = 0x2BADB002, EBX = the
     * information structure, other registers zero. The IDT is empty, so a fault before the kernel sets up
     * its own ends in a triple fault rather than in random vectors.
     */
    public static void enter(Cpu cpu, LoadedKernel kernel) {
        java.util.Arrays.fill(cpu.gpr, 0);
        cpu.gpr[Cpu.RAX] = BOOTLOADER_MAGIC & 0xFFFF_FFFFL;
        cpu.gpr[Cpu.RBX] = kernel.infoAddress();
        cpu.gdtBase = GDT_ADDRESS;
        cpu.gdtLimit = 23;
        cpu.idtBase = 0;
        cpu.idtLimit = 0;
        int flat = Segment.P | Segment.S | Segment.DB | Segment.G;
        for (int s = 0; s < cpu.seg.length; s++) {
            cpu.seg[s].load(DATA_SELECTOR, 0, 0xFFFF_FFFFL, flat | 0x3);
        }
        cpu.seg[Insn.CS].load(CODE_SELECTOR, 0, 0xFFFF_FFFFL, flat | 0xB);
        cpu.cr0 = Cpu.CR0_PE | Cpu.CR0_ET;
        cpu.cr3 = 0;
        cpu.cr4 = 0;
        cpu.efer = 0;
        cpu.cpl = 0;
        cpu.flags.put(2);
        cpu.rip = kernel.entry();
        cpu.halted = false;
        cpu.updatePaging();
        cpu.updateCodeSize();
    }

    // ---- the header ----

    /** The offset of the first header with a valid checksum (QEMU and GRUB skip a magic whose checksum fails). */
    private static int findHeader(byte[] file, String name) throws BootException {
        int limit = Math.min(file.length, SEARCH_LIMIT) - 12;
        int badChecksumAt = -1;
        for (int off = 0; off <= limit; off += 4) {
            if (intAt(file, off) != HEADER_MAGIC) continue;
            if (HEADER_MAGIC + intAt(file, off + 4) + intAt(file, off + 8) == 0) return off;
            if (badChecksumAt < 0) badChecksumAt = off;
        }
        if (badChecksumAt >= 0) {
            throw new BootException(String.format(
                    "%s: Multiboot header at offset 0x%x has a bad checksum", name, badChecksumAt));
        }
        throw new BootException(name + (ElfImage.isElf(file)
                ? ": ELF file without a Multiboot header in its first 8192 bytes (not a Multiboot kernel)"
                : ": not a Multiboot kernel (no ELF header and no Multiboot header in its first 8192 bytes)"));
    }

    private static ElfImage parseElfIfPossible(byte[] file, String name, boolean required) throws BootException {
        try {
            return ElfImage.parse(file, name);
        } catch (BootException e) {
            if (required) throw e;
            return null;   // the a.out kludge loads it regardless; only symbol names are lost
        }
    }

    // ---- placing the image ----

    private static Image loadAout(PhysicalMemory memory, byte[] file, int header, String name) throws BootException {
        if (header + 32 > file.length) {
            throw new BootException(name + ": Multiboot header is cut off before its address fields");
        }
        long headerAddr = u32(file, header + 12);
        long loadAddr = u32(file, header + 16);
        long loadEndAddr = u32(file, header + 20);
        long bssEndAddr = u32(file, header + 24);
        long entry = u32(file, header + 28);
        long fileOffset = header - (headerAddr - loadAddr);
        if (loadAddr > headerAddr || fileOffset < 0) {
            throw new BootException(String.format(
                    "%s: Multiboot load_addr 0x%x does not precede header_addr 0x%x within the file", name, loadAddr, headerAddr));
        }
        long size = loadEndAddr == 0 ? file.length - fileOffset : loadEndAddr - loadAddr;
        if (size < 0 || fileOffset + size > file.length) {
            throw new BootException(String.format(
                    "%s: Multiboot load_end_addr 0x%x lies beyond the end of the file", name, loadEndAddr));
        }
        long end = loadAddr + size;
        long bssEnd = bssEndAddr == 0 ? end : bssEndAddr;
        if (bssEnd < end) {
            throw new BootException(String.format(
                    "%s: Multiboot bss_end_addr 0x%x precedes load_end_addr 0x%x", name, bssEndAddr, end));
        }
        placeSegment(memory, name, loadAddr, bssEnd);
        memory.load(loadAddr, file, (int) fileOffset, (int) size);
        zero(memory, end, bssEnd - end);
        return new Image(loadAddr, bssEnd, entry);
    }

    private static Image loadElf(PhysicalMemory memory, ElfImage elf, byte[] file, String name) throws BootException {
        if (elf.machine() != ElfImage.EM_386 && elf.machine() != ElfImage.EM_X86_64) {
            throw new BootException(name + ": ELF file for machine type " + elf.machine() + ", not x86");
        }
        long low = Long.MAX_VALUE, high = 0;
        for (ElfImage.ProgramHeader ph : elf.programHeaders()) {
            if (ph.type() != ElfImage.PT_LOAD || ph.memSize() == 0) continue;
            long end = ph.paddr() + ph.memSize();
            placeSegment(memory, name, ph.paddr(), end);
            memory.load(ph.paddr(), file, (int) ph.offset(), (int) ph.fileSize());
            zero(memory, ph.paddr() + ph.fileSize(), ph.memSize() - ph.fileSize());
            low = Math.min(low, ph.paddr());
            high = Math.max(high, end);
        }
        if (high == 0) {
            throw new BootException(name + ": ELF file has no loadable segments");
        }
        long entry = elf.entry();
        for (ElfImage.ProgramHeader ph : elf.programHeaders()) {
            // The entry is a virtual address; the CPU starts without paging, at its physical address.
            if (ph.type() == ElfImage.PT_LOAD && entry - ph.vaddr() >= 0 && entry - ph.vaddr() < ph.memSize()) {
                entry = ph.paddr() + (entry - ph.vaddr());
                break;
            }
        }
        if (entry < 0 || entry > 0xFFFF_FFFFL) {
            throw new BootException(String.format(
                    "%s: entry point 0x%x is above 4 GiB; a Multiboot kernel starts in 32-bit mode", name, entry));
        }
        return new Image(low, high, entry);
    }

    private static void placeSegment(PhysicalMemory memory, String name, long start, long end) throws BootException {
        if (start < 0 || end < start || end > memory.ramSize()) {
            throw new BootException(String.format(
                    "%s: segment 0x%x-0x%x lies outside guest RAM (%d MiB); give the machine more memory",
                    name, start, end, memory.ramSize() >> 20));
        }
        if (start < BOOT_PAGE + PhysicalMemory.PAGE_SIZE && end > BOOT_PAGE) {
            throw new BootException(String.format(
                    "%s: segment 0x%x-0x%x overlaps the boot information page at 0x%x", name, start, end, BOOT_PAGE));
        }
    }

    private static void zero(PhysicalMemory memory, long at, long length) {
        if (length > 0) {
            memory.ram().asSlice(at, length).fill((byte) 0);
        }
    }

    // ---- boot information ----

    /** NUL-terminated strings laid out one after another from a start address. */
    private static final class StringArea {
        final long start;
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        StringArea(long start) {
            this.start = start;
        }

        long add(String s) {
            long at = start + bytes.size();
            bytes.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            bytes.write(0);
            return at;
        }

        long end() {
            return start + bytes.size();
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    private static void mmapEntry(ByteBuffer b, long base, long length, int type) {
        b.putInt(20).putLong(base).putLong(length).putInt(type);
    }

    private static void requireRam(long end, long ram, String what) throws BootException {
        if (end > ram || end > 0x1_0000_0000L) {
            throw new BootException(String.format(
                    "%s does not fit in guest RAM (needs it up to 0x%x, RAM ends at 0x%x); give the machine more memory",
                    what, end, Math.min(ram, 0x1_0000_0000L)));
        }
    }

    // ---- files and bytes ----

    private static byte[] readFile(Path path, String what, long ramSize) throws BootException {
        try {
            if (Files.isDirectory(path)) {
                throw new BootException(what + " " + path + ": is a directory");
            }
            long size = Files.size(path);
            if (size > ramSize) {
                throw new BootException(String.format("%s %s: %d bytes do not fit in guest RAM (%d MiB)",
                        what, path, size, ramSize >> 20));
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new BootException(what + " " + path + ": no such file");
        } catch (AccessDeniedException e) {
            throw new BootException(what + " " + path + ": permission denied");
        } catch (IOException e) {
            throw new BootException(what + " " + path + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static long pageAlign(long a) {
        return (a + PhysicalMemory.PAGE_SIZE - 1) & ~(PhysicalMemory.PAGE_SIZE - 1);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int intAt(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    private static long u32(byte[] b, int off) {
        return Integer.toUnsignedLong(intAt(b, off));
    }
}

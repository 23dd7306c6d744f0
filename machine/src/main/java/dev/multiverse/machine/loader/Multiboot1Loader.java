package dev.multiverse.machine.loader;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.machine.BootException;
import dev.multiverse.mmu.PhysicalMemory;

import java.nio.ByteBuffer;
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

    private static final int HEADER_AOUT_KLUDGE = 1 << 16;
    /** Header flag bits 0-2 (page-aligned modules, memory info, video mode) are the requirements a loader may meet. */
    private static final int HEADER_KNOWN_REQUIREMENTS = 0x7;

    private static final int INFO_MEMORY = 1, INFO_CMDLINE = 1 << 2, INFO_MODS = 1 << 3, INFO_MMAP = 1 << 6,
            INFO_LOADER_NAME = 1 << 9;
    private static final int INFO_SIZE = 116;

    private Multiboot1Loader() {
    }

    /**
     * Loads {@code kernel} and {@code moduleSpecs} ("file [args]" each) into {@code memory} and writes the
     * Multiboot information; {@code append} is the command line after the kernel path.
     */
    public static LoadedKernel load(PhysicalMemory memory, Path kernel, String append, List<String> moduleSpecs)
            throws BootException {
        String name = kernel.toString();
        byte[] file = KernelFile.read(kernel, "kernel", memory.ramSize());
        int header = findHeader(file);
        if (header < 0) {
            throw noHeader(file, name);
        }
        return load(memory, memory.ramSize(), file, header, name, append, moduleSpecs);
    }

    /** Loads {@code file}, whose valid header {@link #findHeader} found at offset {@code header}. */
    static LoadedKernel load(PhysicalMemory memory, long ram, byte[] file, int header, String name, String append,
                             List<String> moduleSpecs) throws BootException {
        int flags = LeBytes.intAt(file, header + 4);
        int unmet = flags & 0xFFFF & ~HEADER_KNOWN_REQUIREMENTS;
        if (unmet != 0) {
            throw new BootException(String.format(
                    "%s: Multiboot header requires features this loader does not know (flags bits 0x%x)", name, unmet));
        }
        ElfImage elf = ElfImage.isElf(file) ? parseElfIfPossible(file, name, (flags & HEADER_AOUT_KLUDGE) == 0) : null;
        ImagePlacement.Image image;
        if ((flags & HEADER_AOUT_KLUDGE) != 0) {
            image = loadAout(memory, ram, file, header, name);
        } else if (elf != null) {
            image = ImagePlacement.loadElf(memory, ram, elf, file, name);
            ImagePlacement.require32BitEntry(image.entry(), name);
        } else {
            throw new BootException(name + ": not an ELF file, and its Multiboot header has no load addresses (flags bit 16)");
        }

        long modList = ImagePlacement.pageAlign(image.high());
        int count = moduleSpecs.size();
        BootStrings strings = new BootStrings(modList + 16L * count);
        long[] moduleStrings = new long[count];
        for (int i = 0; i < count; i++) {
            moduleStrings[i] = strings.add(moduleSpecs.get(i));
        }
        long cmdline = strings.add(name + " " + append);
        long loaderName = strings.add(LOADER_NAME);
        ImagePlacement.requireRam(strings.end(), ram, name + ": the boot information after the kernel image");
        memory.load(strings.start, strings.bytes());

        long at = ImagePlacement.pageAlign(strings.end());
        ByteBuffer mods = LeBytes.buffer(16 * count);
        for (int i = 0; i < count; i++) {
            Path path = KernelFile.modulePath(moduleSpecs.get(i));
            byte[] data = KernelFile.read(path, "module", ram);
            ImagePlacement.requireRam(at + data.length, ram, "module " + path);
            memory.load(at, data);
            mods.putInt((int) at).putInt((int) (at + data.length)).putInt((int) moduleStrings[i]).putInt(0);
            at = ImagePlacement.pageAlign(at + data.length);
        }
        memory.load(modList, mods.array());

        List<LowMemory.Range> ranges = LowMemory.map(ram);
        ByteBuffer mmap = LeBytes.buffer(24 * ranges.size());
        for (LowMemory.Range r : ranges) {
            mmap.putInt(20).putLong(r.base()).putLong(r.length()).putInt(r.type());
        }
        memory.load(MMAP_ADDRESS, mmap.array());

        ByteBuffer info = LeBytes.buffer(INFO_SIZE);
        info.putInt(0, INFO_MEMORY | INFO_CMDLINE | INFO_MODS | INFO_MMAP | INFO_LOADER_NAME);
        info.putInt(4, (int) LowMemory.lowerKiB());
        info.putInt(8, (int) LowMemory.upperKiB(ram));
        info.putInt(16, (int) cmdline);
        info.putInt(20, count);
        info.putInt(24, (int) modList);
        info.putInt(44, mmap.capacity());
        info.putInt(48, (int) MMAP_ADDRESS);
        info.putInt(64, (int) loaderName);
        memory.load(INFO_ADDRESS, info.array());

        ProtectedModeEntry.writeGdt(memory);
        return new LoadedKernel(BootProtocol.MULTIBOOT1, image.entry(), INFO_ADDRESS, elf);
    }

    /**
     * Puts {@code cpu} in the Multiboot entry state: 32-bit protected mode with flat 4 GiB code and data
     * segments, paging and interrupts off, EAX = 0x2BADB002, EBX = the information structure, other
     * registers zero.
     */
    public static void enter(Cpu cpu, LoadedKernel kernel) {
        ProtectedModeEntry.enter(cpu, kernel.entry(), BOOTLOADER_MAGIC, kernel.infoAddress());
    }

    // ---- the header ----

    /** The offset of the first header with a valid checksum (QEMU and GRUB skip a magic whose checksum fails), or -1. */
    static int findHeader(byte[] file) {
        int limit = Math.min(file.length, SEARCH_LIMIT) - 12;
        for (int off = 0; off <= limit; off += 4) {
            if (LeBytes.intAt(file, off) == HEADER_MAGIC
                    && HEADER_MAGIC + LeBytes.intAt(file, off + 4) + LeBytes.intAt(file, off + 8) == 0) return off;
        }
        return -1;
    }

    /** The offset of the first header magic whose checksum fails, or -1. */
    static int findBadHeader(byte[] file) {
        int limit = Math.min(file.length, SEARCH_LIMIT) - 12;
        for (int off = 0; off <= limit; off += 4) {
            if (LeBytes.intAt(file, off) == HEADER_MAGIC) return off;
        }
        return -1;
    }

    static BootException badChecksum(String name, int offset) {
        return new BootException(String.format("%s: Multiboot header at offset 0x%x has a bad checksum", name, offset));
    }

    private static BootException noHeader(byte[] file, String name) {
        int bad = findBadHeader(file);
        if (bad >= 0) {
            return badChecksum(name, bad);
        }
        return new BootException(name + (ElfImage.isElf(file)
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

    private static ImagePlacement.Image loadAout(PhysicalMemory memory, long ram, byte[] file, int header, String name)
            throws BootException {
        if (header + 32 > file.length) {
            throw new BootException(name + ": Multiboot header is cut off before its address fields");
        }
        return ImagePlacement.loadRaw(memory, ram, file, header, LeBytes.u32(file, header + 12), LeBytes.u32(file, header + 16),
                LeBytes.u32(file, header + 20), LeBytes.u32(file, header + 24), LeBytes.u32(file, header + 28),
                name, "Multiboot");
    }
}

package dev.multiverse.machine.loader;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.machine.BootException;
import dev.multiverse.mmu.PhysicalMemory;

import java.nio.file.Path;
import java.util.List;

/**
 * Loads a Multiboot 2 kernel (Multiboot Specification 2.0). QEMU's {@code -kernel} has no Multiboot 2
 * support, so the reference is the specification, with GRUB's conventions where it leaves a choice: the
 * command line is the {@code --append} text alone and a module's string is the ARGS of its "FILE ARGS"
 * argument.
 *
 * <p>The header is the first one with a valid checksum at an 8-byte-aligned offset in the first 32 KiB.
 * Header tags understood: information request (types 1, 2, 3, 4 and 6 can be given; asking for any
 * other without the optional flag is an error), address (load by these fields instead of the ELF program
 * headers), entry address, module alignment (modules are always page-aligned). Console and framebuffer
 * requirements cannot be met (there is no display) unless marked optional; EFI and relocation tags are
 * ignored (this is no EFI machine, and loading at the link address is a valid placement).
 *
 * <p>Layout: the image by its ELF program headers' physical addresses (ELF32 or ELF64) or the address
 * tag; the information block on the next page after it, then each module on its own page. The block
 * holds, 8-byte aligned: command line (1), boot loader name (2), one module tag per module (3), basic
 * memory information (4), memory map (6), end.
 */
public final class Multiboot2Loader {
    public static final int HEADER_MAGIC = 0xE85250D6;
    public static final int BOOTLOADER_MAGIC = 0x36D76289;
    static final int SEARCH_LIMIT = 32768;
    private static final int ARCH_I386 = 0;

    /** The information tags this loader provides, which a header's information request may ask for. */
    private static final List<Integer> PROVIDED = List.of(Multiboot2Info.TAG_CMDLINE, Multiboot2Info.TAG_LOADER_NAME,
            Multiboot2Info.TAG_MODULE, Multiboot2Info.TAG_BASIC_MEMINFO, Multiboot2Info.TAG_MMAP);

    private static final int HTAG_END = 0, HTAG_INFO_REQUEST = 1, HTAG_ADDRESS = 2, HTAG_ENTRY = 3,
            HTAG_CONSOLE_FLAGS = 4, HTAG_FRAMEBUFFER = 5, HTAG_MODULE_ALIGN = 6, HTAG_EFI_BS = 7,
            HTAG_EFI_I386_ENTRY = 8, HTAG_EFI_AMD64_ENTRY = 9, HTAG_RELOCATABLE = 10;
    private static final int TAG_OPTIONAL = 1;
    private static final int CONSOLE_REQUIRED = 1;

    private Multiboot2Loader() {
    }

    /** What the header asks for: load addresses (null: by ELF) and the entry (-1: the ELF entry). */
    private record Header(long[] address, long entry) {
    }

    /** Loads {@code file}, whose valid header {@link #findHeader} found at offset {@code offset}. */
    static LoadedKernel load(PhysicalMemory memory, long ram, byte[] file, int offset, String name, String append,
                             List<String> moduleSpecs) throws BootException {
        Header header = parseHeader(file, offset, name);
        ElfImage elf = null;
        ImagePlacement.Image image;
        if (header.address() != null) {
            if (ElfImage.isElf(file)) {
                try {
                    elf = ElfImage.parse(file, name);
                } catch (BootException e) {
                    elf = null;   // loaded by the address tag regardless; only symbol names are lost
                }
            }
            long[] a = header.address();
            long loadAddr = a[1] == 0xFFFF_FFFFL ? a[0] - offset : a[1];   // -1: the file from its first byte
            long entry = header.entry() >= 0 ? header.entry() : elf == null ? -1 : ImagePlacement.physical(elf, elf.entry());
            if (entry < 0) {
                throw new BootException(name + ": Multiboot 2 header has an address tag but no entry address tag");
            }
            image = ImagePlacement.loadRaw(memory, ram, file, offset, a[0], loadAddr, a[2], a[3], entry, name, "Multiboot 2");
        } else {
            if (!ElfImage.isElf(file)) {
                throw new BootException(name + ": not an ELF file, and its Multiboot 2 header has no address tag");
            }
            elf = ElfImage.parse(file, name);
            image = ImagePlacement.loadElf(memory, ram, elf, file, name);
            if (header.entry() >= 0) {
                image = new ImagePlacement.Image(image.low(), image.high(), header.entry());
            }
        }
        ImagePlacement.require32BitEntry(image.entry(), name);

        byte[][] modules = new byte[moduleSpecs.size()][];
        for (int i = 0; i < modules.length; i++) {
            modules[i] = KernelFile.read(KernelFile.modulePath(moduleSpecs.get(i)), "module", ram);
        }
        long infoAt = ImagePlacement.pageAlign(image.high());
        int size = infoSize(append, moduleSpecs, LowMemory.map(ram).size());
        ImagePlacement.requireRam(infoAt + size, ram, name + ": the boot information after the kernel image");
        long[] moduleAt = new long[modules.length];
        long at = ImagePlacement.pageAlign(infoAt + size);
        for (int i = 0; i < modules.length; i++) {
            Path path = KernelFile.modulePath(moduleSpecs.get(i));
            ImagePlacement.requireRam(at + modules[i].length, ram, "module " + path);
            memory.load(at, modules[i]);
            moduleAt[i] = at;
            at = ImagePlacement.pageAlign(at + modules[i].length);
        }

        Multiboot2Info info = new Multiboot2Info(size)
                .string(Multiboot2Info.TAG_CMDLINE, append)
                .string(Multiboot2Info.TAG_LOADER_NAME, Multiboot1Loader.LOADER_NAME);
        for (int i = 0; i < modules.length; i++) {
            info.module(moduleAt[i], moduleAt[i] + modules[i].length, KernelFile.moduleArgs(moduleSpecs.get(i)));
        }
        info.basicMemory(LowMemory.lowerKiB(), LowMemory.upperKiB(ram));
        List<LowMemory.Range> ranges = LowMemory.map(ram);
        info.memoryMap(ranges.size());
        for (LowMemory.Range r : ranges) info.memoryRange(r.base(), r.length(), r.type());
        memory.load(infoAt, info.end());

        ProtectedModeEntry.writeGdt(memory);
        return new LoadedKernel(BootProtocol.MULTIBOOT2, image.entry(), infoAt, elf);
    }

    /** Enters {@code cpu} as Multiboot 2 asks: 32-bit protected mode, EAX = 0x36d76289, EBX = the information block. */
    static void enter(Cpu cpu, LoadedKernel kernel) {
        ProtectedModeEntry.enter(cpu, kernel.entry(), BOOTLOADER_MAGIC, kernel.infoAddress());
    }

    // ---- the header ----

    /** The offset of the first 8-byte-aligned header in the first 32 KiB with a valid checksum, or -1. */
    public static int findHeader(byte[] file) {
        return scan(file, true);
    }

    /**
     * The file offset of the first tag of {@code type} in the header at {@code header} (one {@link #findHeader}
     * found), or -1 when the tags before the end tag have none or are malformed (a size below 8, or past
     * the header's end). Extensions such as the HVM's HRT tag are found this way.
     */
    public static int findHeaderTag(byte[] file, int header, int type) {
        long end = Math.min(header + LeBytes.u32(file, header + 8), file.length);
        int off = header + 16;
        while (off + 8 <= end) {
            int tag = LeBytes.u16(file, off);
            long size = LeBytes.u32(file, off + 4);
            if (size < 8 || off + size > end) return -1;
            if (tag == type) return off;
            if (tag == HTAG_END) return -1;
            off = (int) ((off + size + 7) & ~7L);
        }
        return -1;
    }

    /** The offset of the first header magic there whose checksum fails, or -1. */
    static int findBadHeader(byte[] file) {
        return scan(file, false);
    }

    private static int scan(byte[] file, boolean valid) {
        int limit = Math.min(file.length, SEARCH_LIMIT) - 16;
        for (int off = 0; off <= limit; off += 8) {
            if (LeBytes.intAt(file, off) != HEADER_MAGIC) continue;
            int sum = HEADER_MAGIC + LeBytes.intAt(file, off + 4) + LeBytes.intAt(file, off + 8) + LeBytes.intAt(file, off + 12);
            if ((sum == 0) == valid) return off;
        }
        return -1;
    }

    static BootException badChecksum(String name, int offset) {
        return new BootException(String.format("%s: Multiboot 2 header at offset 0x%x has a bad checksum", name, offset));
    }

    private static Header parseHeader(byte[] file, int h, String name) throws BootException {
        String where = String.format("%s: Multiboot 2 header at offset 0x%x", name, h);
        long arch = LeBytes.u32(file, h + 4);
        if (arch != ARCH_I386) {
            throw new BootException(String.format("%s is for architecture %d, not i386 (0)", where, arch));
        }
        long length = LeBytes.u32(file, h + 8);
        if (length < 16 || h + length > file.length) {
            throw new BootException(String.format("%s has header_length %d, which %s", where, length,
                    length < 16 ? "is shorter than its fixed part" : "runs past the end of the file"));
        }
        long end = h + length;
        long[] address = null;
        long entry = -1;
        int off = h + 16;
        while (true) {
            if (off + 8 > end) {
                throw new BootException(where + " has no end tag");
            }
            int type = LeBytes.u16(file, off);
            boolean optional = (LeBytes.u16(file, off + 2) & TAG_OPTIONAL) != 0;
            long size = LeBytes.u32(file, off + 4);
            if (size < 8 || off + size > end) {
                throw new BootException(String.format("%s: tag type %d at offset 0x%x has size %d, which %s", where,
                        type, off, size, size < 8 ? "is less than 8" : "runs past the header's end"));
            }
            switch (type) {
                case HTAG_END -> {
                    return new Header(address, entry);
                }
                case HTAG_INFO_REQUEST -> {
                    for (int i = off + 8; i + 4 <= off + size; i += 4) {
                        int wanted = LeBytes.intAt(file, i);
                        if (wanted != Multiboot2Info.TAG_END && !PROVIDED.contains(wanted) && !optional) {
                            throw new BootException(String.format(
                                    "%s requests boot information this loader cannot give (tag type %d)", where, wanted));
                        }
                    }
                }
                case HTAG_ADDRESS -> {
                    requireSize(where, type, size, 24);
                    address = new long[]{LeBytes.u32(file, off + 8), LeBytes.u32(file, off + 12),
                            LeBytes.u32(file, off + 16), LeBytes.u32(file, off + 20)};
                }
                case HTAG_ENTRY -> {
                    requireSize(where, type, size, 12);
                    entry = LeBytes.u32(file, off + 8);
                }
                case HTAG_CONSOLE_FLAGS -> {
                    requireSize(where, type, size, 12);
                    if ((LeBytes.intAt(file, off + 8) & CONSOLE_REQUIRED) != 0 && !optional) {
                        throw new BootException(where + " requires a console, and this machine has no display");
                    }
                }
                case HTAG_FRAMEBUFFER -> {
                    if (!optional) {
                        throw new BootException(where + " requires a framebuffer, and this machine has no display");
                    }
                }
                case HTAG_MODULE_ALIGN, HTAG_EFI_BS, HTAG_EFI_I386_ENTRY, HTAG_EFI_AMD64_ENTRY, HTAG_RELOCATABLE -> {
                    // Modules are page-aligned anyway; EFI tags do not apply to a BIOS-style boot; the link address is a valid placement.
                }
                default -> {
                    if (!optional) {
                        throw new BootException(String.format("%s has tag type %d, unknown to this loader and not optional", where, type));
                    }
                }
            }
            off = (int) ((off + size + 7) & ~7L);
        }
    }

    private static void requireSize(String where, int type, long size, int expected) throws BootException {
        if (size != expected) {
            throw new BootException(String.format("%s: tag type %d has size %d, not %d", where, type, size, expected));
        }
    }

    // ---- the information block ----

    private static int infoSize(String append, List<String> moduleSpecs, int mmapEntries) {
        int size = Multiboot2Info.FRAME_SIZE + Multiboot2Info.stringSize(append)
                + Multiboot2Info.stringSize(Multiboot1Loader.LOADER_NAME);
        for (String spec : moduleSpecs) size += Multiboot2Info.moduleSize(KernelFile.moduleArgs(spec));
        return size + Multiboot2Info.BASIC_MEMINFO_SIZE + Multiboot2Info.memoryMapSize(mmapEntries);
    }
}

package dev.multiverse.machine.hvm;

import dev.multiverse.machine.BootException;
import dev.multiverse.machine.loader.ElfImage;
import dev.multiverse.machine.loader.Multiboot2Loader;
import dev.multiverse.machine.loader.PageTables;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An AeroKernel image as docs/hvm-abi.md ("HRT image") defines it: an ELF64 x86-64 file with a Multiboot 2
 * header that carries the HRT tag (type 0xf00d, 56 bytes), whose fields say how the HVM loads and maps it.
 * Parsing checks everything that does not depend on the machine; {@link #loadBase} checks the placement.
 *
 * @param file        the whole file
 * @param elf         its ELF headers
 * @param hrtFlags    the tag's flags as given
 * @param pageSize    the initial map's page size the flags ask for (4 KiB, 2 MiB or 1 GiB)
 * @param maxMemToMap bytes of physical address space to map from 0 (0: all RAM)
 * @param gvaOffset   the GVA of GPA 0: 0 or {@link #HIGHER_HALF}
 * @param gvaEntry    the entry GVA (0: the ELF entry plus the load bias plus gvaOffset)
 * @param commPageGpa the comm page (0: the HVM picks one)
 * @param upcallVector the upcall vector, 0 (#GP with error code 0xf00df00d) or 32-255
 * @param low         the lowest PT_LOAD p_paddr
 * @param high        the end of the highest PT_LOAD segment in memory (p_paddr + p_memsz), exclusive
 */
public record HrtImage(byte[] file, ElfImage elf, long hrtFlags, long pageSize, long maxMemToMap, long gvaOffset,
                       long gvaEntry, long commPageGpa, int upcallVector, long low, long high) {
    public static final int HRT_TAG = 0xf00d;
    public static final int HRT_TAG_SIZE = 56;
    public static final long FLAG_RELOC = 0x1, FLAG_PAGE_4K = 0x100, FLAG_PAGE_2M = 0x200, FLAG_PAGE_1G = 0x400,
            FLAG_PAGE_512G = 0x800;
    public static final long HIGHER_HALF = 0xffff_8000_0000_0000L;
    static final long PAGE_4K = PageTables.PAGE_4K, PAGE_2M = PageTables.PAGE_2M, PAGE_1G = PageTables.PAGE_1G;

    /** Parses and checks {@code file}; {@code name} starts every error message. */
    public static HrtImage parse(byte[] file, String name) throws BootException {
        if (!ElfImage.isElf(file)) throw new BootException(name + ": not an ELF file (an HRT image is ELF64)");
        ElfImage elf = ElfImage.parse(file, name);
        if (!elf.is64() || elf.machine() != ElfImage.EM_X86_64) {
            throw new BootException(name + ": not an ELF64 x86-64 file (an HRT image is one)");
        }
        int header = Multiboot2Loader.findHeader(file);
        if (header < 0) throw new BootException(name + ": no Multiboot 2 header (with a valid checksum) in the first 32 KiB");
        int tag = Multiboot2Loader.findHeaderTag(file, header, HRT_TAG);
        if (tag < 0) throw new BootException(name + ": its Multiboot 2 header has no HRT tag (type 0xf00d)");
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long size = b.getInt(tag + 4) & 0xffff_ffffL;
        if (size != HRT_TAG_SIZE) {
            throw new BootException(String.format("%s: HRT tag has size %d, not %d", name, size, HRT_TAG_SIZE));
        }
        long flags = b.getLong(tag + 8);
        long maxMem = b.getLong(tag + 16);
        long gvaOffset = b.getLong(tag + 24);
        long gvaEntry = b.getLong(tag + 32);
        long comm = b.getLong(tag + 40);
        int vector = b.get(tag + 48) & 0xff;
        if (gvaOffset != 0 && gvaOffset != HIGHER_HALF) {
            throw new BootException(String.format("%s: HRT tag gva_offset 0x%x is neither 0 nor 0x%x", name, gvaOffset, HIGHER_HALF));
        }
        if (vector != 0 && vector < 32) {
            throw new BootException(String.format("%s: HRT tag upcall vector %d is an exception vector (it must be 0 or 32-255)", name, vector));
        }
        if ((comm & (PAGE_4K - 1)) != 0) {
            throw new BootException(String.format("%s: HRT tag comm_page_gpa 0x%x is not page-aligned", name, comm));
        }
        long low = Long.MAX_VALUE, high = 0;
        for (ElfImage.ProgramHeader ph : elf.programHeaders()) {
            if (ph.type() != ElfImage.PT_LOAD || ph.memSize() == 0) continue;
            if (ph.paddr() < 0 || ph.memSize() < 0 || ph.paddr() + ph.memSize() < ph.paddr()) {
                throw new BootException(String.format("%s: PT_LOAD segment at 0x%x of 0x%x bytes wraps around", name,
                        ph.paddr(), ph.memSize()));
            }
            low = Math.min(low, ph.paddr());
            high = Math.max(high, ph.paddr() + ph.memSize());
        }
        if (high == 0) throw new BootException(name + ": ELF file has no loadable segments");
        return new HrtImage(file, elf, flags, pageSize(flags), maxMem, gvaOffset, gvaEntry, comm, vector, low, high);
    }

    /** The highest page-size flag wins; 512 GiB pages do not exist, so they map as 1 GiB; none set means 4 KiB. */
    private static long pageSize(long flags) {
        if ((flags & (FLAG_PAGE_512G | FLAG_PAGE_1G)) != 0) return PAGE_1G;
        if ((flags & FLAG_PAGE_2M) != 0) return PAGE_2M;
        return PAGE_4K;
    }

    public boolean relocatable() {
        return (hrtFlags & FLAG_RELOC) != 0;
    }

    /**
     * Where the lowest segment loads in a machine whose HRT RAM is {@code [firstHrtGpa, memorySize)}: a
     * relocatable image at the first 2 MiB boundary at or above {@code firstHrtGpa}, another at its own
     * p_paddr, which must then lie in HRT RAM. Fails when the image does not fit there.
     */
    public long loadBase(long firstHrtGpa, long memorySize, String name) throws BootException {
        long base = relocatable() ? (firstHrtGpa + PAGE_2M - 1) & -PAGE_2M : low;
        long end = base + (high - low);
        if (base < firstHrtGpa || end > memorySize || end < base) {
            throw new BootException(String.format(
                    "%s: segments 0x%x-0x%x lie outside HRT RAM 0x%x-0x%x%s", name, base, end, firstHrtGpa, memorySize,
                    relocatable() ? "" : " (the image is not relocatable: its HRT tag's RELOC flag is clear)"));
        }
        return base;
    }
}

package dev.multiverse.machine.loader;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.machine.BootException;
import dev.multiverse.mmu.PhysicalMemory;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads a PVH kernel (the Xen x86/HVM direct boot ABI that Linux, QEMU and Firecracker use): an ELF file
 * whose PT_NOTE segment holds the note {@code XEN_ELFNOTE_PHYS32_ENTRY} (name "Xen", type 18), the
 * physical address of a 32-bit entry point (4 bytes, or 8 in ELF64 kernels). Segments load at their
 * physical addresses. The kernel receives {@code hvm_start_info} (version 1) in EBX, like QEMU's:
 * the command line is the {@code --append} text alone, and a module's command line is the ARGS of its
 * "FILE ARGS" argument (absent for a bare FILE), and {@code rsdp_paddr} is the ACPI RSDP's address.
 *
 * <p>Layout: the memory map at 0x9000 and {@code hvm_start_info} at 0x9500 in the boot page; after the
 * image, on the next page, the module list and the command lines, then each module on its own page.
 */
public final class PvhLoader {
    public static final int START_MAGIC = 0x336EC578;
    static final int START_INFO_VERSION = 1;
    static final int XEN_ELFNOTE_PHYS32_ENTRY = 18;
    static final long MEMMAP_ADDRESS = 0x9000;
    static final long START_INFO_ADDRESS = 0x9500;
    private static final int START_INFO_SIZE = 56, MODLIST_ENTRY_SIZE = 32, MEMMAP_ENTRY_SIZE = 24;

    private PvhLoader() {
    }

    /**
     * The physical entry from {@code elf}'s PHYS32_ENTRY note, or -1 when it has none; a malformed note
     * is an error, since it shows the kernel means to boot with PVH.
     */
    static long findEntry(ElfImage elf, byte[] file, String name) throws BootException {
        for (ElfImage.ProgramHeader ph : elf.programHeaders()) {
            if (ph.type() != ElfImage.PT_NOTE) continue;
            long end = ph.offset() + ph.fileSize();
            if (ph.offset() < 0 || ph.fileSize() < 0 || end > file.length) {
                throw new BootException(name + ": truncated ELF file (a note segment lies beyond its end)");
            }
            long off = ph.offset();
            while (off + 12 <= end) {
                long nameSize = LeBytes.u32(file, (int) off), descSize = LeBytes.u32(file, (int) off + 4);
                int type = LeBytes.intAt(file, (int) off + 8);
                long desc = off + 12 + align4(nameSize);
                long next = desc + align4(descSize);
                if (next > end) break;   // a damaged note list: no later note can be found reliably
                if (type == XEN_ELFNOTE_PHYS32_ENTRY && nameSize == 4 && isXen(file, (int) off + 12)) {
                    return phys32Entry(file, (int) desc, descSize, name);
                }
                off = next;
            }
        }
        return -1;
    }

    private static boolean isXen(byte[] file, int at) {
        return file[at] == 'X' && file[at + 1] == 'e' && file[at + 2] == 'n' && file[at + 3] == 0;
    }

    private static long phys32Entry(byte[] file, int desc, long size, String name) throws BootException {
        long entry;
        if (size == 4) {
            entry = LeBytes.u32(file, desc);
        } else if (size == 8) {
            entry = LeBytes.u32(file, desc) | LeBytes.u32(file, desc + 4) << 32;
        } else {
            throw new BootException(String.format(
                    "%s: PVH note XEN_ELFNOTE_PHYS32_ENTRY has %d bytes of data, not 4 or 8", name, size));
        }
        ImagePlacement.require32BitEntry(entry, name);
        return entry;
    }

    private static long align4(long v) {
        return (v + 3) & ~3L;
    }

    /** Loads {@code elf}, whose PVH note gives {@code entry}, and writes {@code hvm_start_info}. */
    static LoadedKernel load(PhysicalMemory memory, long ram, ElfImage elf, byte[] file, long entry, String name, String append,
                             List<String> moduleSpecs, long rsdpAddress) throws BootException {
        ImagePlacement.Image image = ImagePlacement.loadElf(memory, ram, elf, file, name);
        int count = moduleSpecs.size();
        long modList = ImagePlacement.pageAlign(image.high());
        BootStrings strings = new BootStrings(modList + (long) MODLIST_ENTRY_SIZE * count);
        long cmdline = strings.add(append);
        long[] moduleCmdlines = new long[count];
        for (int i = 0; i < count; i++) {
            String args = KernelFile.moduleArgs(moduleSpecs.get(i));
            moduleCmdlines[i] = args.isEmpty() ? 0 : strings.add(args);
        }
        ImagePlacement.requireRam(strings.end(), ram, name + ": the boot information after the kernel image");
        memory.load(strings.start, strings.bytes());

        long at = ImagePlacement.pageAlign(strings.end());
        ByteBuffer mods = LeBytes.buffer(MODLIST_ENTRY_SIZE * count);
        for (int i = 0; i < count; i++) {
            Path path = KernelFile.modulePath(moduleSpecs.get(i));
            byte[] data = KernelFile.read(path, "module", ram);
            ImagePlacement.requireRam(at + data.length, ram, "module " + path);
            memory.load(at, data);
            mods.putLong(at).putLong(data.length).putLong(moduleCmdlines[i]).putLong(0);
            at = ImagePlacement.pageAlign(at + data.length);
        }
        memory.load(modList, mods.array());

        List<LowMemory.Range> ranges = LowMemory.map(ram);
        ByteBuffer memmap = LeBytes.buffer(MEMMAP_ENTRY_SIZE * ranges.size());
        for (LowMemory.Range r : ranges) {
            memmap.putLong(r.base()).putLong(r.length()).putInt(r.type()).putInt(0);
        }
        memory.load(MEMMAP_ADDRESS, memmap.array());

        ByteBuffer info = LeBytes.buffer(START_INFO_SIZE);
        info.putInt(START_MAGIC).putInt(START_INFO_VERSION).putInt(0).putInt(count)
                .putLong(count == 0 ? 0 : modList).putLong(cmdline).putLong(rsdpAddress)
                .putLong(MEMMAP_ADDRESS).putInt(ranges.size()).putInt(0);
        memory.load(START_INFO_ADDRESS, info.array());

        ProtectedModeEntry.writeGdt(memory);
        return new LoadedKernel(BootProtocol.PVH, entry, START_INFO_ADDRESS, elf);
    }

    /**
     * Enters {@code cpu} in the PVH state: 32-bit protected mode, paging off, flat 32-bit CS/DS/ES/SS,
     * TR a 32-bit TSS with base 0 and limit 0x67, EFLAGS.IF and VM clear, EBX = {@code hvm_start_info}.
     */
    static void enter(Cpu cpu, LoadedKernel kernel) {
        ProtectedModeEntry.enter(cpu, kernel.entry(), 0, kernel.infoAddress());
        ProtectedModeEntry.loadTaskRegister(cpu);
    }
}

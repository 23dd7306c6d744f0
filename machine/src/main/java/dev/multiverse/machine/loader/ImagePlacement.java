package dev.multiverse.machine.loader;

import dev.multiverse.machine.BootException;
import dev.multiverse.mmu.PhysicalMemory;

/** Copies a kernel image into guest RAM: by ELF program headers or by a header's load addresses. */
final class ImagePlacement {
    private ImagePlacement() {
    }

    /** Where the image lies in physical memory ({@code high} exclusive) and its physical entry point. */
    record Image(long low, long high, long entry) {
    }

    /**
     * Loads every PT_LOAD segment at its physical address (p_paddr), which must lie below {@code ram} (the
     * RAM the kernel is given), and zeroes its bss. The entry is the
     * ELF entry translated to a physical address through the segment that contains it.
     */
    static Image loadElf(PhysicalMemory memory, long ram, ElfImage elf, byte[] file, String name) throws BootException {
        if (elf.machine() != ElfImage.EM_386 && elf.machine() != ElfImage.EM_X86_64) {
            throw new BootException(name + ": ELF file for machine type " + elf.machine() + ", not x86");
        }
        long low = Long.MAX_VALUE, high = 0;
        for (ElfImage.ProgramHeader ph : elf.programHeaders()) {
            if (ph.type() != ElfImage.PT_LOAD || ph.memSize() == 0) continue;
            long end = ph.paddr() + ph.memSize();
            checkRange(ram, name, ph.paddr(), end);
            memory.load(ph.paddr(), file, (int) ph.offset(), (int) ph.fileSize());
            zero(memory, ph.paddr() + ph.fileSize(), ph.memSize() - ph.fileSize());
            low = Math.min(low, ph.paddr());
            high = Math.max(high, end);
        }
        if (high == 0) {
            throw new BootException(name + ": ELF file has no loadable segments");
        }
        return new Image(low, high, physical(elf, elf.entry()));
    }

    /** {@code address} (a virtual address inside a PT_LOAD segment) as a physical one; unchanged outside them. */
    static long physical(ElfImage elf, long address) {
        for (ElfImage.ProgramHeader ph : elf.programHeaders()) {
            // The CPU starts without paging, at the physical address the segment was loaded to.
            if (ph.type() == ElfImage.PT_LOAD && address - ph.vaddr() >= 0 && address - ph.vaddr() < ph.memSize()) {
                return ph.paddr() + (address - ph.vaddr());
            }
        }
        return address;
    }

    /** Rejects an entry point a 32-bit protected-mode start cannot reach. */
    static void require32BitEntry(long entry, String name) throws BootException {
        if (entry < 0 || entry > 0xFFFF_FFFFL) {
            throw new BootException(String.format(
                    "%s: entry point 0x%x is above 4 GiB; the kernel starts in 32-bit mode", name, entry));
        }
    }

    /**
     * Loads the file by a header's address fields (the Multiboot "a.out kludge" and the Multiboot 2 address
     * tag): the header at file offset {@code header} is at {@code headerAddr}; the file from the matching
     * offset is copied to {@code loadAddr} up to {@code loadEndAddr} (0: to the end of the file) and zeroed
     * up to {@code bssEndAddr} (0: no bss). {@code label} names the header in messages.
     */
    static Image loadRaw(PhysicalMemory memory, long ram, byte[] file, int header, long headerAddr, long loadAddr,
                         long loadEndAddr, long bssEndAddr, long entry, String name, String label) throws BootException {
        long fileOffset = header - (headerAddr - loadAddr);
        if (loadAddr > headerAddr || fileOffset < 0) {
            throw new BootException(String.format(
                    "%s: %s load_addr 0x%x does not precede header_addr 0x%x within the file", name, label, loadAddr, headerAddr));
        }
        long size = loadEndAddr == 0 ? file.length - fileOffset : loadEndAddr - loadAddr;
        if (size < 0 || fileOffset + size > file.length) {
            throw new BootException(String.format(
                    "%s: %s load_end_addr 0x%x lies beyond the end of the file", name, label, loadEndAddr));
        }
        long end = loadAddr + size;
        long bssEnd = bssEndAddr == 0 ? end : bssEndAddr;
        if (bssEnd < end) {
            throw new BootException(String.format(
                    "%s: %s bss_end_addr 0x%x precedes load_end_addr 0x%x", name, label, bssEndAddr, end));
        }
        checkRange(ram, name, loadAddr, bssEnd);
        memory.load(loadAddr, file, (int) fileOffset, (int) size);
        zero(memory, end, bssEnd - end);
        return new Image(loadAddr, bssEnd, entry);
    }

    private static void checkRange(long ram, String name, long start, long end) throws BootException {
        if (start < 0 || end < start || end > ram) {
            throw new BootException(String.format(
                    "%s: segment 0x%x-0x%x lies outside guest RAM (%d MiB); give the machine more memory",
                    name, start, end, ram >> 20));
        }
        if (start < LowMemory.BOOT_PAGE + PhysicalMemory.PAGE_SIZE && end > LowMemory.BOOT_PAGE) {
            throw new BootException(String.format(
                    "%s: segment 0x%x-0x%x overlaps the boot information page at 0x%x", name, start, end, LowMemory.BOOT_PAGE));
        }
    }

    private static void zero(PhysicalMemory memory, long at, long length) {
        if (length > 0) {
            memory.ram().asSlice(at, length).fill((byte) 0);
        }
    }

    /** Fails unless guest RAM below 4 GiB reaches {@code end}: boot information and modules use 32-bit addresses. */
    static void requireRam(long end, long ram, String what) throws BootException {
        if (end > ram || end > 0x1_0000_0000L) {
            throw new BootException(String.format(
                    "%s does not fit in guest RAM (needs it up to 0x%x, RAM ends at 0x%x); give the machine more memory",
                    what, end, Math.min(ram, 0x1_0000_0000L)));
        }
    }

    static long pageAlign(long a) {
        return (a + PhysicalMemory.PAGE_SIZE - 1) & ~(PhysicalMemory.PAGE_SIZE - 1);
    }
}

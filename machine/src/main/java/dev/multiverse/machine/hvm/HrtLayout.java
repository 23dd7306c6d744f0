package dev.multiverse.machine.hvm;

import dev.multiverse.machine.BootException;
import dev.multiverse.machine.loader.PageTables;

/**
 * Where one HRT boot puts things (docs/hvm-abi.md, "HRT boot"): the image at {@code loadBase} (its lowest
 * segment), then, page-aligned after it, the boot state: the GDT page, the Multiboot 2 information, the
 * page tables (PML4, PDPTs, page directories, page tables as the page size needs) and one stack per HRT
 * core, and the comm page.
 *
 * @param loadBias     load GPA minus the lowest p_paddr (0 for an image loaded where it is linked)
 * @param entryGva     where every HRT core starts
 * @param maxMemMapped bytes of physical address space mapped from GPA 0, a multiple of {@code pageSize}
 * @param commPageGpa  the tag's comm page, or the first HRT page when the image leaves it free, or the page after the boot state
 * @param end          the first byte after everything the boot writes (the comm page aside)
 * @param upcallVector the image's upcall vector (0: #GP with error code 0xf00df00d)
 */
public record HrtLayout(long firstHrtGpa, long loadBase, long loadBias, long entryGva, long gvaOffset, long pageSize,
                        long maxMemMapped, long bootStateGpa, long gdtGpa, long infoGpa, int infoSize, long pml4Gpa,
                        long tablePages, long stacksGpa, int hrtCores, long commPageGpa, long end,
                        int upcallVector) {
    static final long PAGE = 4096;
    public static final long STACK_SIZE = 64 << 10;
    /** The lower half of the 4-level address space: PML4 entries 0-255. */
    private static final long LOWER_HALF = 1L << 47;

    /** Plans the boot of {@code image} in {@code hvm}'s HRT partition of a machine with {@code memorySize} bytes of RAM. */
    static HrtLayout plan(HrtImage image, HvmConfig hvm, long memorySize, String name) throws BootException {
        long firstHrt = hvm.rosMemory();
        long base = image.loadBase(firstHrt, memorySize, name);
        long bias = base - image.low();
        long imageEnd = base + (image.high() - image.low());
        long mapped = image.maxMemToMap() != 0 ? image.maxMemToMap() : memorySize;
        mapped = (mapped + image.pageSize() - 1) & -image.pageSize();
        if (mapped <= 0 || mapped > LOWER_HALF) {
            throw new BootException(String.format("%s: HRT tag max_mem_to_map 0x%x is more than the 128 TiB a 4-level map's half can hold",
                    name, image.maxMemToMap()));
        }
        int infoSize = MultibootInfo.size(hvm.hrtAppend());
        long bootState = align(imageEnd);
        long gdt = bootState;
        long info = gdt + PAGE;
        long pml4 = align(info + infoSize);
        long tablePages = PageTables.pages(mapped, image.pageSize());
        long stacks = pml4 + tablePages * PAGE;
        long end = stacks + hvm.hrtCores() * STACK_SIZE;
        long comm = image.commPageGpa();
        if (comm == 0) {
            if (base > firstHrt) {
                comm = firstHrt;
            } else {
                comm = end;
                end += PAGE;
            }
        } else if (comm + PAGE > memorySize) {
            throw new BootException(String.format("%s: HRT tag comm_page_gpa 0x%x lies outside RAM", name, comm));
        }
        if (end > memorySize) {
            throw new BootException(String.format(
                    "%s: the HRT boot state (GDT, boot information, page tables, %d stacks of 64 KiB) needs RAM up to 0x%x; the machine has 0x%x",
                    name, hvm.hrtCores(), end, memorySize));
        }
        if (end > mapped) {
            throw new BootException(String.format(
                    "%s: HRT tag max_mem_to_map 0x%x does not reach the boot state the kernel starts on (up to 0x%x)",
                    name, image.maxMemToMap(), end));
        }
        long entry = image.gvaEntry() != 0 ? image.gvaEntry() : image.gvaOffset() + image.elf().entry() + bias;
        return new HrtLayout(firstHrt, base, bias, entry, image.gvaOffset(), image.pageSize(), mapped, bootState, gdt,
                info, infoSize, pml4, tablePages, stacks, hvm.hrtCores(), comm, end, image.upcallVector());
    }

    private static long align(long a) {
        return (a + PAGE - 1) & -PAGE;
    }

    /** The GVA of GPA {@code gpa} in the initial map. */
    public long gva(long gpa) {
        return gvaOffset + gpa;
    }

    /** The top of HRT core {@code index}'s stack (a GPA). */
    public long stackTop(int index) {
        return stacksGpa + (index + 1) * STACK_SIZE;
    }
}

package dev.multiverse.machine.loader;

/**
 * A kernel placed in guest memory, ready to enter.
 *
 * @param entry        physical address of the first instruction
 * @param infoAddress  physical address of the boot information the kernel receives (EBX for Multiboot)
 * @param elf          the kernel file parsed as ELF, for naming addresses in diagnostics; null if it is not ELF
 */
public record LoadedKernel(long entry, long infoAddress, ElfImage elf) {
    /** "symbol+0xoff" for {@code address}, or null when the kernel has no symbol there. */
    public String symbolize(long address) {
        return elf == null ? null : elf.symbolize(address);
    }
}

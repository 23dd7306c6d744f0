package dev.multiverse.machine.loader;

/**
 * A kernel placed in guest memory, ready to enter.
 *
 * @param protocol     the boot protocol it was loaded with, which also fixes its entry state
 * @param entry        physical address of the first instruction
 * @param infoAddress  physical address of the boot information the kernel receives: in EBX the Multiboot
 *                     information or PVH {@code hvm_start_info}, in RSI Linux's {@code boot_params}
 * @param elf          the kernel file parsed as ELF, for naming addresses in diagnostics; null if it is not ELF
 */
public record LoadedKernel(BootProtocol protocol, long entry, long infoAddress, ElfImage elf) {
    /** "symbol+0xoff" for {@code address}, or null when the kernel has no symbol there. */
    public String symbolize(long address) {
        return elf == null ? null : elf.symbolize(address);
    }
}

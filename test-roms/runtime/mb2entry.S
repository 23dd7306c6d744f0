/*
 * Multiboot 2 header and entry for test ROMs.  The header sits in .multiboot, which runtime/link.ld
 * places first in the image (well inside the first 32 KiB); the ROM links boot.S without its
 * Multiboot 1 header, so Multiboot 2 is the only protocol the image declares.
 */
#define MB2_MAGIC 0xE85250D6

    .section .multiboot, "a"
    .balign 8
mb2_header:
    .long MB2_MAGIC
    .long 0 /* architecture: i386 protected mode */
    .long mb2_header_end - mb2_header
    .long -(MB2_MAGIC + (mb2_header_end - mb2_header))

    /* Information request: command line, loader name, modules, basic memory info, memory map. */
    .balign 8
1:  .word 1, 0
    .long 2f - 1b
    .long 1, 2, 3, 4, 6
2:
    /* Entry address: mb2_entry instead of the ELF entry (_start), so the ROM sees the tag was used. */
    .balign 8
1:  .word 3, 0
    .long 2f - 1b
    .long mb2_entry
2:
    /* Module alignment: modules on page boundaries. */
    .balign 8
    .word 6, 0
    .long 8
    .balign 8
    .word 0, 0 /* end */
    .long 8
mb2_header_end:

    .section .text.boot, "ax"
    .code32
mb2_entry:
    movl $0x4D423254, rom_entry_marker /* ENTRY_MB2_TAG */
    jmp rom_record_entry

    .section .note.GNU-stack, "", @progbits

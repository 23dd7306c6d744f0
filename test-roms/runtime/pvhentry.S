/*
 * PVH entry for test ROMs: the XEN_ELFNOTE_PHYS32_ENTRY note (name "Xen", type 18) naming pvh_entry,
 * in .note.Xen, which runtime/pvh.ld puts in a PT_NOTE segment (QEMU and Multiverse look for it
 * there).  The ROM stays ELF64, so the note's value is 8 bytes, as in Linux.  boot.S is linked
 * without its Multiboot 1 header, so PVH is the only protocol the image declares.
 */
    .section .note.Xen, "a", @note
    .balign 4
    .long 4 /* name size */
    .long 8 /* value size */
    .long 18 /* XEN_ELFNOTE_PHYS32_ENTRY */
    .asciz "Xen"
    .balign 4
    .quad pvh_entry

    .section .text.boot, "ax"
    .code32
pvh_entry:
    /* EBX holds hvm_start_info; EAX means nothing here, so rom_main gets 0 for it. */
    xorl %eax, %eax
    movl $0x50564845, rom_entry_marker /* ENTRY_PVH_NOTE */
    jmp rom_record_entry

    .section .note.GNU-stack, "", @progbits

/*
 * Shared tail of the boot-protocol entries (runtime/mb2entry.S, runtime/pvhentry.S): records the
 * 32-bit entry state the protocol promises (CR0, EFLAGS) for the ROM to check, then continues in the
 * runtime's 32->64-bit stub (boot.S's _start) with EAX and EBX as the entry left them.  Those
 * protocols give no stack, so this one brings its own.
 */
    .section .text.boot, "ax"
    .code32
    .globl rom_record_entry
rom_record_entry:
    movl $entry_stack_top, %esp
    movl %cr0, %ecx
    movl %ecx, rom_entry_cr0
    pushfl
    popl %ecx
    movl %ecx, rom_entry_eflags
    jmp _start

    /* .data, not .bss: _start clears the bss. */
    .data
    .balign 4
    .globl rom_entry_cr0, rom_entry_eflags, rom_entry_marker
rom_entry_cr0:
    .long 0
rom_entry_eflags:
    .long 0
rom_entry_marker:
    .long 0
    .balign 16
    .skip 64
entry_stack_top:

    .section .note.GNU-stack, "", @progbits

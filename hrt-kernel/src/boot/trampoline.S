/* Start-up code of an application processor in a standalone boot, copied to TRAMPOLINE_BASE (a start-up
 * IPI's vector names its page): real mode -> protected mode -> long mode on the kernel's page tables,
 * then a jump to the upper-half target with the stack and argument the BSP filled in. */
#include "layout.h"

#define AT(x) (TRAMPOLINE_BASE + (x) - trampoline_start)

    .section .rodata
    .globl trampoline_start, trampoline_end, trampoline_cr3, trampoline_stack, trampoline_target, trampoline_arg
    .code16
trampoline_start:
    cli
    xor %ax, %ax
    mov %ax, %ds
    lgdtl AT(trampoline_gdtr)
    mov %cr0, %eax
    or $1, %eax
    mov %eax, %cr0
    ljmpl $0x18, $AT(trampoline32)

    .code32
trampoline32:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %cr4, %eax
    or $0x6a0, %eax                       /* PAE, PGE, OSFXSR, OSXMMEXCPT */
    mov %eax, %cr4
    mov AT(trampoline_cr3), %eax
    mov %eax, %cr3
    mov $0xc0000080, %ecx
    rdmsr
    or $0x900, %eax                       /* LME, NXE */
    wrmsr
    mov %cr0, %eax
    or $0x80010001, %eax                  /* PG, WP, PE */
    mov %eax, %cr0
    ljmp $0x08, $AT(trampoline64)

    .code64
trampoline64:
    mov AT(trampoline_stack), %rsp
    mov AT(trampoline_arg), %rdi
    mov AT(trampoline_target), %rax
    jmp *%rax

    .balign 8
trampoline_gdt:
    .quad 0
    .quad 0x00af9a000000ffff              /* 0x08: 64-bit code */
    .quad 0x00cf92000000ffff              /* 0x10: data */
    .quad 0x00cf9a000000ffff              /* 0x18: 32-bit code */
trampoline_gdtr:
    .short 31
    .long AT(trampoline_gdt)
    .balign 8
trampoline_cr3:    .quad 0
trampoline_stack:  .quad 0
trampoline_target: .quad 0
trampoline_arg:    .quad 0
trampoline_end:

    .text
    .globl ap_entry64
/* Where the trampoline lands (upper half): rdi = core index. */
ap_entry64:
    and $-16, %rsp
    call ap_main
1:  cli
    hlt
    jmp 1b

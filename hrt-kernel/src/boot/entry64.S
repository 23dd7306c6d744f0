/* The 64-bit entry of every boot: the ELF entry, where the HVM starts each HRT core and where the
 * standalone 32-bit path arrives. rbx = Multiboot 2 information (GVA), rcx = APIC ID, rdx = core index,
 * rsi = load bias, rsp = a stack. The first core applies the image's R_X86_64_RELATIVE relocations for
 * the address it actually runs at; the others wait for it. */
#include "layout.h"

#define R_X86_64_RELATIVE 8

    .text
    .globl entry64
entry64:
    cli
    cld
    mov %rbx, %r12
    mov %rcx, %r13
    mov %rdx, %r14
    mov %rsi, %r15
    lea mb2_header(%rip), %rax
    sub $LINK_BASE, %rax                  /* run-time address minus link address */
    test %r14, %r14
    jnz 4f
    lea __rela_start(%rip), %rsi
    lea __rela_end(%rip), %rdi
1:  cmp %rdi, %rsi
    jae 3f
    cmpl $R_X86_64_RELATIVE, 8(%rsi)
    jne 2f
    mov (%rsi), %rdx
    add %rax, %rdx
    mov 16(%rsi), %rcx
    add %rax, %rcx
    mov %rcx, (%rdx)
2:  add $24, %rsi
    jmp 1b
3:  movl $1, relocations_done(%rip)
    jmp 5f
4:  pause
    cmpl $0, relocations_done(%rip)
    je 4b
5:  and $-16, %rsp
    mov %r12, %rdi
    mov %r13, %rsi
    mov %r14, %rdx
    mov %r15, %rcx
    call kernel_entry
6:  cli
    hlt
    jmp 6b

    .data
    .balign 4
relocations_done:
    .long 0

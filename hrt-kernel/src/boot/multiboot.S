/* The Multiboot 2 header (first in the image) with its entry-address tag for the standalone 32-bit entry
 * and the HVM's HRT tag; the 32-bit entry that builds the boot page tables and enters long mode; and the
 * page tables, GDT and stack it uses. One section, so every distance here is an assembler constant (no
 * absolute relocation can exist in a PIE). */
#include "layout.h"

#define MB2_MAGIC 0xe85250d6
#define HRT_RELOC 0x1
#define HRT_PAGE_2M 0x200
#define MSR_EFER_32 0xc0000080

    .section .boot, "awx"
    .globl mb2_header
    .balign 8
mb2_header:
    .long MB2_MAGIC, 0, mb2_header_end - mb2_header
    .long -(MB2_MAGIC + (mb2_header_end - mb2_header))
    /* entry address (type 3): the 32-bit i386 entry, as a physical address at the link placement */
    .balign 8
    .short 3, 0
    .long 12
    .long entry32 - mb2_header + LINK_BASE
    /* HRT tag (type 0xf00d), flagged optional so that plain Multiboot 2 loaders skip it */
    .balign 8
    .short 0xf00d, 1
    .long 56
    .quad HRT_RELOC | HRT_PAGE_2M
    .quad 0                      /* max_mem_to_map: all RAM */
    .quad KERNEL_OFFSET          /* gva_offset */
    .quad 0                      /* gva_entry: the ELF entry (entry64) + bias + gva_offset */
    .quad 0                      /* comm_page_gpa: the HVM picks */
    .byte UPCALL_VECTOR, 0, 0, 0, 0, 0, 0, 0   /* from the Makefile: 0xf0, or 0 for #GP upcalls */
    .balign 8
    .short 0, 0
    .long 8
mb2_header_end:

    .code32
entry32:
    cli
    mov %eax, %edi
    mov %ebx, %esi
    /* No relocatable tag: a Multiboot 2 loader places the image at its link address (and esp is
     * undefined, so no call/pop to find out) */
    mov $LINK_BASE, %ebp
    lea (boot_stack_top - mb2_header)(%ebp), %esp
    cmp $MB2_BOOT_MAGIC, %edi
    jne 9f

    /* four page directories of 2 MiB pages: GPA [0, 4 GiB) */
    lea (boot_pd - mb2_header)(%ebp), %edx
    xor %ecx, %ecx
2:  mov %ecx, %eax
    shl $21, %eax
    or $0x83, %eax                        /* present, writable, 2 MiB */
    mov %eax, (%edx,%ecx,8)
    movl $0, 4(%edx,%ecx,8)
    inc %ecx
    cmp $2048, %ecx
    jb 2b
    lea (boot_pdpt - mb2_header)(%ebp), %ebx
    xor %ecx, %ecx
3:  mov %ecx, %eax
    shl $12, %eax
    add %edx, %eax
    or $3, %eax
    mov %eax, (%ebx,%ecx,8)
    inc %ecx
    cmp $4, %ecx
    jb 3b
    /* the same PDPT identity-maps the lower half and maps the upper half at KERNEL_OFFSET */
    lea (boot_pml4 - mb2_header)(%ebp), %edx
    mov %ebx, %eax
    or $3, %eax
    mov %eax, (%edx)
    mov %eax, 256*8(%edx)
    mov %edx, %cr3

    mov %cr4, %eax
    or $0x6a0, %eax                       /* PAE, PGE, OSFXSR, OSXMMEXCPT */
    mov %eax, %cr4
    mov $MSR_EFER_32, %ecx
    rdmsr
    or $0x900, %eax                       /* LME, NXE */
    wrmsr
    lea (boot_gdt - mb2_header)(%ebp), %eax
    mov %eax, (boot_gdtr + 2 - mb2_header)(%ebp)
    lgdt (boot_gdtr - mb2_header)(%ebp)
    mov %cr0, %eax
    or $0x80010001, %eax                  /* PG, WP, PE */
    mov %eax, %cr0
    lea (entry64_low - mb2_header)(%ebp), %eax
    push $0x08
    push %eax
    lret
9:  hlt
    jmp 9b

    .code64
entry64_low:
    mov $0x10, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    xor %eax, %eax
    mov %eax, %fs
    mov %eax, %gs
    movabs $KERNEL_OFFSET, %rax
    lea entry64_high(%rip), %rdx
    add %rax, %rdx
    jmp *%rdx
entry64_high:
    /* the register state of an HRT entry (docs/hvm-abi.md), as a standalone boot knows it */
    movabs $KERNEL_OFFSET, %rax
    add %rax, %rsp
    mov %esi, %ebx
    add %rax, %rbx                        /* Multiboot 2 information, upper-half GVA */
    mov %ebp, %esi
    sub $LINK_BASE, %rsi                  /* load bias */
    xor %ecx, %ecx
    xor %edx, %edx                        /* core index 0 */
    mov $MB2_BOOT_MAGIC, %eax
    jmp entry64

    .balign 8
boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff              /* 0x08: 64-bit code */
    .quad 0x00cf92000000ffff              /* 0x10: data */
boot_gdtr:
    .short 23
    .long 0

    .balign 4096
    .globl boot_pml4, boot_pdpt, boot_pd
boot_pml4:  .fill 512, 8, 0
boot_pdpt:  .fill 512, 8, 0
boot_pd:    .fill 4*512, 8, 0
boot_stack: .fill KERNEL_STACK_SIZE, 1, 0
boot_stack_top:

/*
 * Multiboot 1 entry: 32-bit protected mode -> 64-bit long mode -> rt_start().
 *
 * The loader enters _start with EAX = 0x2BADB002, EBX = multiboot info, flat
 * 32-bit segments, paging and interrupts off.  We build our own GDT and page
 * tables (identity map of the first 4 GiB with 2 MiB pages), enable PAE,
 * EFER.LME and paging, and far-jump into the 64-bit code segment.
 */

#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003 /* bit 0: page-align modules, bit 1: memory info */

#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define MSR_EFER 0xC0000080
#define EFER_LME (1 << 8)
#define PTE_P_RW 0x003
#define PDE_2M_P_RW 0x083

#define SEL_CODE64 0x08
#define SEL_DATA 0x10

    .section .multiboot, "a"
    .balign 4
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)

    .section .text.boot, "ax"
    .code32
    .globl _start
    .type _start, @function
_start:
    cli
    cld
    /* EBP/ESI survive the rep stosb below; EDI/ECX/EAX do not. */
    movl %eax, %ebp
    movl %ebx, %esi

    /* The loader may or may not clear .bss; the page tables live there. */
    movl $__bss_start, %edi
    movl $__bss_end, %ecx
    subl %edi, %ecx
    xorl %eax, %eax
    rep stosb

    /* PML4[0] -> PDPT; PDPT[0..3] -> 4 page directories; 2048 2 MiB pages. */
    movl $pdpt + PTE_P_RW, pml4
    movl $pd + PTE_P_RW, %eax
    xorl %ecx, %ecx
1:  movl %eax, pdpt(,%ecx,8)
    addl $4096, %eax
    incl %ecx
    cmpl $4, %ecx
    jb 1b
    movl $PDE_2M_P_RW, %eax
    xorl %ecx, %ecx
2:  movl %eax, pd(,%ecx,8)  /* the high dword stays zero: all below 4 GiB */
    addl $0x200000, %eax
    incl %ecx
    cmpl $2048, %ecx
    jb 2b

    movl $pml4, %eax
    movl %eax, %cr3
    movl %cr4, %eax
    orl $CR4_PAE, %eax
    movl %eax, %cr4
    movl $MSR_EFER, %ecx
    rdmsr
    orl $EFER_LME, %eax
    wrmsr
    lgdt gdt_desc
    movl %cr0, %eax
    orl $CR0_PG, %eax
    movl %eax, %cr0
    ljmp $SEL_CODE64, $long_mode
    .size _start, . - _start

    .text
    .code64
long_mode:
    movl $SEL_DATA, %eax
    movl %eax, %ds
    movl %eax, %es
    movl %eax, %ss
    movl %eax, %fs
    movl %eax, %gs
    movq $stack_top, %rsp
    /* 32-bit moves zero-extend: upper register halves are undefined after the switch. */
    movl %ebp, %edi /* mb_magic */
    movl %esi, %esi /* mb_info */
    xorl %ebp, %ebp /* ends frame-pointer chains */
    call rt_start
3:  cli
    hlt
    jmp 3b

/*
 * Exception stubs: push a dummy error code where the CPU pushes none, then the
 * vector, and report.  Nothing returns: an unexpected exception ends the ROM.
 */
    .macro isr vec, has_error
isr\vec:
    .if !\has_error
    pushq $0
    .endif
    pushq $\vec
    jmp isr_common
    .endm

    .irp v, 0,1,2,3,4,5,6,7,9,15,16,18,19,20,22,23,24,25,26,27,28,31
    isr \v, 0
    .endr
    .irp v, 8,10,11,12,13,14,17,21,29,30
    isr \v, 1
    .endr

isr_common:
    movq %rsp, %rdi /* struct rt_exception_frame * */
    andq $-16, %rsp
    call rt_exception
4:  cli
    hlt
    jmp 4b

    .section .rodata
    .balign 8
    .globl rt_isr_table
rt_isr_table:
    .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .quad isr\v
    .endr

    .balign 8
gdt:
    .quad 0
    .quad 0x00AF9A000000FFFF /* 0x08: 64-bit code, DPL 0 */
    .quad 0x00CF92000000FFFF /* 0x10: flat data */
gdt_end:
gdt_desc:
    .word gdt_end - gdt - 1
    .quad gdt /* lgdt in 32-bit mode reads only the low 4 bytes of the base */

    .section .bss
    .balign 4096
pml4:
    .skip 4096
pdpt:
    .skip 4096
pd:
    .skip 4 * 4096
    .balign 16
    .skip 256 * 1024
stack_top:

    .section .note.GNU-stack, "", @progbits

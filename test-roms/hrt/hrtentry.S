/*
 * An HRT test image's Multiboot 2 header and entry (docs/hvm-abi.md): ELF64 linked at a fixed GPA in HRT
 * RAM (RELOC clear), mapped by the HVM in 2 MiB pages at the higher half, so the code runs at
 * 0xffff8000_00000000 + its link address while absolute data references use the lower-half identity map.
 */
#define MB2_MAGIC 0xe85250d6
#define HRT_FLAGS 0x200                 /* 2 MiB pages, not relocatable */
#define GVA_OFFSET 0xffff800000000000
#define UPCALL_VECTOR 0xf0

    .section .multiboot, "a"
    .balign 8
mb2_header:
    .long MB2_MAGIC, 0, mb2_end - mb2_header, -(MB2_MAGIC + (mb2_end - mb2_header))
    .balign 8
    .short 0xf00d, 0                    /* the HRT tag */
    .long 56
    .quad HRT_FLAGS
    .quad 0                             /* max_mem_to_map: all RAM */
    .quad GVA_OFFSET
    .quad 0                             /* gva_entry: the ELF entry + gva_offset */
    .quad 0                             /* comm_page_gpa: the HVM's choice */
    .byte UPCALL_VECTOR, 0, 0, 0, 0, 0, 0, 0
    .balign 8
    .short 0, 0                         /* end tag */
    .long 8
mb2_end:

    .text
    .globl _start
_start:
    /* hrt_main(rax magic, rbx info, rcx apic id, rdx index, rsi bias, rsp stack top) */
    mov %rsi, %r8
    mov %rsp, %r9
    mov %rcx, %r10
    mov %rdx, %rcx
    mov %r10, %rdx
    mov %rax, %rdi
    mov %rbx, %rsi
    call hrt_main
1:  cli
    hlt
    jmp 1b

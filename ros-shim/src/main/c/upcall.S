/*
 * The entry of the signal handler hvmctl installs with 0x40 (docs/hvm-abi.md, 0x41). The HVM enters it at
 * an arbitrary user instruction boundary with an interrupt-style frame and no register changed but rsp and
 * rip: at rsp, 16-byte aligned, the code, then the interrupted rip, cs, rflags, rsp and ss. Everything the
 * interrupted code may hold live (general registers, x87/SSE state) is saved around the C handler, and
 * `add $8, %rsp; iretq` returns to it with rip, rflags and rsp as they were.
 */
    .text
    .globl hvmctl_upcall_entry
    .type hvmctl_upcall_entry, @function
hvmctl_upcall_entry:
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, %rbp
    and $-64, %rsp
    sub $512, %rsp
    fxsave64 (%rsp)
    cld                         /* the C ABI's DF = 0; iretq restores the interrupted flags */
    mov 15*8(%rbp), %rdi        /* the code, at the frame's base above the 15 registers saved */
    call hvmctl_upcall
    fxrstor64 (%rsp)
    mov %rbp, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
    add $8, %rsp                /* the code */
    iretq
    .size hvmctl_upcall_entry, . - hvmctl_upcall_entry

    .section .note.GNU-stack, "", @progbits

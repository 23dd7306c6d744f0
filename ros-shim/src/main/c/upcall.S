/*
 * The entry of the signal handler hvmctl installs with 0x40. The HVM enters it at an arbitrary user
 * instruction boundary after rsp -= 128 (the red zone) and a push of the interrupted rip, with rdi = the
 * code: everything the interrupted code may hold live (general registers, flags, x87/SSE state) is saved
 * around the C handler, and `ret $128` returns to the interrupted rip with its rsp as it was.
 */
    .text
    .globl hvmctl_upcall_entry
    .type hvmctl_upcall_entry, @function
hvmctl_upcall_entry:
    pushfq
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
    and $-64, %rsp              /* the interrupted rsp has any alignment */
    sub $512, %rsp
    fxsave64 (%rsp)
    cld                         /* the C ABI's DF = 0; popfq restores the interrupted DF */
    call hvmctl_upcall          /* rdi = the code, as the HVM set it */
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
    popfq
    ret $128
    .size hvmctl_upcall_entry, . - hvmctl_upcall_entry

    .section .note.GNU-stack, "", @progbits

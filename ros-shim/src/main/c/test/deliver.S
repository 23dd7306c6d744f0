/*
 * void deliver_signal(const uint64_t *in, uint64_t *out, uint64_t code, uint64_t misalign)
 * Enters hvmctl_upcall_entry exactly as the HVM delivers a signal (docs/hvm-abi.md, 0x41): rsp -= 128,
 * the interrupted rip pushed, rip = the handler, rdi = code; the "interrupted" state being
 * in[0..13] = rax rbx rcx rdx rsi rbp r8..r15, in[14] = rflags, in[16..47] = xmm0..xmm15, with rsp lowered
 * by `misalign` bytes. Afterwards out[] gets the same layout and out[15] = rsp after minus rsp before.
 */
    .text
    .globl deliver_signal
    .type deliver_signal, @function
deliver_signal:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, saved_rsp(%rip)
    mov %rsi, out(%rip)
    mov %rdx, code(%rip)
    sub %rcx, %rsp
    mov %rsp, rsp_before(%rip)
    movdqu 128(%rdi), %xmm0
    movdqu 144(%rdi), %xmm1
    movdqu 160(%rdi), %xmm2
    movdqu 176(%rdi), %xmm3
    movdqu 192(%rdi), %xmm4
    movdqu 208(%rdi), %xmm5
    movdqu 224(%rdi), %xmm6
    movdqu 240(%rdi), %xmm7
    movdqu 256(%rdi), %xmm8
    movdqu 272(%rdi), %xmm9
    movdqu 288(%rdi), %xmm10
    movdqu 304(%rdi), %xmm11
    movdqu 320(%rdi), %xmm12
    movdqu 336(%rdi), %xmm13
    movdqu 352(%rdi), %xmm14
    movdqu 368(%rdi), %xmm15
    mov 0(%rdi), %rax
    mov 8(%rdi), %rbx
    mov 16(%rdi), %rcx
    mov 24(%rdi), %rdx
    mov 32(%rdi), %rsi
    mov 40(%rdi), %rbp
    mov 48(%rdi), %r8
    mov 56(%rdi), %r9
    mov 64(%rdi), %r10
    mov 72(%rdi), %r11
    mov 80(%rdi), %r12
    mov 88(%rdi), %r13
    mov 96(%rdi), %r14
    mov 104(%rdi), %r15
    push 112(%rdi)
    popfq
    mov code(%rip), %rdi
    lea -128(%rsp), %rsp
    call hvmctl_upcall_entry
    pushfq
    mov %rax, scratch(%rip)
    mov out(%rip), %rax
    popq 112(%rax)
    mov %rbx, 8(%rax)
    mov %rcx, 16(%rax)
    mov %rdx, 24(%rax)
    mov %rsi, 32(%rax)
    mov %rbp, 40(%rax)
    mov %r8, 48(%rax)
    mov %r9, 56(%rax)
    mov %r10, 64(%rax)
    mov %r11, 72(%rax)
    mov %r12, 80(%rax)
    mov %r13, 88(%rax)
    mov %r14, 96(%rax)
    mov %r15, 104(%rax)
    mov scratch(%rip), %rcx
    mov %rcx, 0(%rax)
    mov %rsp, %rcx
    sub rsp_before(%rip), %rcx
    mov %rcx, 120(%rax)
    movdqu %xmm0, 128(%rax)
    movdqu %xmm1, 144(%rax)
    movdqu %xmm2, 160(%rax)
    movdqu %xmm3, 176(%rax)
    movdqu %xmm4, 192(%rax)
    movdqu %xmm5, 208(%rax)
    movdqu %xmm6, 224(%rax)
    movdqu %xmm7, 240(%rax)
    movdqu %xmm8, 256(%rax)
    movdqu %xmm9, 272(%rax)
    movdqu %xmm10, 288(%rax)
    movdqu %xmm11, 304(%rax)
    movdqu %xmm12, 320(%rax)
    movdqu %xmm13, 336(%rax)
    movdqu %xmm14, 352(%rax)
    movdqu %xmm15, 368(%rax)
    mov saved_rsp(%rip), %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret
    .size deliver_signal, . - deliver_signal

    .bss
    .align 8
saved_rsp: .quad 0
rsp_before: .quad 0
out: .quad 0
code: .quad 0
scratch: .quad 0

    .section .note.GNU-stack, "", @progbits

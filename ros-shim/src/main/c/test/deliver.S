/*
 * void deliver_signal(const uint64_t *in, uint64_t *out, uint64_t code, uint64_t misalign)
 * Enters hvmctl_upcall_entry exactly as the HVM delivers a signal (docs/hvm-abi.md, 0x41): below the red
 * zone, 16-byte aligned, the frame ss, rsp, rflags, cs, rip (the interrupted ones) and the code; rsp = the
 * frame, rip = the handler, no other register changed. The "interrupted" state is
 * in[0..14] = rax rbx rcx rdx rsi rdi rbp r8..r15, in[15] = rflags, in[17..48] = xmm0..xmm15, with rsp
 * lowered by `misalign` bytes. Where the handler returns, out[] gets the same layout and
 * out[16] = rsp after minus rsp before.
 */
#define RFLAGS (15 * 8)
#define RSP_DELTA (16 * 8)
#define XMM(n) ((17 + 2 * (n)) * 8)

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
    sub %rcx, %rsp
    mov %rsp, rsp_before(%rip)
    /* the frame, as the HVM writes it */
    lea -128(%rsp), %rax
    and $-16, %rax
    mov %ss, %r8d
    mov %r8, -8(%rax)
    mov %rsp, -16(%rax)
    mov RFLAGS(%rdi), %r8
    mov %r8, -24(%rax)
    mov %cs, %r8d
    mov %r8, -32(%rax)
    lea resume(%rip), %r8
    mov %r8, -40(%rax)
    mov %rdx, -48(%rax)
    sub $48, %rax
    mov %rax, frame(%rip)
    /* the interrupted state */
    movdqu XMM(0)(%rdi), %xmm0
    movdqu XMM(1)(%rdi), %xmm1
    movdqu XMM(2)(%rdi), %xmm2
    movdqu XMM(3)(%rdi), %xmm3
    movdqu XMM(4)(%rdi), %xmm4
    movdqu XMM(5)(%rdi), %xmm5
    movdqu XMM(6)(%rdi), %xmm6
    movdqu XMM(7)(%rdi), %xmm7
    movdqu XMM(8)(%rdi), %xmm8
    movdqu XMM(9)(%rdi), %xmm9
    movdqu XMM(10)(%rdi), %xmm10
    movdqu XMM(11)(%rdi), %xmm11
    movdqu XMM(12)(%rdi), %xmm12
    movdqu XMM(13)(%rdi), %xmm13
    movdqu XMM(14)(%rdi), %xmm14
    movdqu XMM(15)(%rdi), %xmm15
    mov 0(%rdi), %rax
    mov 8(%rdi), %rbx
    mov 16(%rdi), %rcx
    mov 24(%rdi), %rdx
    mov 32(%rdi), %rsi
    mov 48(%rdi), %rbp
    mov 56(%rdi), %r8
    mov 64(%rdi), %r9
    mov 72(%rdi), %r10
    mov 80(%rdi), %r11
    mov 88(%rdi), %r12
    mov 96(%rdi), %r13
    mov 104(%rdi), %r14
    mov 112(%rdi), %r15
    push RFLAGS(%rdi)           /* in the red zone, above the frame */
    popfq
    mov 40(%rdi), %rdi
    /* the delivery: only rsp and rip change (mov and jmp leave the flags alone) */
    mov frame(%rip), %rsp
    jmp hvmctl_upcall_entry
resume:
    pushfq
    mov %rax, scratch(%rip)
    mov out(%rip), %rax
    popq RFLAGS(%rax)
    mov %rbx, 8(%rax)
    mov %rcx, 16(%rax)
    mov %rdx, 24(%rax)
    mov %rsi, 32(%rax)
    mov %rdi, 40(%rax)
    mov %rbp, 48(%rax)
    mov %r8, 56(%rax)
    mov %r9, 64(%rax)
    mov %r10, 72(%rax)
    mov %r11, 80(%rax)
    mov %r12, 88(%rax)
    mov %r13, 96(%rax)
    mov %r14, 104(%rax)
    mov %r15, 112(%rax)
    mov scratch(%rip), %rcx
    mov %rcx, 0(%rax)
    mov %rsp, %rcx
    sub rsp_before(%rip), %rcx
    mov %rcx, RSP_DELTA(%rax)
    movdqu %xmm0, XMM(0)(%rax)
    movdqu %xmm1, XMM(1)(%rax)
    movdqu %xmm2, XMM(2)(%rax)
    movdqu %xmm3, XMM(3)(%rax)
    movdqu %xmm4, XMM(4)(%rax)
    movdqu %xmm5, XMM(5)(%rax)
    movdqu %xmm6, XMM(6)(%rax)
    movdqu %xmm7, XMM(7)(%rax)
    movdqu %xmm8, XMM(8)(%rax)
    movdqu %xmm9, XMM(9)(%rax)
    movdqu %xmm10, XMM(10)(%rax)
    movdqu %xmm11, XMM(11)(%rax)
    movdqu %xmm12, XMM(12)(%rax)
    movdqu %xmm13, XMM(13)(%rax)
    movdqu %xmm14, XMM(14)(%rax)
    movdqu %xmm15, XMM(15)(%rax)
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
frame: .quad 0
out: .quad 0
scratch: .quad 0

    .section .note.GNU-stack, "", @progbits

/* The 256 interrupt entry stubs, each 16 bytes (the IDT is built from isr_stubs + 16 * vector, so no
 * table of pointers needs relocating), and the common path: save the registers as a struct frame, call
 * interrupt_dispatch(frame), continue on the frame it returns (another thread's, after a switch).
 *
 * Every gate names an IST stack of the core (interrupt.c), so every entry starts on a good stack. #DF,
 * NMI and #MC run their handlers there: they never switch threads. Every other vector may switch threads
 * (the timer, yield) or nest (an exception in a handler; an upcall, which arrives regardless of IF), and
 * a thread's saved context must outlive the entry, while the next entry through the same IST slot starts
 * at the slot's top again. So isr_copy first moves the CPU's frame from the IST stack onto the
 * interrupted stack (below its red zone, 16-byte aligned, where a non-IST entry would have put it) and
 * continues there: the IST stack is free again before anything can switch, nest or re-enable interrupts.
 * Interrupt gates clear IF, so only these can come between the CPU's push and the move: NMI and #MC
 * (their own slots, back before the copy goes on), an upcall (slot 7, copied onto this IST stack and back
 * before the copy goes on; the HVM sends the next upcall only after this core reported the last one
 * done), or a fault of the copy's own writes when the interrupted RSP is unusable: its entry overwrites
 * the frame if it shares the slot, and interrupt_dispatch reports it as such, fatal either way. */
#include "layout.h"

    .text
    .balign 16
    .globl isr_stubs
isr_stubs:
    vector = 0
    .rept 256
    .balign 16
    .if vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 || vector == 21 || vector == 29 || vector == 30
    .else
    pushq $0
    .endif
    pushq $vector
    .if vector == 2 || vector == 8 || vector == 18
    jmp isr_common
    .else
    jmp isr_copy
    .endif
    vector = vector + 1
    .endr

isr_copy:
    push %rax
    push %rcx
    /* rcx, rax, vector, error, rip, cs, rflags, rsp, ss at 0, 8, ... 64(%rsp) */
    mov 56(%rsp), %rax
    sub $RED_ZONE, %rax
    and $-16, %rax
    sub $72, %rax
    .globl isr_copy_writes
isr_copy_writes:
    offset = 64
    .rept 9
    mov offset(%rsp), %rcx
    mov %rcx, offset(%rax)
    offset = offset - 8
    .endr
    mov %rax, %rsp
    .globl isr_copy_writes_end
isr_copy_writes_end:
    pop %rcx
    pop %rax

isr_common:
    push %rax
    push %rcx
    push %rdx
    push %rbx
    push %rbp
    push %rsi
    push %rdi
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    cld
    mov %rsp, %rdi
    call interrupt_dispatch
    mov %rax, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rdi
    pop %rsi
    pop %rbp
    pop %rbx
    pop %rdx
    pop %rcx
    pop %rax
    add $16, %rsp
    iretq

/* u64 probe_load(u64 address, u64 *value): 1 and *value = the quadword at address, or 0 when reading it
 * takes a #PF, which interrupt_dispatch resumes at probe_load_fault. */
    .globl probe_load, probe_load_read, probe_load_fault
probe_load:
probe_load_read:
    mov (%rdi), %rax
    mov %rax, (%rsi)
    mov $1, %eax
    ret
probe_load_fault:
    xor %eax, %eax
    ret

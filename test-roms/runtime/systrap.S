/*
 * Trap entry for every vector, the SYS_TRY unwinder and the ring-3 entry of the
 * system runtime (see include/sys.h).
 */
    .text
    .code64

/* One stub per vector: a dummy error code where the CPU pushes none, then the vector. */
    .macro stub vec
    .balign 16
sys_isr\vec:
    .if !((\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30))
    pushq $0
    .endif
    pushq $\vec
    jmp sys_trap_entry
    .endm

    .globl sys_isr_base
    .balign 16
sys_isr_base:
    .altmacro
    .set v, 0
    .rept 256
    stub %v
    .set v, v + 1
    .endr
    .noaltmacro

sys_trap_entry:
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    cld
    movq %rsp, %rdi       /* struct sys_frame * */
    movq %rsp, %rbx
    andq $-16, %rsp
    call sys_trap         /* returns only to resume */
    movq %rbx, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rbx
    popq %rax
    addq $16, %rsp
    iretq

/* int sys_catch(void): saves the callee-saved registers, the stack and the return address. */
    .globl sys_catch
sys_catch:
    movq (%rsp), %rax
    movq %rax, sys_jmp + 0
    leaq 8(%rsp), %rax
    movq %rax, sys_jmp + 8
    movq %rbx, sys_jmp + 16
    movq %rbp, sys_jmp + 24
    movq %r12, sys_jmp + 32
    movq %r13, sys_jmp + 40
    movq %r14, sys_jmp + 48
    movq %r15, sys_jmp + 56
    movl $1, sys_armed
    xorl %eax, %eax
    ret

/* void sys_unwind(int value): back to the last sys_catch, which returns value. */
    .globl sys_unwind
sys_unwind:
    movl $0, sys_armed
    movl %edi, %eax
    movq sys_jmp + 8, %rsp
    movq sys_jmp + 16, %rbx
    movq sys_jmp + 24, %rbp
    movq sys_jmp + 32, %r12
    movq sys_jmp + 40, %r13
    movq sys_jmp + 48, %r14
    movq sys_jmp + 56, %r15
    movl $SEL_KDATA_VALUE, %ecx
    movl %ecx, %ds
    movl %ecx, %es
    movl %ecx, %ss
    jmp *sys_jmp + 0

/* sys_enter_user(fn, arg, stack, rflags): IRETQ to 64-bit ring 3. */
    .globl sys_enter_user
sys_enter_user:
    pushq $(0x30 | 3)     /* SS: SEL_UDATA */
    pushq %rdx
    pushq %rcx
    pushq $(0x38 | 3)     /* CS: SEL_UCODE64 */
    pushq %rdi
    movq %rsi, %rdi
    xorl %esi, %esi
    xorl %edx, %edx
    xorl %ecx, %ecx
    xorl %eax, %eax
    iretq

    .set SEL_KDATA_VALUE, 0x10

    .bss
    .balign 8
    .globl sys_jmp, sys_armed
sys_jmp:
    .skip 64
sys_armed:
    .skip 4

    .section .note.GNU-stack, "", @progbits

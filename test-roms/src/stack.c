/*
 * Stack instructions: PUSH/POP of registers, immediates and memory, 16-bit
 * PUSH/POP, the RSP special cases (PUSH RSP, POP RSP, POP [RSP], PUSH [RSP]),
 * PUSHF/POPF, ENTER (nesting levels 0, 1, 3) / LEAVE, and deep recursion.
 */
#include "rom.h"

static void test_push_pop(void)
{
    u64 a, b, sp0, sp1;

    __asm__ volatile("pushq %1\n\tpopq %0" : "=r"(a) : "r"(0x123456789ABCDEF0ull));
    CHECK_EQ(a, 0x123456789ABCDEF0ull, "push r64 / pop r64");

    __asm__ volatile("movq %%rsp, %[sp0]\n\tpushq $-1\n\tmovq %%rsp, %[sp1]\n\tpopq %[a]"
                     : [a] "=r"(a), [sp0] "=&r"(sp0), [sp1] "=&r"(sp1));
    CHECK(a == ~0ull && sp0 - sp1 == 8, "push imm8 sign-extends to 8 bytes");
    __asm__ volatile("pushq $0x12345678\n\tpopq %0" : "=r"(a));
    CHECK_EQ(a, 0x12345678, "push imm32");
    __asm__ volatile("pushq $-0x80000000\n\tpopq %0" : "=r"(a));
    CHECK_EQ(a, 0xFFFFFFFF80000000ull, "push imm32 sign-extends");

    static volatile u64 m1 = 0xAAAABBBBCCCCDDDDull, m2;
    __asm__ volatile("pushq %[m1]\n\tpopq %[m2]" : [m2] "=m"(m2) : [m1] "m"(m1));
    CHECK_EQ(m2, 0xAAAABBBBCCCCDDDDull, "push m64 / pop m64");

    __asm__ volatile("movq $0x1212, %%r12\n\tpushq %%r12\n\tpopq %%r13\n\tmovq %%r13, %0"
                     : "=r"(a)
                     :
                     : "r12", "r13");
    CHECK_EQ(a, 0x1212, "push r12 / pop r13 (REX.B)");

    /* Operand-size prefix: 2-byte pushes and pops. */
    b = 0x7777777777777777ull;
    __asm__ volatile("movq %%rsp, %[sp0]\n\tpushw $0x1234\n\tmovq %%rsp, %[sp1]\n\tpopw %w[b]"
                     : [b] "+r"(b), [sp0] "=&r"(sp0), [sp1] "=&r"(sp1));
    CHECK(b == 0x7777777777771234ull && sp0 - sp1 == 2, "pushw imm16 / popw r16");
    a = 0x1111111111115678ull;
    b = 0x7777777777777777ull;
    __asm__ volatile("pushw %w[a]\n\tpopw %w[b]" : [b] "+r"(b) : [a] "r"(a));
    CHECK_EQ(b, 0x7777777777775678ull, "pushw r16 / popw r16 keeps bits 16..63");
}

static void test_rsp_cases(void)
{
    u64 a, sp0, sp1;
    /* PUSH RSP stores the value before the decrement. */
    __asm__ volatile("movq %%rsp, %[sp0]\n\tpushq %%rsp\n\tpopq %[a]"
                     : [a] "=r"(a), [sp0] "=&r"(sp0));
    CHECK_EQ(a, sp0, "push rsp pushes the old rsp");
    /* POP RSP loads rsp from the stack: no increment afterwards. */
    __asm__ volatile("movq %%rsp, %[sp0]\n\tpushq %[sp0]\n\tpopq %%rsp\n\tmovq %%rsp, %[sp1]"
                     : [sp0] "=&r"(sp0), [sp1] "=&r"(sp1));
    CHECK_EQ(sp1, sp0, "pop rsp");
    /* POP [RSP]: the address is computed after the increment. */
    __asm__ volatile("pushq $0x55\n\tpushq $0x66\n\tpopq (%%rsp)\n\tpopq %[a]" : [a] "=r"(a));
    CHECK_EQ(a, 0x66, "pop [rsp] addresses after the increment");
    /* PUSH [RSP]: the address is computed before the decrement. */
    u64 b;
    __asm__ volatile("pushq $7\n\tpushq (%%rsp)\n\tpopq %[a]\n\tpopq %[b]" : [a] "=r"(a), [b] "=r"(b));
    CHECK(a == 7 && b == 7, "push [rsp]");
}

static void test_flags(void)
{
    u64 f;
    __asm__ volatile("pushq $0\n\tpopfq\n\tpushfq\n\tpopq %0" : "=r"(f));
    /* IF cannot change in a user-mode host run: ignore it. */
    CHECK_EQ(f & ~0x200ull, F_FIXED, "popf 0 / pushf: bit 1 reads as one");
    __asm__ volatile("pushq $0xCD5\n\tpopfq\n\tpushfq\n\tpopq %0\n\tcld" : "=r"(f));
    CHECK_EQ(f & 0xCD7, 0xCD7, "popf / pushf round trip (arithmetic flags and DF)");
    u64 sp0, sp1, w;
    __asm__ volatile("pushq $0x8C3\n\tpopfq\n\tmovq %%rsp, %[sp0]\n\tpushfw\n\tmovq %%rsp, %[sp1]\n\t"
                     "popw %w[w]\n\tpushq $2\n\tpopfq"
                     : [sp0] "=&r"(sp0), [sp1] "=&r"(sp1), [w] "=&r"(w)
                     :
                     : "cc");
    CHECK((w & 0x8D7) == 0x8C3 && sp0 - sp1 == 2, "pushfw pushes 2 bytes of flags");
}

/*
 * ENTER/LEAVE in a hand-written frame: rdi = out[]; out[0] = rsp before the first
 * ENTER (S0), the outer frame pointer is S0 + 16 with 0x1111 and 0x2222 below it.
 */
__asm__(".text\n"
        "enter_leave_test:\n\t"
        "pushq %rbp\n\t"
        "movq %rsp, %rbp\n\t"
        "pushq $0x1111\n\t"
        "pushq $0x2222\n\t"
        "movq %rsp, 0(%rdi)\n\t"
        "enter $24, $0\n\t"
        "movq %rsp, 8(%rdi)\n\t"
        "movq %rbp, 16(%rdi)\n\t"
        "movq (%rbp), %rax\n\t"
        "movq %rax, 24(%rdi)\n\t"
        "leave\n\t"
        "movq %rsp, 32(%rdi)\n\t"
        "movq %rbp, 40(%rdi)\n\t"
        "enter $16, $1\n\t"
        "movq %rsp, 48(%rdi)\n\t"
        "movq %rbp, 56(%rdi)\n\t"
        "movq -8(%rbp), %rax\n\t"
        "movq %rax, 64(%rdi)\n\t"
        "leave\n\t"
        "enter $8, $3\n\t"
        "movq %rsp, 72(%rdi)\n\t"
        "movq %rbp, 80(%rdi)\n\t"
        "movq -8(%rbp), %rax\n\t"
        "movq %rax, 88(%rdi)\n\t"
        "movq -16(%rbp), %rax\n\t"
        "movq %rax, 96(%rdi)\n\t"
        "movq -24(%rbp), %rax\n\t"
        "movq %rax, 104(%rdi)\n\t"
        "leave\n\t"
        "movq %rsp, 112(%rdi)\n\t"
        "addq $16, %rsp\n\t"
        "popq %rbp\n\t"
        "ret\n");
extern void enter_leave_test(u64 *out);

static void test_enter_leave(void)
{
    u64 o[15];
    __asm__ volatile("call enter_leave_test" : : "D"(o) : "rax", "memory");
    u64 s0 = o[0], f0 = s0 + 16;
    CHECK(o[1] == s0 - 32 && o[2] == s0 - 8 && o[3] == f0, "enter 24, 0");
    CHECK(o[4] == s0 && o[5] == f0, "leave");
    CHECK(o[6] == s0 - 32 && o[7] == s0 - 8 && o[8] == s0 - 8, "enter 16, 1");
    CHECK(o[9] == s0 - 40 && o[10] == s0 - 8 && o[11] == 0x1111 && o[12] == 0x2222 &&
              o[13] == s0 - 8,
          "enter 8, 3 copies two outer frame pointers");
    CHECK_EQ(o[14], s0, "leave after enter 8, 3");
}

static u64 __attribute__((noinline)) deep(u64 n)
{
    volatile u64 pad[2] = {n, n * 3};
    if (n == 0)
        return 0;
    return pad[0] + deep(n - 1) + (pad[1] & 1);
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    rt_puts("stack: push, pop, enter, leave\n");
    test_push_pop();
    test_rsp_cases();
    test_flags();
    test_enter_leave();
    /* sum(1..1000) + the number of odd 3n for n in 1..1000 (500) */
    CHECK_EQ(deep(OPAQUE(1000ull)), 500500 + 500, "recursion 1000 deep");
    return rom_finish();
}

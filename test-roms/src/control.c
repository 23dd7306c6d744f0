/*
 * Control flow and condition codes: Jcc (short and near), SETcc and CMOVcc for
 * all 16 conditions over a set of flag states; LOOP/LOOPE/LOOPNE, JRCXZ/JECXZ;
 * CALL/RET forms (direct, indirect through a register and memory, RET imm16,
 * REP RET), indirect and table jumps, recursion; multi-byte NOPs; CPUID (prints
 * the vendor) and RDTSC.
 */
#include "rom.h"

#define CC_LIST(X)                                                                         \
    X(o) X(no) X(b) X(ae) X(e) X(ne) X(be) X(a) X(s) X(ns) X(p) X(np) X(l) X(ge) X(le) X(g)

/* Each returns 1 when the condition holds for RFLAGS = fin. */
#define JCC_SHORT(cc)                                                                      \
    static u64 jshort_##cc(u64 fin)                                                        \
    {                                                                                      \
        u64 r;                                                                             \
        __asm__ volatile("movl $1, %k[r]\n\tpushq %[fi]\n\tpopfq\n\tj" #cc " 1f\n\t"         \
                         "movl $0, %k[r]\n1:"                                              \
                         : [r] "=&r"(r)                                                    \
                         : [fi] "r"(fin | F_FIXED)                                         \
                         : "cc");                                                          \
        return r;                                                                          \
    }
#define JCC_NEAR(cc)                                                                       \
    static u64 jnear_##cc(u64 fin)                                                         \
    {                                                                                      \
        u64 r;                                                                             \
        __asm__ volatile("movl $1, %k[r]\n\tpushq %[fi]\n\tpopfq\n\t%{disp32%} j" #cc " 1f\n\t" \
                         "movl $0, %k[r]\n1:"                                              \
                         : [r] "=&r"(r)                                                    \
                         : [fi] "r"(fin | F_FIXED)                                         \
                         : "cc");                                                          \
        return r;                                                                          \
    }
/* SETcc writes only the low byte. */
#define SETCC(cc)                                                                          \
    static u64 set_##cc(u64 fin)                                                           \
    {                                                                                      \
        u64 r = 0xA5A5A5A5A5A5A5A5ull;                                                     \
        __asm__ volatile("pushq %[fi]\n\tpopfq\n\tset" #cc " %b[r]"                        \
                         : [r] "+r"(r)                                                     \
                         : [fi] "r"(fin | F_FIXED)                                         \
                         : "cc");                                                          \
        return r;                                                                          \
    }
#define CMOVCC(cc)                                                                         \
    static u64 cmov64_##cc(u64 fin)                                                        \
    {                                                                                      \
        u64 r = 0x1111111111111111ull, s = 0x2222222222222222ull;                          \
        __asm__ volatile("pushq %[fi]\n\tpopfq\n\tcmov" #cc "q %[s], %[r]"                 \
                         : [r] "+r"(r)                                                     \
                         : [s] "r"(s), [fi] "r"(fin | F_FIXED)                             \
                         : "cc");                                                          \
        return r;                                                                          \
    }                                                                                      \
    static u64 cmov32_##cc(u64 fin)                                                        \
    {                                                                                      \
        u64 r = 0x1111111111111111ull, s = 0x2222222222222222ull;                          \
        __asm__ volatile("pushq %[fi]\n\tpopfq\n\tcmov" #cc "l %k[s], %k[r]"               \
                         : [r] "+r"(r)                                                     \
                         : [s] "r"(s), [fi] "r"(fin | F_FIXED)                             \
                         : "cc");                                                          \
        return r;                                                                          \
    }                                                                                      \
    static u64 cmov16_##cc(u64 fin)                                                        \
    {                                                                                      \
        u64 r = 0x1111111111111111ull, s = 0x2222222222222222ull;                          \
        static volatile u16 m;                                                             \
        m = (u16)s;                                                                        \
        __asm__ volatile("pushq %[fi]\n\tpopfq\n\tcmov" #cc "w %[m], %w[r]"                \
                         : [r] "+r"(r)                                                     \
                         : [m] "m"(m), [fi] "r"(fin | F_FIXED)                             \
                         : "cc");                                                          \
        return r;                                                                          \
    }

CC_LIST(JCC_SHORT)
CC_LIST(JCC_NEAR)
CC_LIST(SETCC)
CC_LIST(CMOVCC)

typedef u64 (*cc_fn)(u64 fin);
#define FN_ENTRY(prefix, cc) prefix##cc,
#define J_SHORT(cc) FN_ENTRY(jshort_, cc)
#define J_NEAR(cc) FN_ENTRY(jnear_, cc)
#define SET(cc) FN_ENTRY(set_, cc)
#define CMOV64(cc) FN_ENTRY(cmov64_, cc)
#define CMOV32(cc) FN_ENTRY(cmov32_, cc)
#define CMOV16(cc) FN_ENTRY(cmov16_, cc)
#define NAME(cc) #cc,
static const cc_fn jshort[16] = {CC_LIST(J_SHORT)};
static const cc_fn jnear[16] = {CC_LIST(J_NEAR)};
static const cc_fn setcc[16] = {CC_LIST(SET)};
static const cc_fn cmov64[16] = {CC_LIST(CMOV64)};
static const cc_fn cmov32[16] = {CC_LIST(CMOV32)};
static const cc_fn cmov16[16] = {CC_LIST(CMOV16)};
static const char *const cc_names[16] = {CC_LIST(NAME)};

/* Flag states and, per state, bit n set when condition n (o, no, b, ae, ...) holds. */
static const struct {
    u16 flags, taken;
} cc_states[] = {
    {0, 0xAAAA},
    {F_CF, 0xAA66},
    {F_ZF, 0x6A5A},
    {F_SF, 0x59AA},
    {F_OF, 0x5AA9},
    {F_SF | F_OF, 0xA9A9},
    {F_PF, 0xA6AA},
    {F_ARITH, 0x6555},
    {F_ZF | F_SF, 0x595A},
};

static void test_conditions(void)
{
    for (unsigned s = 0; s < ARRAY_SIZE(cc_states); s++) {
        u64 fin = cc_states[s].flags;
        u32 js = 0, jn = 0, st = 0, c64 = 0, c32 = 0, c16 = 0, bad_set = 0;
        for (int cc = 0; cc < 16; cc++) {
            u64 t = (cc_states[s].taken >> cc) & 1;
            js |= (u32)(jshort[cc](fin) == t) << cc;
            jn |= (u32)(jnear[cc](fin) == t) << cc;
            u64 sv = setcc[cc](fin);
            st |= (u32)((sv & 0xFF) == t) << cc;
            bad_set |= sv >> 8 != 0xA5A5A5A5A5A5A5ull;
            c64 |= (u32)(cmov64[cc](fin) == (t ? 0x2222222222222222ull : 0x1111111111111111ull)) << cc;
            /* A 32-bit CMOV writes (zero-extends) its destination even when false. */
            c32 |= (u32)(cmov32[cc](fin) == (t ? 0x22222222ull : 0x11111111ull)) << cc;
            c16 |= (u32)(cmov16[cc](fin) == (t ? 0x1111111111112222ull : 0x1111111111111111ull)) << cc;
        }
        /* One line per instruction kind and state; the mask shows which conditions agree. */
        CHECK_EQ(js, 0xFFFF, "jcc rel8, flags 0x%03lx (mask of correct conditions)", fin);
        CHECK_EQ(jn, 0xFFFF, "jcc rel32, flags 0x%03lx", fin);
        CHECK_EQ(st, 0xFFFF, "setcc, flags 0x%03lx", fin);
        CHECK(!bad_set, "setcc keeps bits 8..63, flags 0x%03lx", fin);
        CHECK_EQ(c64, 0xFFFF, "cmovcc r64, flags 0x%03lx", fin);
        CHECK_EQ(c32, 0xFFFF, "cmovcc r32, flags 0x%03lx", fin);
        CHECK_EQ(c16, 0xFFFF, "cmovcc r16, m16, flags 0x%03lx", fin);
    }
    rt_printf("conditions checked:");
    for (int cc = 0; cc < 16; cc++)
        rt_printf(" %s", cc_names[cc]);
    rt_putc('\n');
}

static void test_loops(void)
{
    u64 c = 5, n = 0;
    __asm__ volatile("1: incq %[n]\n\tloop 1b" : "+c"(c), [n] "+r"(n) : : "cc");
    CHECK(n == 5 && c == 0, "loop (5 iterations)");

    static const u64 threes[5] = {3, 3, 3, 4, 3};
    const u64 *p = threes;
    c = 5;
    n = 0;
    __asm__ volatile("1: incq %[n]\n\tcmpq $3, (%[p])\n\tleaq 8(%[p]), %[p]\n\tloope 1b"
                     : "+c"(c), [n] "+r"(n), [p] "+r"(p)
                     : "m"(threes)
                     : "cc");
    CHECK(n == 4 && c == 1, "loope stops when ZF=0");

    static const u64 nz[4] = {1, 2, 0, 5};
    p = nz;
    c = 4;
    n = 0;
    __asm__ volatile("1: incq %[n]\n\tcmpq $0, (%[p])\n\tleaq 8(%[p]), %[p]\n\tloopne 1b"
                     : "+c"(c), [n] "+r"(n), [p] "+r"(p)
                     : "m"(nz)
                     : "cc");
    CHECK(n == 3 && c == 1, "loopne stops when ZF=1");

    u64 r;
#define JCX(insn, rcx, exp)                                                                 \
    __asm__ volatile("movl $1, %k[r]\n\t" insn " 1f\n\tmovl $0, %k[r]\n1:"                  \
                     : [r] "=&r"(r)                                                        \
                     : "c"((u64)(rcx)));                                                   \
    CHECK_EQ(r, exp, insn " with rcx=0x%lx", (u64)(rcx))
    JCX("jrcxz", 0, 1);
    JCX("jrcxz", 0x100000000ull, 0);
    JCX("jecxz", 0x100000000ull, 1);
    JCX("jecxz", 1, 0);
#undef JCX
}

/* Helpers with hand-written calling conventions. */
__asm__(".text\n"
        "ctl_ret42:\n\tmovl $42, %eax\n\tret\n"
        /* returns its first stack argument and pops two: RET imm16 */
        "ctl_ret_pop16:\n\tmovq 8(%rsp), %rax\n\tret $16\n"
        /* REP RET, as older compilers emitted it */
        "ctl_rep_ret:\n\tmovl $7, %eax\n\trep ret\n");
extern char ctl_ret42[], ctl_ret_pop16[], ctl_rep_ret[];
static void *volatile ctl_fnptr = ctl_ret42;

static u64 __attribute__((noinline)) fib(u64 n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static u64 __attribute__((noinline)) ackermann(u64 m, u64 n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static u64 __attribute__((noinline)) classify(u64 x)
{
    switch (x) { /* dense enough for a compiler jump table */
    case 0: return 11;
    case 1: return 22;
    case 2: return 33;
    case 3: return 44;
    case 4: return 55;
    case 5: return 66;
    case 6: return 77;
    case 7: return 88;
    default: return 99;
    }
}

static void test_calls(void)
{
    u64 r, sp0, sp1;
    __asm__ volatile("call 1f\n\tjmp 2f\n1:\tmovl $42, %k0\n\tret\n2:" : "=r"(r));
    CHECK_EQ(r, 42, "call rel32 / ret");

    __asm__ volatile("call *%1" : "=a"(r) : "r"(ctl_ret42) : "memory");
    CHECK_EQ(r, 42, "call r64");
    __asm__ volatile("call *%1" : "=a"(r) : "m"(ctl_fnptr) : "memory");
    CHECK_EQ(r, 42, "call m64");
    __asm__ volatile("call ctl_rep_ret" : "=a"(r) : : "memory");
    CHECK_EQ(r, 7, "rep ret");

    __asm__ volatile("movq %%rsp, %[sp0]\n\tpushq $7\n\tpushq $5\n\tcall ctl_ret_pop16\n\t"
                     "movq %%rsp, %[sp1]"
                     : "=a"(r), [sp0] "=&r"(sp0), [sp1] "=&r"(sp1)
                     :
                     : "memory");
    CHECK(r == 5 && sp0 == sp1, "ret imm16 pops the arguments");

    u64 t;
    __asm__ volatile("leaq 1f(%%rip), %[t]\n\tmovl $1, %k[r]\n\tjmp *%[t]\n\tmovl $0, %k[r]\n1:"
                     : [r] "=&r"(r), [t] "=&r"(t));
    CHECK_EQ(r, 1, "jmp r64");

    u64 sum = 0;
    for (u64 i = 0; i < 4; i++) {
        __asm__ volatile(".pushsection .rodata\n\t.balign 8\n"
                         "9:\t.quad 10f, 11f, 12f, 13f\n\t.popsection\n\t"
                         "jmp *9b(,%[i],8)\n"
                         "10:\tmovl $1, %k[r]\n\tjmp 19f\n"
                         "11:\tmovl $10, %k[r]\n\tjmp 19f\n"
                         "12:\tmovl $100, %k[r]\n\tjmp 19f\n"
                         "13:\tmovl $1000, %k[r]\n"
                         "19:"
                         : [r] "=r"(r)
                         : [i] "r"(i));
        sum += r;
    }
    CHECK_EQ(sum, 1111, "jmp m64 through a table");

    u64 acc = 0;
    for (u64 i = 0; i < 10; i++)
        acc = acc * 3 + classify(OPAQUE(i));
    CHECK_EQ(acc, 487080, "switch jump table");

    CHECK_EQ(fib(OPAQUE(20ull)), 6765, "recursive fib(20)");
    CHECK_EQ(ackermann(2, OPAQUE(3ull)), 9, "recursive ackermann(2, 3)");
}

static void test_nops(void)
{
    u64 a = 0x0123456789ABCDEFull, b = 0xFEDCBA9876543210ull, f;
    u64 fin = F_CF | F_ZF | F_OF;
    __asm__ volatile("pushq %[fi]\n\tpopfq\n\t"
                     ".byte 0x90\n\t"                                        /* nop */
                     ".byte 0x66, 0x90\n\t"                                  /* xchg ax, ax */
                     ".byte 0x0F, 0x1F, 0x00\n\t"                            /* nop [rax] */
                     ".byte 0x0F, 0x1F, 0x40, 0x00\n\t"                      /* nop [rax+0] */
                     ".byte 0x0F, 0x1F, 0x44, 0x00, 0x00\n\t"                /* nop [rax+rax+0] */
                     ".byte 0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00\n\t"
                     ".byte 0x0F, 0x1F, 0x80, 0x00, 0x00, 0x00, 0x00\n\t"    /* disp32 */
                     ".byte 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00\n\t"
                     ".byte 0x66, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00\n\t"
                     ".byte 0x66, 0x2E, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00\n\t"
                     "pause\n\t"
                     "pushfq\n\tpopq %[f]"
                     : "+a"(a), "+b"(b), [f] "=&r"(f)
                     : [fi] "r"(fin | F_FIXED)
                     : "cc");
    CHECK(a == 0x0123456789ABCDEFull && b == 0xFEDCBA9876543210ull, "multi-byte nops keep registers");
    check_flags(f, fin, F_ARITH, "multi-byte nops keep flags");
}

static void test_cpuid_rdtsc(void)
{
    u32 a, b, c, d;
    cpuid(0, 0, &a, &b, &c, &d);
    char vendor[13];
    memcpy(vendor, &b, 4);
    memcpy(vendor + 4, &d, 4);
    memcpy(vendor + 8, &c, 4);
    vendor[12] = 0;
    int printable = 1;
    for (int i = 0; i < 12; i++)
        printable &= vendor[i] >= 0x20 && vendor[i] < 0x7F;
    rt_printf("cpuid: vendor \"%s\", max leaf 0x%x\n", vendor, a);
    CHECK(printable, "cpuid leaf 0: vendor string is printable");
    CHECK(a >= 1, "cpuid leaf 0: max leaf >= 1");

    u32 maxext;
    cpuid(0x80000000u, 0, &maxext, &b, &c, &d);
    CHECK(maxext >= 0x80000001u, "cpuid 0x80000000: extended leaves present");
    if (maxext >= 0x80000001u) {
        cpuid(0x80000001u, 0, &a, &b, &c, &d);
        CHECK(d & (1u << 29), "cpuid 0x80000001: long mode (we are in it)");
    }
    if (maxext >= 0x80000004u) {
        u32 brand[13];
        for (u32 i = 0; i < 3; i++)
            cpuid(0x80000002u + i, 0, &brand[4 * i], &brand[4 * i + 1], &brand[4 * i + 2],
                  &brand[4 * i + 3]);
        brand[12] = 0;
        rt_printf("cpuid: brand \"%s\"\n", (const char *)brand);
    }
    /* CPUID writes 32-bit registers: the upper halves are cleared. */
    u64 ra = ~0ull, rb = ~0ull, rc = ~0ull, rd = ~0ull;
    __asm__ volatile("movl $0, %%eax\n\tcpuid" : "+a"(ra), "+b"(rb), "+c"(rc), "+d"(rd));
    CHECK(!(ra >> 32) && !(rb >> 32) && !(rc >> 32) && !(rd >> 32), "cpuid zero-extends");

    u64 lo = ~0ull, hi = ~0ull;
    __asm__ volatile("rdtsc" : "+a"(lo), "+d"(hi));
    CHECK(!(lo >> 32) && !(hi >> 32), "rdtsc zero-extends rax and rdx");
    u64 t0 = rdtsc(), t1 = rdtsc();
    volatile u64 spin = 0;
    for (int i = 0; i < 1000; i++)
        spin += (u64)i;
    u64 t2 = rdtsc();
    CHECK(t0 <= t1 && t1 < t2, "rdtsc increases");
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    rt_puts("control: branches, conditions, calls, cpuid, rdtsc\n");
    test_conditions();
    test_loops();
    test_calls();
    test_nops();
    test_cpuid_rdtsc();
    return rom_finish();
}

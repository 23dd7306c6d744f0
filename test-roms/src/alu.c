/*
 * Integer ALU: ADD/ADC/SUB/SBB/AND/OR/XOR/CMP/TEST/INC/DEC/NEG/NOT at every width
 * (table from tools/gen_vectors.py), immediate and memory forms, high-byte
 * registers, MOV/LEA forms and zero-extension rules, CBW..CQO, MOVSX/MOVZX/MOVSXD,
 * LAHF/SAHF, CLC/STC/CMC, and XCHG/CMPXCHG/CMPXCHG8B/CMPXCHG16B/XADD.
 */
#include "rom.h"

struct alu_vec {
    u8 op, w;
    u64 d, s;
    u16 fin;
    u64 res;
    u16 fout, mask;
};
#include "vectors/alu.h"

typedef u64 (*alu_fn)(u64 d, u64 s, u64 fin, u64 *fout);

#define STUB(name, insn)                                                                   \
    static u64 name(u64 d, u64 s, u64 fin, u64 *fout)                                      \
    {                                                                                      \
        u64 f;                                                                             \
        ASM_FLAGS2(insn, d, s, fin, f);                                                    \
        *fout = f;                                                                         \
        return d;                                                                          \
    }
#define BINARY(op)                                                                         \
    STUB(op##8, #op "b %b[s], %b[d]")                                                      \
    STUB(op##16, #op "w %w[s], %w[d]")                                                     \
    STUB(op##32, #op "l %k[s], %k[d]")                                                     \
    STUB(op##64, #op "q %q[s], %q[d]")
#define UNARY(op)                                                                          \
    STUB(op##8, #op "b %b[d]")                                                             \
    STUB(op##16, #op "w %w[d]")                                                            \
    STUB(op##32, #op "l %k[d]")                                                            \
    STUB(op##64, #op "q %q[d]")

BINARY(add)
BINARY(adc)
BINARY(sub)
BINARY(sbb)
BINARY(and)
BINARY(or)
BINARY(xor)
BINARY(cmp)
BINARY(test)
UNARY(inc)
UNARY(dec)
UNARY(neg)
UNARY(not)

#define ROW(op) {op##8, op##16, op##32, op##64}
static const alu_fn alu_fns[][4] = {ROW(add), ROW(adc), ROW(sub), ROW(sbb), ROW(and),
                                    ROW(or),  ROW(xor), ROW(cmp), ROW(test), ROW(inc),
                                    ROW(dec), ROW(neg), ROW(not)};
static const unsigned widths[] = {8, 16, 32, 64};

static void test_table(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(alu_vecs); i++) {
        const struct alu_vec *v = &alu_vecs[i];
        u64 f;
        u64 r = alu_fns[v->op][v->w](v->d, v->s, v->fin, &f);
        check_rf(r, v->res, f, v->fout, v->mask, "%s%u 0x%lx, 0x%lx (flags in 0x%x)",
                 alu_op_names[v->op], widths[v->w], v->d, v->s, v->fin);
    }
}

/* One instruction with a register destination %[d]; s is available as %[s]. */
#define T_REG(name, insn, dval, sval, fin, exp, expf, mask)                                \
    do {                                                                                   \
        u64 d_ = (dval), s_ = (sval), f_;                                                  \
        ASM_FLAGS2(insn, d_, s_, fin, f_);                                                 \
        check_rf(d_, exp, f_, expf, mask, name);                                           \
    } while (0)

/* Same with the destination pinned to RAX, for the short accumulator encodings. */
#define T_ACC(name, insn, dval, fin, exp, expf, mask)                                      \
    do {                                                                                   \
        u64 d_ = (dval), f_;                                                               \
        __asm__ volatile("pushq %[fi]\n\tpopfq\n\t" insn "\n\tpushfq\n\tpopq %[fo]"         \
                         : "+a"(d_), [fo] "=&r"(f_)                                        \
                         : [fi] "r"((u64)(fin) | F_FIXED)                                  \
                         : "cc");                                                          \
        check_rf(d_, exp, f_, expf, mask, name);                                           \
    } while (0)

static void test_immediates(void)
{
    T_REG("add r64, imm8 (sign-extended)", "addq $-1, %[d]", 5, 0, 0, 4, F_CF | F_AF, F_ARITH);
    T_ACC("add rax, imm32 (short form)", "addq $0x7fffffff, %%rax", 1, 0, 0x80000000, F_PF | F_AF,
          F_ARITH);
    T_ACC("add eax, imm32 zero-extends", "addl $0x7fffffff, %%eax", 0xABCDEF0000000001ull, 0,
          0x80000000, F_OF | F_SF | F_PF | F_AF, F_ARITH);
    T_REG("and r64, imm8 (-16)", "andq $-16, %[d]", 0x123456789ABCDEF7ull, 0, F_ARITH,
          0x123456789ABCDEF0ull, F_PF, F_ARITH & ~F_AF);
    T_REG("sub r64, imm32 (0x80)", "subq $0x80, %[d]", 0x100, 0, F_ARITH, 0x80, 0, F_ARITH);
    T_ACC("cmp al, imm8 (short form)", "cmpb $0x80, %%al", 0x7F, 0, 0x7F,
          F_CF | F_SF | F_OF | F_PF, F_ARITH);
    T_ACC("adc ax, imm16 (short form)", "adcw $0x1234, %%ax", 0x5555555555EDCBull, F_CF,
          0x55555555550000ull, F_CF | F_ZF | F_PF | F_AF, F_ARITH);
    T_REG("or r64, imm32 (sign-extended)", "orq $-0x80000000, %[d]", 1, 0, 0,
          0xFFFFFFFF80000001ull, F_SF, F_ARITH & ~F_AF);
    T_REG("xor r8, imm8", "xorb $0xff, %b[d]", 0x777777777777770Full, 0, 0, 0x77777777777777F0ull,
          F_SF | F_PF, F_ARITH & ~F_AF);
    T_REG("test r32, imm32 keeps the register", "testl $0x80000000, %k[d]", 0x9999999980000000ull,
          0, 0, 0x9999999980000000ull, F_SF | F_PF, F_ARITH & ~F_AF);
    T_REG("adc r16, imm8 (sign-extended)", "adcw $-2, %w[d]", 0x1111111111110001ull, 0, F_CF,
          0x1111111111110000ull, F_CF | F_ZF | F_PF | F_AF, F_ARITH);
    T_REG("sbb r32, imm8", "sbbl $1, %k[d]", 0x2222222200000001ull, 0, F_CF, 0xFFFFFFFFull,
          F_CF | F_SF | F_PF | F_AF, F_ARITH);
}

static volatile u64 m64;
static volatile u32 m32;

/* ASM_FLAGS2 with a memory destination %[m]. */
#define ASM_FLAGS_M(insn, mem, src, fin, fout)                                             \
    __asm__ volatile("pushq %[fi]\n\tpopfq\n\t" insn "\n\tpushfq\n\tpopq %[fo]"           \
                     : [m] "+m"(mem), [fo] "=&r"(fout)                                     \
                     : [s] "r"(src), [fi] "r"((u64)(fin) | F_FIXED)                        \
                     : "cc")

static void test_memory_operands(void)
{
    u64 f, s;

    m64 = ~0ull;
    s = 1;
    ASM_FLAGS_M("addq %[s], %[m]", m64, s, 0, f);
    check_rf(m64, 0, f, F_CF | F_ZF | F_PF | F_AF, F_ARITH, "add m64, r64");

    u64 d = 0xAAAAAAAA00000005ull;
    m32 = 7;
    __asm__ volatile("pushq $2\n\tpopfq\n\tsubl %[m], %k[d]\n\tpushfq\n\tpopq %[f]"
                     : [d] "+r"(d), [f] "=r"(f)
                     : [m] "m"(m32)
                     : "cc");
    check_rf(d, 0xFFFFFFFE, f, F_CF | F_SF | F_AF, F_ARITH, "sub r32, m32 zero-extends");

    m64 = 0x1111222233337FFFull;
    __asm__ volatile("pushq $3\n\tpopfq\n\tlock incw %[m]\n\tpushfq\n\tpopq %[f]"
                     : [m] "+m"(m64), [f] "=r"(f)
                     :
                     : "cc");
    check_rf(m64, 0x1111222233338000ull, f, F_OF | F_SF | F_AF | F_PF | F_CF, F_ARITH,
             "lock inc m16 keeps CF and neighbours");

    m64 = 0x55555555555555AAull;
    __asm__ volatile("pushq $0x8d7\n\tpopfq\n\tnotb %[m]\n\tpushfq\n\tpopq %[f]"
                     : [m] "+m"(m64), [f] "=r"(f)
                     :
                     : "cc");
    check_rf(m64, 0x5555555555555555ull, f, F_ARITH, F_ARITH, "not m8 changes no flags");

    m64 = 1;
    __asm__ volatile("pushq $2\n\tpopfq\n\tnegq %[m]\n\tpushfq\n\tpopq %[f]"
                     : [m] "+m"(m64), [f] "=r"(f)
                     :
                     : "cc");
    check_rf(m64, ~0ull, f, F_CF | F_SF | F_PF | F_AF, F_ARITH, "neg m64");

    m64 = 5;
    s = 6;
    ASM_FLAGS_M("cmpq %[s], %[m]", m64, s, 0, f);
    check_rf(m64, 5, f, F_CF | F_SF | F_PF | F_AF, F_ARITH, "cmp m64, r64");

    m64 = 0xF0F0F0F0F0F0F0F0ull;
    s = 0x0F0F0F0F0F0F0F0Full;
    ASM_FLAGS_M("lock xorq %[s], %[m]", m64, s, 0, f);
    check_rf(m64, ~0ull, f, F_SF | F_PF, F_ARITH & ~F_AF, "lock xor m64, r64");

    m64 = 0x8000000000000000ull;
    s = 0;
    ASM_FLAGS_M("lock sbbq %[s], %[m]", m64, s, F_CF, f);
    check_rf(m64, 0x7FFFFFFFFFFFFFFFull, f, F_OF | F_AF | F_PF, F_ARITH, "lock sbb m64 (CF=1)");

    m64 = 0x00000000FFFFFFFFull;
    __asm__ volatile("lock addl $1, %[m]" : [m] "+m"(m64) : : "cc");
    CHECK_EQ(m64, 0, "lock add m32, imm8 wraps within 32 bits");

    m64 = 0x1234567812345678ull;
    __asm__ volatile("movq $-1, %[m]" : [m] "=m"(m64));
    CHECK_EQ(m64, ~0ull, "mov m64, imm32 (sign-extended)");
    __asm__ volatile("movl $0x11223344, %[m]" : [m] "+m"(m64));
    CHECK_EQ(m64, 0xFFFFFFFF11223344ull, "mov m32, imm32 leaves the upper half");
}

static void test_high_byte_registers(void)
{
    u64 a = 0x1122334455667788ull, b = 0xAAAAAAAAAAAAAAAAull;
    __asm__ volatile("movb %%ah, %%bl" : "+a"(a), "+b"(b));
    CHECK_EQ(b, 0xAAAAAAAAAAAAAA77ull, "mov bl, ah");

    u64 f;
    a = 0x1122334455667788ull;
    __asm__ volatile("pushq $2\n\tpopfq\n\taddb %%ah, %%al\n\tpushfq\n\tpopq %[f]"
                     : "+a"(a), [f] "=r"(f)
                     :
                     : "cc");
    check_rf(a, 0x11223344556677FFull, f, F_SF | F_PF, F_ARITH, "add al, ah");

    a = 0x1122334455667788ull;
    __asm__ volatile("xchgb %%ah, %%al" : "+a"(a));
    CHECK_EQ(a, 0x1122334455668877ull, "xchg ah, al");

    u64 si = 0x123456789ABCDE5Aull;
    a = 0x1111111111111111ull;
    __asm__ volatile("movb %%sil, %%al" : "+a"(a) : "S"(si));
    CHECK_EQ(a, 0x111111111111115Aull, "mov al, sil (REX: sil, not dh)");

    b = 0;
    __asm__ volatile("movb $0x99, %%bh" : "+b"(b));
    CHECK_EQ(b, 0x9900, "mov bh, imm8");

    u64 d = 0x12FF34;
    __asm__ volatile("pushq $2\n\tpopfq\n\tincb %%dh\n\tpushfq\n\tpopq %[f]"
                     : "+d"(d), [f] "=r"(f)
                     :
                     : "cc");
    check_rf(d, 0x120034, f, F_ZF | F_PF | F_AF, F_ARITH, "inc dh");

    u64 c = 0xFFFF;
    __asm__ volatile("movzbl %%ch, %%ecx" : "+c"(c));
    CHECK_EQ(c, 0xFF, "movzx ecx, ch");
}

static u64 mov_target __attribute__((used)) = 0x0123456789ABCDEFull;
static u8 mov_byte __attribute__((used));

static void test_mov_forms(void)
{
    u64 d = 0;
    __asm__ volatile("movabsq $0x123456789ABCDEF0, %0" : "=r"(d));
    CHECK_EQ(d, 0x123456789ABCDEF0ull, "movabs r64, imm64");
    __asm__ volatile("movq $-2, %0" : "=r"(d));
    CHECK_EQ(d, 0xFFFFFFFFFFFFFFFEull, "mov r64, imm32 sign-extends");
    d = OPAQUE(0x5555555555555555ull);
    __asm__ volatile("movl $0xFFFFFFFF, %k0" : "+r"(d));
    CHECK_EQ(d, 0xFFFFFFFFull, "mov r32, imm32 zero-extends");
    d = OPAQUE(~0ull);
    __asm__ volatile("movw $0x1234, %w0" : "+r"(d));
    CHECK_EQ(d, 0xFFFFFFFFFFFF1234ull, "mov r16, imm16 keeps bits 16..63");
    __asm__ volatile("movb $0x12, %b0" : "+r"(d));
    CHECK_EQ(d, 0xFFFFFFFFFFFF1212ull, "mov r8, imm8 keeps bits 8..63");
    u64 s = OPAQUE(0xFFFFFFFF87654321ull);
    d = OPAQUE(~0ull);
    __asm__ volatile("movl %k1, %k0" : "+r"(d) : "r"(s));
    CHECK_EQ(d, 0x87654321, "mov r32, r32 zero-extends");

    u64 a;
    __asm__ volatile("movabsq mov_target, %%rax" : "=a"(a));
    CHECK_EQ(a, 0x0123456789ABCDEFull, "movabs rax, moffs64");
    a = 0x42;
    __asm__ volatile("movabsb %%al, mov_byte" : : "a"(a) : "memory");
    CHECK_EQ(mov_byte, 0x42, "movabs moffs64, al");

    static const u64 table[4] = {10, 20, 30, 40};
    u64 base = (u64)(uintptr_t)table, idx = OPAQUE(2ull);
    __asm__ volatile("movq 8(%1,%2,8), %0" : "=r"(d) : "r"(base), "r"(idx), "m"(table));
    CHECK_EQ(d, 40, "mov r64, [base + index*8 + disp8]");
}

static u64 lea_sym;

static void test_lea(void)
{
    u64 d, b = OPAQUE(0x1000ull), i = OPAQUE(3ull);
    __asm__("leaq 0x10(%1,%2,4), %0" : "=r"(d) : "r"(b), "r"(i));
    CHECK_EQ(d, 0x101C, "lea base + index*4 + disp8");
    b = OPAQUE(0ull);
    __asm__("leaq -1(%1), %0" : "=r"(d) : "r"(b));
    CHECK_EQ(d, ~0ull, "lea base - 1 wraps");
    b = OPAQUE(0xFFFFFFFFull);
    i = OPAQUE(2ull);
    d = OPAQUE(~0ull);
    __asm__("leal (%1,%2), %k0" : "+r"(d) : "r"(b), "r"(i));
    CHECK_EQ(d, 1, "lea r32 truncates and zero-extends");
    b = OPAQUE(0xFFFFull);
    d = OPAQUE(0xAAAAAAAAAAAAAAAAull);
    __asm__("leaw 1(%1), %w0" : "+r"(d) : "r"(b));
    CHECK_EQ(d, 0xAAAAAAAAAAAA0000ull, "lea r16 keeps bits 16..63");
    i = OPAQUE(5ull);
    __asm__("leaq 0(,%1,8), %0" : "=r"(d) : "r"(i));
    CHECK_EQ(d, 40, "lea index*8 without base");
    b = OPAQUE(0xFFFFFFFFull);
    i = OPAQUE(2ull);
    __asm__("leaq (%k1,%k2), %0" : "=r"(d) : "r"(b), "r"(i));
    CHECK_EQ(d, 1, "lea with 32-bit address size (0x67) wraps at 4 GiB");
    __asm__("leaq lea_sym(%%rip), %0" : "=r"(d));
    CHECK_EQ(d, (u64)(uintptr_t)&lea_sym, "lea rip-relative");
    /* rbp/r13 bases need a displacement byte, rsp/r12 bases need a SIB byte. */
    __asm__("movq $0x100, %%r13\n\tmovq $0x20, %%r12\n\t"
            "leaq (%%r13), %0\n\tleaq 4(%%r12,%%r13,2), %%r12\n\taddq %%r12, %0"
            : "=r"(d)
            :
            : "r12", "r13");
    CHECK_EQ(d, 0x100 + 0x224, "lea with r13 and r12 bases");
}

static void test_sign_extension(void)
{
    u64 a, d;
#define CONV(insn, ain, aexp, dexp)                                                 \
    a = (ain);                                                                             \
    d = 0x2222222222222222ull;                                                             \
    __asm__ volatile(insn : "+a"(a), "+d"(d));                                             \
    CHECK_EQ(a, aexp, insn " rax (0x%lx)", (u64)(ain));                                   \
    CHECK_EQ(d, dexp, insn " rdx (0x%lx)", (u64)(ain))
    CONV("cbw", 0x1111111111111180ull, 0x111111111111FF80ull, 0x2222222222222222ull);
    CONV("cbw", 0x1111111111111234ull, 0x1111111111110034ull, 0x2222222222222222ull);
    CONV("cwde", 0x1111111111118000ull, 0xFFFF8000ull, 0x2222222222222222ull);
    CONV("cwde", 0x1111111111117FFFull, 0x7FFFull, 0x2222222222222222ull);
    CONV("cdqe", 0x1111111180000000ull, 0xFFFFFFFF80000000ull, 0x2222222222222222ull);
    CONV("cdqe", 0x111111117FFFFFFFull, 0x7FFFFFFFull, 0x2222222222222222ull);
    CONV("cwd", 0x1111111111118000ull, 0x1111111111118000ull, 0x222222222222FFFFull);
    CONV("cwd", 0x1111111111117FFFull, 0x1111111111117FFFull, 0x2222222222220000ull);
    CONV("cdq", 0x1111111180000000ull, 0x1111111180000000ull, 0xFFFFFFFFull);
    CONV("cdq", 0x111111117FFFFFFFull, 0x111111117FFFFFFFull, 0);
    CONV("cqo", 0x8000000000000000ull, 0x8000000000000000ull, ~0ull);
    CONV("cqo", 0x7FFFFFFFFFFFFFFFull, 0x7FFFFFFFFFFFFFFFull, 0);
#undef CONV

#define EXT(insn, sval, exp)                                                               \
    d = OPAQUE(0x3333333333333333ull);                                                     \
    __asm__(insn : "+r"(d) : "r"((u64)(sval)));                                            \
    CHECK_EQ(d, exp, "%s", insn)
    EXT("movsbw %b1, %w0", 0x1280, 0x333333333333FF80ull);
    EXT("movsbl %b1, %k0", 0x1280, 0xFFFFFF80ull);
    EXT("movsbq %b1, %q0", 0x1280, 0xFFFFFFFFFFFFFF80ull);
    EXT("movsbq %b1, %q0", 0x127F, 0x7Full);
    EXT("movswl %w1, %k0", 0x128001, 0xFFFF8001ull);
    EXT("movswq %w1, %q0", 0x128001, 0xFFFFFFFFFFFF8001ull);
    EXT("movslq %k1, %q0", 0x1280000001ull, 0xFFFFFFFF80000001ull);
    EXT("movslq %k1, %q0", 0x127FFFFFFFull, 0x7FFFFFFFull);
    EXT("movzbw %b1, %w0", 0x1280, 0x3333333333330080ull);
    EXT("movzbl %b1, %k0", 0x1280, 0x80ull);
    EXT("movzbq %b1, %q0", 0x12FF, 0xFFull);
    EXT("movzwl %w1, %k0", 0x128001, 0x8001ull);
    EXT("movzwq %w1, %q0", 0x12FFFF, 0xFFFFull);
#undef EXT
    static volatile i8 m8 = -2;
    __asm__ volatile("movsbq %1, %0" : "=r"(d) : "m"(m8));
    CHECK_EQ(d, (u64)-2, "movsx r64, m8");
}

static void test_flag_ops(void)
{
    u64 a, f;
#define FLAGOP(insn, ain, fin, aexp, fexp)                                                  \
    a = (ain);                                                                             \
    __asm__ volatile("pushq %[fi]\n\tpopfq\n\t" insn "\n\tpushfq\n\tpopq %[f]"               \
                     : "+a"(a), [f] "=&r"(f)                                               \
                     : [fi] "r"((u64)(fin) | F_FIXED)                                      \
                     : "cc");                                                              \
    check_rf(a, aexp, f, fexp, F_ARITH, insn " (flags in 0x%x)", (unsigned)(fin))
    FLAGOP("sahf", 0xD500, F_OF, 0xD500, F_OF | F_SF | F_ZF | F_AF | F_PF | F_CF);
    FLAGOP("sahf", 0x0000, F_ARITH, 0, F_OF);
    FLAGOP("sahf", 0x2A00, 0, 0x2A00, 0); /* bits 1, 3 and 5 of AH are ignored */
    FLAGOP("lahf", 0x1111111111111111ull, F_CF | F_ZF, 0x1111111111114311ull, F_CF | F_ZF);
    FLAGOP("lahf", 0x1111111111111111ull, F_SF | F_AF | F_PF | F_OF, 0x1111111111119611ull,
           F_SF | F_AF | F_PF | F_OF);
    FLAGOP("clc", 0, F_ARITH, 0, F_ARITH & ~F_CF);
    FLAGOP("stc", 0, 0, 0, F_CF);
    FLAGOP("cmc", 0, F_CF | F_ZF, 0, F_ZF);
    FLAGOP("cmc", 0, F_SF, 0, F_SF | F_CF);
#undef FLAGOP
}

static volatile u64 x64 __attribute__((aligned(16)));
static volatile u64 x128[2] __attribute__((aligned(16)));

static void test_exchange(void)
{
    u64 a = 1, b = 2;
    __asm__ volatile("xchgq %0, %1" : "+r"(a), "+r"(b));
    CHECK(a == 2 && b == 1, "xchg r64, r64");
    a = 0xFFFFFFFF00000001ull;
    b = 0xEEEEEEEE00000002ull;
    __asm__ volatile("xchgl %k0, %k1" : "+r"(a), "+r"(b));
    CHECK(a == 2 && b == 1, "xchg r32, r32 zero-extends both");
    a = 0xFFFFFFFFFFFF0001ull;
    b = 0xEEEEEEEEEEEE0002ull;
    __asm__ volatile("xchgw %w0, %w1" : "+r"(a), "+r"(b));
    CHECK(a == 0xFFFFFFFFFFFF0002ull && b == 0xEEEEEEEEEEEE0001ull, "xchg r16, r16");
    a = 0xFFFFFFFFFFFFFF01ull;
    b = 0xEEEEEEEEEEEEEE02ull;
    __asm__ volatile("xchgb %b0, %b1" : "+q"(a), "+q"(b));
    CHECK(a == 0xFFFFFFFFFFFFFF02ull && b == 0xEEEEEEEEEEEEEE01ull, "xchg r8, r8");
    a = ~0ull;
    __asm__ volatile(".byte 0x87, 0xC0" : "+a"(a)); /* xchg eax, eax: not a NOP */
    CHECK_EQ(a, 0xFFFFFFFFull, "xchg eax, eax (87 C0) zero-extends");
    a = ~0ull;
    __asm__ volatile(".byte 0x90" : "+a"(a));
    CHECK_EQ(a, ~0ull, "nop (90) leaves rax alone");
    a = 0x1111;
    {
        register u64 r8 __asm__("r8") = 0x8888;
        __asm__ volatile("xchgq %%r8, %%rax" : "+a"(a), "+r"(r8)); /* 49 90 */
        CHECK(a == 0x8888 && r8 == 0x1111, "xchg r8, rax (REX.B 90)");
    }
    x64 = 5;
    a = 6;
    __asm__ volatile("xchgq %0, %1" : "+r"(a), "+m"(x64));
    CHECK(a == 5 && x64 == 6, "xchg r64, m64");

    /* CMPXCHG: flags as CMP accumulator, destination. */
    u64 f, s;
    x64 = 7;
    a = 7;
    s = 9;
    __asm__ volatile("pushq $2\n\tpopfq\n\tlock cmpxchgq %[s], %[m]\n\tpushfq\n\tpopq %[f]"
                     : "+a"(a), [m] "+m"(x64), [f] "=&r"(f)
                     : [s] "r"(s)
                     : "cc");
    CHECK(a == 7 && x64 == 9, "lock cmpxchg m64 (equal): stores");
    check_flags(f, F_ZF | F_PF, F_ARITH, "lock cmpxchg m64 (equal): flags");
    x64 = 7;
    a = 5;
    __asm__ volatile("pushq $2\n\tpopfq\n\tlock cmpxchgq %[s], %[m]\n\tpushfq\n\tpopq %[f]"
                     : "+a"(a), [m] "+m"(x64), [f] "=&r"(f)
                     : [s] "r"(s)
                     : "cc");
    CHECK(a == 7 && x64 == 7, "lock cmpxchg m64 (different): loads rax");
    check_flags(f, F_CF | F_SF | F_AF, F_ARITH, "lock cmpxchg m64 (different): flags");

    x64 = 0x99999999FFFFFFF7ull;
    a = 0xAAAAAAAA00000005ull;
    __asm__ volatile("cmpxchgl %k[s], %[m]" : "+a"(a), [m] "+m"(x64) : [s] "r"(s) : "cc");
    CHECK(a == 0xFFFFFFF7ull && x64 == 0x99999999FFFFFFF7ull,
          "cmpxchg m32 (different): loads eax, zero-extended");
    a = 0xAAAAAAAAFFFFFFF7ull;
    __asm__ volatile("cmpxchgl %k[s], %[m]" : "+a"(a), [m] "+m"(x64) : [s] "r"(s) : "cc");
    CHECK((u32)a == 0xFFFFFFF7u && x64 == 0x9999999900000009ull, "cmpxchg m32 (equal): stores");

    x64 = 0x1234;
    a = 0xAAAAAAAAAAAA5634ull;
    s = 0x77;
    __asm__ volatile("lock cmpxchgb %b[s], %[m]" : "+a"(a), [m] "+m"(x64) : [s] "q"(s) : "cc");
    CHECK(a == 0xAAAAAAAAAAAA5634ull && x64 == 0x1277, "lock cmpxchg m8 (equal)");
    __asm__ volatile("lock cmpxchgb %b[s], %[m]" : "+a"(a), [m] "+m"(x64) : [s] "q"(s) : "cc");
    CHECK(a == 0xAAAAAAAAAAAA5677ull && x64 == 0x1277, "lock cmpxchg m8 (different)");
    x64 = 0xBEEF;
    a = 0xAAAAAAAAAAAABEEFull;
    s = 0xF00D;
    __asm__ volatile("cmpxchgw %w[s], %[m]" : "+a"(a), [m] "+m"(x64) : [s] "r"(s) : "cc");
    CHECK(a == 0xAAAAAAAAAAAABEEFull && x64 == 0xF00D, "cmpxchg m16 (equal)");

    u64 d = 0x1234;
    a = 0x1234;
    s = 0x5678;
    __asm__ volatile("cmpxchgq %[s], %[d]" : "+a"(a), [d] "+r"(d) : [s] "r"(s) : "cc");
    CHECK(a == 0x1234 && d == 0x5678, "cmpxchg r64 (equal)");

    /* CMPXCHG8B: EDX:EAX against m64, ECX:EBX stored on success; only ZF changes. */
    x64 = 0x1111111122222222ull;
    u64 lo = 0x22222222, hi = 0x11111111;
    __asm__ volatile("pushq $2\n\tpopfq\n\tlock cmpxchg8b %[m]\n\tpushfq\n\tpopq %[f]"
                     : "+a"(lo), "+d"(hi), [m] "+m"(x64), [f] "=&r"(f)
                     : "b"(0x44444444ull), "c"(0x33333333ull)
                     : "cc");
    CHECK(x64 == 0x3333333344444444ull && (u32)lo == 0x22222222u && (u32)hi == 0x11111111u,
          "lock cmpxchg8b (equal): stores ecx:ebx");
    check_flags(f, F_ZF, F_ZF, "lock cmpxchg8b (equal): ZF");
    lo = 0xAAAAAAAA00000000ull;
    hi = 0xBBBBBBBB00000000ull;
    __asm__ volatile("pushq $0x8d7\n\tpopfq\n\tlock cmpxchg8b %[m]\n\tpushfq\n\tpopq %[f]"
                     : "+a"(lo), "+d"(hi), [m] "+m"(x64), [f] "=&r"(f)
                     : "b"(0ull), "c"(0ull)
                     : "cc");
    CHECK(lo == 0x44444444 && hi == 0x33333333 && x64 == 0x3333333344444444ull,
          "lock cmpxchg8b (different): loads edx:eax, zero-extended");
    check_flags(f, F_ARITH & ~F_ZF, F_ARITH, "lock cmpxchg8b (different): only ZF changes");

    u32 a1, b1, c1, d1;
    cpuid(1, 0, &a1, &b1, &c1, &d1);
    if (c1 & (1u << 13)) {
        x128[0] = 1;
        x128[1] = 2;
        lo = 1;
        hi = 2;
        __asm__ volatile("lock cmpxchg16b %[m]\n\tpushfq\n\tpopq %[f]"
                         : "+a"(lo), "+d"(hi), [m] "+m"(x128), [f] "=&r"(f)
                         : "b"(0x1111111111111111ull), "c"(0x2222222222222222ull)
                         : "cc");
        CHECK(x128[0] == 0x1111111111111111ull && x128[1] == 0x2222222222222222ull && (f & F_ZF),
              "lock cmpxchg16b (equal): stores rcx:rbx");
        lo = 1;
        hi = 2;
        __asm__ volatile("lock cmpxchg16b %[m]\n\tpushfq\n\tpopq %[f]"
                         : "+a"(lo), "+d"(hi), [m] "+m"(x128), [f] "=&r"(f)
                         : "b"(0ull), "c"(0ull)
                         : "cc");
        CHECK(lo == 0x1111111111111111ull && hi == 0x2222222222222222ull && !(f & F_ZF),
              "lock cmpxchg16b (different): loads rdx:rax");
    } else
        check_skip("cmpxchg16b: CPUID.1:ECX.CX16 clear");

    /* XADD: destination gets the sum, the source the old destination. */
    d = 0x7FFFFFFFFFFFFFFFull;
    s = 1;
    __asm__ volatile("pushq $2\n\tpopfq\n\txaddq %[s], %[d]\n\tpushfq\n\tpopq %[f]"
                     : [d] "+r"(d), [s] "+r"(s), [f] "=&r"(f)
                     :
                     : "cc");
    check_rf(d, 0x8000000000000000ull, f, F_OF | F_SF | F_AF | F_PF, F_ARITH, "xadd r64, r64");
    CHECK_EQ(s, 0x7FFFFFFFFFFFFFFFull, "xadd r64, r64: source gets the old destination");
    x64 = 0x55555555FFFFFFFFull;
    s = 0xAAAAAAAA00000001ull;
    __asm__ volatile("lock xaddl %k[s], %[m]" : [m] "+m"(x64), [s] "+r"(s) : : "cc");
    CHECK(x64 == 0x5555555500000000ull && s == 0xFFFFFFFFull, "lock xadd m32, r32");
    x64 = 0x00FF;
    s = 0xAAAAAAAAAAAAAA01ull;
    __asm__ volatile("lock xaddb %b[s], %[m]" : [m] "+m"(x64), [s] "+q"(s) : : "cc");
    CHECK(x64 == 0x0000 && s == 0xAAAAAAAAAAAAAAFFull, "lock xadd m8, r8");
    x64 = 0x1234;
    s = 0xAAAAAAAAAAAA1111ull;
    __asm__ volatile("lock xaddw %w[s], %[m]" : [m] "+m"(x64), [s] "+r"(s) : : "cc");
    CHECK(x64 == 0x2345 && s == 0xAAAAAAAAAAAA1234ull, "lock xadd m16, r16");
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    rt_puts("alu: integer arithmetic and logic\n");
    test_table();
    test_immediates();
    test_memory_operands();
    test_high_byte_registers();
    test_mov_forms();
    test_lea();
    test_sign_extension();
    test_flag_ops();
    test_exchange();
    return rom_finish();
}

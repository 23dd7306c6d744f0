/*
 * MUL/IMUL (one, two and three operands) and DIV/IDIV at every width: table from
 * tools/gen_vectors.py plus immediate and memory forms and a self-checking
 * divide loop.  No divide faults: there is no #DE test yet.
 */
#include "rom.h"

struct muldiv_vec {
    u8 op, w;
    u64 rax, rdx, src, rax_out, rdx_out;
    u16 fout, mask;
};
#include "vectors/muldiv.h"

typedef u64 (*muldiv_fn)(u64 *rax, u64 *rdx, u64 src);

/* One-operand forms work on RDX:RAX; returns RFLAGS afterwards. */
#define STUB1(name, insn)                                                                  \
    static u64 name(u64 *rax, u64 *rdx, u64 src)                                           \
    {                                                                                      \
        u64 a = *rax, d = *rdx, f;                                                         \
        __asm__ volatile("pushq $2\n\tpopfq\n\t" insn "\n\tpushfq\n\tpopq %[f]"              \
                         : "+a"(a), "+d"(d), [f] "=&r"(f)                                  \
                         : [s] "r"(src)                                                    \
                         : "cc");                                                          \
        *rax = a;                                                                          \
        *rdx = d;                                                                          \
        return f;                                                                          \
    }
#define ONE_OPERAND(op)                                                                    \
    STUB1(op##8, #op "b %b[s]")                                                            \
    STUB1(op##16, #op "w %w[s]")                                                           \
    STUB1(op##32, #op "l %k[s]")                                                           \
    STUB1(op##64, #op "q %q[s]")

ONE_OPERAND(mul)
ONE_OPERAND(imul)
ONE_OPERAND(div)
ONE_OPERAND(idiv)

/* Two-operand IMUL: the destination is the value passed in *rax. */
#define STUB2(name, insn)                                                                  \
    static u64 name(u64 *rax, u64 *rdx, u64 src)                                           \
    {                                                                                      \
        u64 d = *rax, f;                                                                   \
        (void)rdx;                                                                         \
        ASM_FLAGS2(insn, d, src, 0, f);                                                    \
        *rax = d;                                                                          \
        return f;                                                                          \
    }
STUB2(imul2_16, "imulw %w[s], %w[d]")
STUB2(imul2_32, "imull %k[s], %k[d]")
STUB2(imul2_64, "imulq %q[s], %q[d]")

#define ROW(op) {op##8, op##16, op##32, op##64}
static const muldiv_fn muldiv_fns[][4] = {
    ROW(mul), ROW(imul), ROW(div), ROW(idiv), {0, imul2_16, imul2_32, imul2_64}};
static const unsigned widths[] = {8, 16, 32, 64};

static void test_table(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(muldiv_vecs); i++) {
        const struct muldiv_vec *v = &muldiv_vecs[i];
        u64 a = v->rax, d = v->rdx;
        u64 f = muldiv_fns[v->op][v->w](&a, &d, v->src);
        check_rf(a, v->rax_out, f, v->fout, v->mask, "%s%u rax=0x%lx rdx=0x%lx src=0x%lx: rax",
                 muldiv_op_names[v->op], widths[v->w], v->rax, v->rdx, v->src);
        CHECK_EQ(d, v->rdx_out, "%s%u rax=0x%lx rdx=0x%lx src=0x%lx: rdx", muldiv_op_names[v->op],
                 widths[v->w], v->rax, v->rdx, v->src);
    }
}

#define OC (F_OF | F_CF)

static void test_other_forms(void)
{
    u64 d, s, f;
#define T(name, insn, dval, sval, exp, expf)                                                \
    d = (dval);                                                                            \
    s = (sval);                                                                            \
    ASM_FLAGS2(insn, d, s, 0, f);                                                          \
    check_rf(d, exp, f, expf, OC, name)
    T("imul r64, r64, imm8", "imulq $-3, %[s], %[d]", 0x5555, 0x1000, 0xFFFFFFFFFFFFD000ull, 0);
    T("imul r32, r32, imm32 (overflow)", "imull $0x10000, %k[s], %k[d]", 0x5555555555555555ull,
      0x10000, 0, OC);
    T("imul r16, r16, imm8 (overflow)", "imulw $-1, %w[s], %w[d]", 0x5555555555555555ull, 0x8000,
      0x5555555555558000ull, OC);
    T("imul r64, r64, imm32", "imulq $100000, %[s], %[d]", 0, (u64)-123456789,
      (u64)-12345678900000ll, 0);
    T("imul r32, r32, imm8 (negative result)", "imull $7, %k[s], %k[d]", 0, 0xFFFFFFFF,
      0xFFFFFFF9ull, 0);
#undef T

    static volatile u64 m;
    m = 0x100000000ull;
    d = 0x100000000ull;
    __asm__ volatile("imulq %[m], %[d]\n\tpushfq\n\tpopq %[f]"
                     : [d] "+r"(d), [f] "=r"(f)
                     : [m] "m"(m)
                     : "cc");
    check_rf(d, 0, f, OC, OC, "imul r64, m64 (overflow)");

    u64 a = 0xFFFFFFFFFFFFFFFFull, dx = 0;
    m = 0xFFFFFFFFFFFFFFFFull;
    __asm__ volatile("mulq %[m]" : "+a"(a), "+d"(dx) : [m] "m"(m) : "cc");
    CHECK(a == 1 && dx == 0xFFFFFFFFFFFFFFFEull, "mul m64: (2^64-1)^2");

    a = 0xAAAAAAAA00000064ull; /* 100 */
    dx = 0xBBBBBBBB00000000ull;
    m = 0x5555555500000007ull; /* divl reads the low dword: 7 */
    __asm__ volatile("divl %[m]" : "+a"(a), "+d"(dx) : [m] "m"(m) : "cc");
    CHECK(a == 14 && dx == 2, "div m32 zero-extends quotient and remainder");

    a = (u64)-1000;
    dx = ~0ull;
    m = (u64)-7;
    __asm__ volatile("idivq %[m]" : "+a"(a), "+d"(dx) : [m] "m"(m) : "cc");
    CHECK(a == 142 && dx == (u64)-6, "idiv m64: -1000 / -7");
}

/* 128/64-bit division round trips on pseudo-random values (self-consistency). */
static void test_division_loop(void)
{
    u64 x = 0x9E3779B97F4A7C15ull, bad = 0;
    for (int i = 0; i < 500; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        u64 n_hi = (x >> 7) & 0xFFFF, n_lo = x * 31, dv = (x >> 3) | 0x10000; /* q fits */
        u64 q = n_lo, r = n_hi;
        __asm__("divq %2" : "+a"(q), "+d"(r) : "r"(dv) : "cc");
        /* q * dv + r == n_hi:n_lo, r < dv */
        u64 plo = q, phi;
        __asm__("mulq %2" : "+a"(plo), "=d"(phi) : "r"(dv) : "cc");
        u64 lo = plo + r, hi = phi + (lo < plo);
        if (lo != n_lo || hi != n_hi || r >= dv)
            bad++;
        i64 sn = (i64)x >> (i & 31), sd = (i64)((x >> 20) | 1) * ((i & 1) ? -1 : 1);
        i64 sq = sn, sr;
        __asm__("cqo\n\tidivq %2" : "+a"(sq), "=&d"(sr) : "r"(sd) : "cc");
        if (sq * sd + sr != sn || (sr != 0 && (sr < 0) != (sn < 0)))
            bad++;
    }
    CHECK_EQ(bad, 0, "div/idiv r64: 500 random round trips");
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    rt_puts("muldiv: multiply and divide\n");
    test_table();
    test_other_forms();
    test_division_loop();
    return rom_finish();
}

/*
 * Shifts and rotates: SHL/SHR/SAR/ROL/ROR/RCL/RCR and SHLD/SHRD at every width
 * with the count in CL (table from tools/gen_vectors.py: counts 0, 1, the
 * width, beyond it and masked), plus by-1, immediate and memory forms.
 */
#include "rom.h"

struct shift_vec {
    u8 op, w;
    u64 d, s;
    u8 count;
    u16 fin;
    u64 res;
    u16 fout, mask;
};
#include "vectors/shifts.h"

typedef u64 (*shift_fn)(u64 d, u64 s, u64 rcx, u64 fin, u64 *fout);

#define STUB(name, insn)                                                                   \
    static u64 name(u64 d, u64 s, u64 rcx, u64 fin, u64 *fout)                             \
    {                                                                                      \
        u64 f;                                                                             \
        __asm__ volatile("pushq %[fi]\n\tpopfq\n\t" insn "\n\tpushfq\n\tpopq %[fo]"         \
                         : [d] "+&r"(d), [fo] "=&r"(f)                                     \
                         : [s] "r"(s), "c"(rcx), [fi] "r"(fin | F_FIXED)                   \
                         : "cc");                                                          \
        *fout = f;                                                                         \
        return d;                                                                          \
    }
#define BY_CL(op)                                                                          \
    STUB(op##8, #op "b %%cl, %b[d]")                                                       \
    STUB(op##16, #op "w %%cl, %w[d]")                                                      \
    STUB(op##32, #op "l %%cl, %k[d]")                                                      \
    STUB(op##64, #op "q %%cl, %q[d]")
#define DOUBLE_BY_CL(op)                                                                   \
    STUB(op##16, #op "w %%cl, %w[s], %w[d]")                                               \
    STUB(op##32, #op "l %%cl, %k[s], %k[d]")                                               \
    STUB(op##64, #op "q %%cl, %q[s], %q[d]")

BY_CL(shl)
BY_CL(shr)
BY_CL(sar)
BY_CL(rol)
BY_CL(ror)
BY_CL(rcl)
BY_CL(rcr)
DOUBLE_BY_CL(shld)
DOUBLE_BY_CL(shrd)

#define ROW(op) {op##8, op##16, op##32, op##64}
#define ROW_NO8(op) {0, op##16, op##32, op##64}
static const shift_fn shift_fns[][4] = {ROW(shl), ROW(shr), ROW(sar),      ROW(rol),     ROW(ror),
                                        ROW(rcl), ROW(rcr), ROW_NO8(shld), ROW_NO8(shrd)};
static const unsigned widths[] = {8, 16, 32, 64};

static void test_table(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(shift_vecs); i++) {
        const struct shift_vec *v = &shift_vecs[i];
        u64 f;
        /* Garbage above CL: only CL counts. */
        u64 r = shift_fns[v->op][v->w](v->d, v->s, 0x5A5A5A5A5A5A5A00ull | v->count, v->fin, &f);
        check_rf(r, v->res, f, v->fout, v->mask, "%s%u 0x%lx, cl=%u (src 0x%lx, flags in 0x%x)",
                 shift_op_names[v->op], widths[v->w], v->d, v->count, v->s, v->fin);
    }
}

#define SZP (F_SF | F_ZF | F_PF)

static void test_other_forms(void)
{
    u64 d, s, f;
#define T(name, insn, dval, sval, fin, exp, expf, mask)                                     \
    d = (dval);                                                                            \
    s = (sval);                                                                            \
    ASM_FLAGS2(insn, d, s, fin, f);                                                        \
    check_rf(d, exp, f, expf, mask, name)

    T("shl r64, imm8", "shlq $4, %[d]", 0x0FEDCBA987654321ull, 0, 0, 0xFEDCBA9876543210ull, F_SF,
      F_CF | SZP);
    T("sar r32, imm8 zero-extends", "sarl $31, %k[d]", 0x1234567880000000ull, 0, 0, 0xFFFFFFFFull,
      F_SF | F_PF, F_CF | SZP);
    T("ror r16, imm8 keeps SF/ZF/PF/AF", "rorw $8, %w[d]", 0x1111111111111234ull, 0, F_ZF | F_SF,
      0x1111111111113412ull, F_ZF | F_SF, F_CF | SZP | F_AF);
    T("rol r8, imm8", "rolb $3, %b[d]", 0x77777777777777A5ull, 0, 0, 0x777777777777772Dull, F_CF,
      F_CF | SZP | F_AF);
    T("shld r64, r64, imm8", "shldq $12, %[s], %[d]", 0x123456789ABCDEF0ull, 0xFEDCBA9876543210ull,
      0, 0x456789ABCDEF0FEDull, F_CF | F_PF, F_CF | SZP);
    T("shrd r32, r32, imm8", "shrdl $7, %k[s], %k[d]", 0xFFFFFFFF00000080ull, 0x7F, 0,
      0xFE000001ull, F_SF, F_CF | SZP);
    T("shl r32, imm8 33 (masked to 1)", "shll $33, %k[d]", 0x40000000, 0, 0, 0x80000000,
      F_OF | F_SF | F_PF, F_CF | F_OF | SZP);
    T("shl r64, 1 (D1 /4)", "shlq %[d]", 0x8000000000000001ull, 0, 0, 2, F_CF | F_OF,
      F_CF | F_OF | SZP);
#undef T

    u64 a = 0xFFFFFFFFC0000000ull;
    __asm__ volatile("pushq $2\n\tpopfq\n\t.byte 0xC1, 0xE0, 0x01\n\tpushfq\n\tpopq %[f]"
                     : "+a"(a), [f] "=r"(f)
                     :
                     : "cc");
    check_rf(a, 0x80000000, f, F_CF | F_SF | F_PF, F_CF | F_OF | SZP, "shl eax, imm8 1 (C1 /4 01)");

    static volatile u64 m;
    m = 1;
    __asm__ volatile("pushq $2\n\tpopfq\n\tshlq $3, %[m]\n\tpushfq\n\tpopq %[f]"
                     : [m] "+m"(m), [f] "=r"(f)
                     :
                     : "cc");
    check_rf(m, 8, f, 0, F_CF | SZP, "shl m64, imm8");
    m = 0x1111111111111180ull;
    __asm__ volatile("pushq $3\n\tpopfq\n\trclb %%cl, %[m]\n\tpushfq\n\tpopq %[f]"
                     : [m] "+m"(m), [f] "=r"(f)
                     : "c"(1)
                     : "cc");
    check_rf(m, 0x1111111111111101ull, f, F_CF | F_OF, F_ARITH, "rcl m8, cl=1 (CF=1)");
    m = 0x2222222222228001ull;
    __asm__ volatile("pushq $2\n\tpopfq\n\tsarw %[m]\n\tpushfq\n\tpopq %[f]"
                     : [m] "+m"(m), [f] "=r"(f)
                     :
                     : "cc");
    check_rf(m, 0x222222222222C000ull, f, F_CF | F_SF | F_PF, F_CF | F_OF | SZP, "sar m16, 1");
    /* Through a register: QEMU 7.2 mis-addresses rip-relative SHLD/SHRD imm8 (off by one). */
    volatile u64 *pm = OPAQUE(&m);
    *pm = 0x3333333333331234ull;
    s = 0xABCD;
    __asm__ volatile("pushq $2\n\tpopfq\n\tshrdw $4, %w[s], %[m]\n\tpushfq\n\tpopq %[f]"
                     : [m] "+m"(*pm), [f] "=r"(f)
                     : [s] "r"(s)
                     : "cc");
    check_rf(m, 0x333333333333D123ull, f, F_SF, F_CF | SZP, "shrd m16, r16, imm8");
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    rt_puts("shifts: shifts and rotates\n");
    test_table();
    test_other_forms();
    return rom_finish();
}

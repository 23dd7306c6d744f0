/*
 * Bit instructions: BT/BTS/BTR/BTC (register, immediate, and memory bit-string
 * forms with large and negative offsets), BSF/BSR, BSWAP.  Only the flags the
 * manuals define are checked: CF for BT*, ZF for BSF/BSR.
 */
#include "rom.h"

static void bt_case(const char *name, u64 got, u64 f, u64 exp, int exp_cf)
{
    check_rf(got, exp, f, exp_cf ? F_CF : 0, F_CF, "%s", name);
}

static void test_bt_registers(void)
{
    u64 d, s, f;
#define T(name, insn, dval, sval, exp, cf)                                                  \
    d = (dval);                                                                            \
    s = (sval);                                                                            \
    ASM_FLAGS2(insn, d, s, (cf) ? 0 : F_CF, f);                                            \
    bt_case(name, d, f, exp, cf)
    T("bt r64, r64 (bit 63)", "btq %[s], %[d]", 0x8000000000000000ull, 63, 0x8000000000000000ull, 1);
    T("bt r64, r64 (offset 69 = bit 5)", "btq %[s], %[d]", 0x20, 69, 0x20, 1);
    T("bt r32, r32 (offset 33 = bit 1)", "btl %k[s], %k[d]", 0xFFFFFFFF00000001ull, 33,
      0xFFFFFFFF00000001ull, 0);
    T("bt r16, r16 (offset 17 = bit 1)", "btw %w[s], %w[d]", 0x0002, 17, 0x0002, 1);
    T("bts r64, r64", "btsq %[s], %[d]", 0x1, 40, 0x10000000001ull, 0);
    T("bts r32, r32 zero-extends", "btsl %k[s], %k[d]", 0xFFFFFFFF00000000ull, 31, 0x80000000ull, 0);
    T("btr r64, r64", "btrq %[s], %[d]", ~0ull, 0, ~1ull, 1);
    T("btr r16, r16 keeps bits 16..63", "btrw %w[s], %w[d]", 0x5555555555558000ull, 15,
      0x5555555555550000ull, 1);
    T("btc r64, r64", "btcq %[s], %[d]", 0xF0, 4, 0xE0, 1);
    T("btc r64, r64 (clear bit)", "btcq %[s], %[d]", 0xF0, 3, 0xF8, 0);
    T("bt r64, imm8", "btq $62, %[d]", 0x4000000000000000ull, 0, 0x4000000000000000ull, 1);
    T("bts r32, imm8", "btsl $3, %k[d]", 0x7777777700000000ull, 0, 0x8, 0);
    T("btr r16, imm8", "btrw $0, %w[d]", 0xFFFF, 0, 0xFFFE, 1);
    T("btc r64, imm8", "btcq $63, %[d]", 0, 0, 0x8000000000000000ull, 0);
#undef T
}

static volatile u64 bits[4];

static void test_bt_memory(void)
{
    u64 f;
    volatile u64 *base = &bits[2];
    /* A register offset addresses a bit string: it may leave the operand. */
#define BITS(a, b, c, d) bits[0] = (a), bits[1] = (b), bits[2] = (c), bits[3] = (d)
    BITS(0x8000000000000000ull, 0, 0, 0x40);
    i64 off = 70; /* bits[3] bit 6 */
    __asm__ volatile("btq %[i], %[m]\n\tpushfq\n\tpopq %[f]" : [f] "=r"(f) : [m] "m"(*base), [i] "r"(off) : "cc");
    check_flags(f, F_CF, F_CF, "bt m64, r64 (offset +70)");
    off = -65; /* bits[0] bit 63 */
    __asm__ volatile("btq %[i], %[m]\n\tpushfq\n\tpopq %[f]" : [f] "=r"(f) : [m] "m"(*base), [i] "r"(off) : "cc");
    check_flags(f, F_CF, F_CF, "bt m64, r64 (offset -65)");

    BITS(0, 0, 0, 0);
    off = 72; /* bits[3] bit 8 */
    __asm__ volatile("lock btsq %[i], %[m]\n\tpushfq\n\tpopq %[f]"
                     : [m] "+m"(*base), [f] "=r"(f)
                     : [i] "r"(off)
                     : "cc", "memory");
    CHECK(bits[3] == 0x100 && bits[2] == 0 && !(f & F_CF), "lock bts m64, r64 (offset +72)");
    __asm__ volatile("lock btcq %[i], %[m]\n\tpushfq\n\tpopq %[f]"
                     : [m] "+m"(*base), [f] "=r"(f)
                     : [i] "r"(off)
                     : "cc", "memory");
    CHECK(bits[3] == 0 && (f & F_CF), "lock btc m64, r64 (offset +72)");

    BITS(0, 0xFFFFFFFFFFFFFFFFull, 0, 0);
    u32 off32 = (u32)-1; /* the dword below bits[2]: bits[1] bit 63 */
    __asm__ volatile("btrl %[i], %[m]\n\tpushfq\n\tpopq %[f]"
                     : [m] "+m"(*base), [f] "=r"(f)
                     : [i] "r"(off32)
                     : "cc", "memory");
    CHECK(bits[1] == 0x7FFFFFFFFFFFFFFFull && (f & F_CF), "btr m32, r32 (offset -1)");

    BITS(0, 0, 0, 0);
    u16 off16 = 20; /* the word at bits[2] + 2, bit 4: bit 20 of bits[2] */
    __asm__ volatile("btsw %[i], %[m]\n\tpushfq\n\tpopq %[f]"
                     : [m] "+m"(*base), [f] "=r"(f)
                     : [i] "r"(off16)
                     : "cc", "memory");
    CHECK(bits[2] == 0x100000 && !(f & F_CF), "bts m16, r16 (offset 20)");

    /* An immediate offset is taken modulo the operand size: no bit string. */
    BITS(0, 0, 0x40, 0);
    __asm__ volatile("btq $70, %[m]\n\tpushfq\n\tpopq %[f]" : [f] "=r"(f) : [m] "m"(*base) : "cc");
    check_flags(f, F_CF, F_CF, "bt m64, imm8 70 (bit 6 of the operand)");
    __asm__ volatile("btsl $33, %[m]" : [m] "+m"(*base) : : "cc", "memory");
    CHECK_EQ(bits[2], 0x42, "bts m32, imm8 33 (bit 1 of the operand)");
#undef BITS
}

static void test_bsf_bsr(void)
{
    u64 d, s, f;
#define T(name, insn, sval, exp)                                                            \
    d = 0x5555555555555555ull;                                                             \
    s = (sval);                                                                            \
    ASM_FLAGS2(insn, d, s, F_ZF, f);                                                       \
    check_rf(d, exp, f, 0, F_ZF, name)
    T("bsf r64 (bit 63)", "bsfq %[s], %[d]", 0x8000000000000000ull, 63);
    T("bsf r64 (bit 4)", "bsfq %[s], %[d]", 0xFFF0, 4);
    T("bsf r32 zero-extends", "bsfl %k[s], %k[d]", 0x80000000, 31);
    T("bsf r16 keeps bits 16..63", "bsfw %w[s], %w[d]", 0x0100, 0x5555555555550008ull);
    T("bsr r64 (bit 0)", "bsrq %[s], %[d]", 1, 0);
    T("bsr r64 (bit 55)", "bsrq %[s], %[d]", 0x00F0000000000000ull, 55);
    T("bsr r32 zero-extends", "bsrl %k[s], %k[d]", 0xFFFFFFFF00000010ull, 4);
    T("bsr r16", "bsrw %w[s], %w[d]", 0xFFFF, 0x555555555555000Full);
#undef T
    /* Zero source: ZF=1; the destination is left undefined by Intel, so not checked. */
    d = 0;
    s = 0;
    ASM_FLAGS2("bsfq %[s], %[d]", d, s, 0, f);
    check_flags(f, F_ZF, F_ZF, "bsf r64 (zero source sets ZF)");
    ASM_FLAGS2("bsrl %k[s], %k[d]", d, s, 0, f);
    check_flags(f, F_ZF, F_ZF, "bsr r32 (zero source sets ZF)");

    static volatile u64 m = 0x0000010000000000ull;
    __asm__ volatile("bsrq %[m], %[d]" : [d] "=r"(d) : [m] "m"(m) : "cc");
    CHECK_EQ(d, 40, "bsr r64, m64");
}

static void test_bswap(void)
{
    u64 d = 0xFFFFFFFF12345678ull;
    __asm__("bswapl %k0" : "+r"(d));
    CHECK_EQ(d, 0x78563412, "bswap r32 zero-extends");
    d = 0x0123456789ABCDEFull;
    __asm__("bswapq %0" : "+r"(d));
    CHECK_EQ(d, 0xEFCDAB8967452301ull, "bswap r64");
    register u64 r9 __asm__("r9") = 0x1122334455667788ull;
    __asm__("bswapq %%r9" : "+r"(r9));
    CHECK_EQ(r9, 0x8877665544332211ull, "bswap r9 (REX.B)");
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    rt_puts("bitops: bit test, bit scan, byte swap\n");
    test_bt_registers();
    test_bt_memory();
    test_bsf_bsr();
    test_bswap();
    return rom_finish();
}

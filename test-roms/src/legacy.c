/*
 * Instructions that exist only outside 64-bit mode, run as 32-bit code in
 * compatibility mode (include/segtest.h), which executes them as 32-bit
 * protected mode does: DAA, DAS, AAA, AAS, AAM, AAD (with #DE for AAM 0),
 * BOUND (#BR), LES and LDS (and #GP(selector) for a bad selector).  Only the
 * flags the manuals define are checked; cpu's BcdHostTest compares the others
 * with the host CPU.
 */
#include "segtest.h"

/* EAX = AX in, ECX = EFLAGS in; out: EAX, ECX = EFLAGS. */
#define BCD_SNIPPET(name, insn)   \
    #name ": pushl %ecx\n"        \
    "  popfl\n"                   \
    "  " insn "\n"                \
    "  pushfl\n"                  \
    "  popl %ecx\n"               \
    "  lret\n"

__asm__(".pushsection .rodata.legacy32, \"a\"\n"
        ".code32\n"
        BCD_SNIPPET(l_daa, "daa")
        BCD_SNIPPET(l_das, "das")
        BCD_SNIPPET(l_aaa, "aaa")
        BCD_SNIPPET(l_aas, "aas")
        BCD_SNIPPET(l_aam, "aam")
        BCD_SNIPPET(l_aam16, "aam $16")
        BCD_SNIPPET(l_aam0, "aam $0")
        BCD_SNIPPET(l_aad, "aad")
        BCD_SNIPPET(l_aad7, "aad $7")
        /* EAX = index, EBX = address of the bounds */
        "l_bound: bound %eax, (%ebx)\n"
        "  lret\n"
        "l_boundw: bound %ax, (%ebx)\n"
        "  lret\n"
        /* EBX = address of the far pointer; out: EAX = offset, ECX = selector loaded */
        "l_les: les (%ebx), %eax\n"
        "  movl %es, %ecx\n"
        "  jmp l_out\n"
        "l_lds: lds (%ebx), %eax\n"
        "  movl %ds, %ecx\n"
        "  jmp l_out\n"
        "l_ldsw: ldsw (%ebx), %ax\n"
        "  movl %ds, %ecx\n"
        "l_out: movl $0x10, %edx\n"
        "  movl %edx, %ds\n"
        "  movl %edx, %es\n"
        "  lret\n"
        ".code64\n"
        ".popsection\n");
extern const u8 l_daa[], l_das[], l_aaa[], l_aas[], l_aam[], l_aam16[], l_aam0[], l_aad[], l_aad7[], l_bound[],
    l_boundw[], l_les[], l_lds[], l_ldsw[];

#define BCD_FLAGS (F_CF | F_AF | F_SF | F_ZF | F_PF)
#define ASCII_FLAGS (F_CF | F_AF)
#define AAM_FLAGS (F_SF | F_ZF | F_PF)

static void bcd(const u8 *fn, u32 ax, u32 flags, u32 want_ax, u32 want_flags, u32 mask, const char *name)
{
    int v = run32(fn, 0xABCD0000u | ax, 0, flags | F_FIXED);
    CHECK_EQ(v, 0, "%s: no exception", name);
    check_rf(out_eax, 0xABCD0000u | want_ax, out_ecx, want_flags, mask, "%s", name);
}

static void decimal(void)
{
    bcd(l_daa, 0x0079 + 0x0035, 0, 0x0014, F_CF | F_AF | F_PF, BCD_FLAGS, "daa: 79+35 = 114");
    bcd(l_daa, 0x0012, 0, 0x0012, F_PF, BCD_FLAGS, "daa: nothing to adjust");
    bcd(l_daa, 0x009a, 0, 0x0000, F_CF | F_AF | F_ZF | F_PF, BCD_FLAGS, "daa: 9a -> 00 carry");
    bcd(l_daa, 0x001a, F_CF, 0x0080, F_CF | F_AF | F_SF, BCD_FLAGS, "daa: CF in adds 60");
    bcd(l_das, (0x35 - 0x47) & 0xff, F_CF | F_AF, 0x0088, F_CF | F_AF | F_SF | F_PF, BCD_FLAGS, "das: 35-47 = -12");
    bcd(l_das, 0x0000, F_AF, 0x00fa, F_CF | F_AF | F_SF | F_PF, BCD_FLAGS, "das: AF in, 00 borrows");
    bcd(l_das, 0x0045, 0, 0x0045, 0, BCD_FLAGS, "das: nothing to adjust");
}

static void ascii(void)
{
    bcd(l_aaa, 0x0109 + 0x0008, F_AF, 0x0207, F_CF | F_AF, ASCII_FLAGS, "aaa: 9+8 = 17");
    bcd(l_aaa, 0x0235, 0, 0x0205, 0, ASCII_FLAGS, "aaa: clears the high nibble");
    bcd(l_aaa, 0x12fa, 0, 0x1400, F_CF | F_AF, ASCII_FLAGS, "aaa: AL+6 carries into AH");
    bcd(l_aas, 0x0203 - 0x0008, F_AF, 0x0005, F_CF | F_AF, ASCII_FLAGS, "aas: 23-8 = 15");
    bcd(l_aas, 0x1200, F_AF, 0x100a, F_CF | F_AF, ASCII_FLAGS, "aas: AL-6 borrows from AH");
    bcd(l_aas, 0x0339, 0, 0x0309, 0, ASCII_FLAGS, "aas: nothing to adjust");
    bcd(l_aam, 0x003f, 0, 0x0603, F_PF, AAM_FLAGS, "aam: 63 = 6,3");
    bcd(l_aam, 0x5500, 0, 0x0000, F_ZF | F_PF, AAM_FLAGS, "aam: 0, AH replaced");
    bcd(l_aam16, 0x00ab, 0, 0x0a0b, 0, AAM_FLAGS, "aam 16: nibbles");
    bcd(l_aad, 0x0307, 0, 0x0025, 0, AAM_FLAGS, "aad: 3,7 = 37");
    bcd(l_aad, 0x1909, 0, 0x0003, F_PF, AAM_FLAGS, "aad: 8-bit result");
    bcd(l_aad7, 0x0203, 0, 0x0011, F_PF, AAM_FLAGS, "aad 7: base 7");
    check_trap(run32(l_aam0, 0x1234, 0, F_FIXED), TRAPPED(0), 0, "aam 0: #DE");
}

static i32 bounds32[2] = {-16, 100};
static i16 bounds16[2] = {5, 9};

static void bound(void)
{
    u32 b = (u32)A(bounds32);
    EXPECT_OK(run32(l_bound, (u32)-16, b, 0), out_eax, (u32)-16, "bound: index = lower bound");
    EXPECT_OK(run32(l_bound, 100, b, 0), out_eax, 100, "bound: index = upper bound");
    check_trap(run32(l_bound, (u32)-17, b, 0), TRAPPED(5), 0, "bound: below the lower bound: #BR");
    check_trap(run32(l_bound, 101, b, 0), TRAPPED(5), 0, "bound: above the upper bound: #BR");
    check_trap(run32(l_bound, 0x80000000u, b, 0), TRAPPED(5), 0, "bound: signed comparison: #BR");
    b = (u32)A(bounds16);
    EXPECT_OK(run32(l_boundw, 0xFFFF0009u, b, 0), out_eax, 0xFFFF0009u, "bound 16-bit: only AX counts");
    check_trap(run32(l_boundw, 4, b, 0), TRAPPED(5), 0, "bound 16-bit: below: #BR");
}

static struct {
    u32 off;
    u16 sel;
} __attribute__((packed)) far32;
static u16 far16[2];

static void far_pointers(void)
{
    u32 p = (u32)A(&far32);
    set_t(desc(0, 0xFFFFF, ACC_DATA_RW, FL_G | FL_DB));
    far32.off = 0x12345678;
    far32.sel = SEL_T;
    EXPECT_OK(run32(l_les, 0, p, 0), out_eax, 0x12345678, "les: offset");
    CHECK_EQ(out_ecx, SEL_T, "les: ES");
    EXPECT_OK(run32(l_lds, 0, p, 0), out_eax, 0x12345678, "lds: offset");
    CHECK_EQ(out_ecx, SEL_T, "lds: DS");
    far16[0] = 0x5678;
    far16[1] = SEL_T;
    EXPECT_OK(run32(l_ldsw, 0xAAAA0000u, (u32)A(far16), 0), out_eax, 0xAAAA5678u, "lds 16-bit: offset into AX");
    CHECK_EQ(out_ecx, SEL_T, "lds 16-bit: selector after a 16-bit offset");
    far32.sel = SEL_TSS;
    check_trap(run32(l_les, 0, p, 0), TRAPPED(13), SEL_TSS, "les: TSS selector: #GP(sel)");
    far32.sel = 0;
    EXPECT_OK(run32(l_les, 0, p, 0), out_eax, 0x12345678, "les: null selector loads");
    CHECK_EQ(out_ecx, 0, "les: null ES");
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    sys_init();
    decimal();
    ascii();
    bound();
    far_pointers();
    return rom_finish();
}

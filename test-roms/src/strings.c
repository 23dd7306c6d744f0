/*
 * String instructions: MOVS/STOS/LODS/CMPS/SCAS in byte, word, dword and qword
 * forms, single and with REP/REPE/REPNE, forwards and with DF=1 (backwards),
 * zero counts, overlapping copies, and XLAT.
 */
#include "rom.h"

struct sregs {
    u64 rsi, rdi, rcx, rax, flags;
};

/* Runs one string instruction with RFLAGS = fin (F_DF selects backwards); restores DF=0. */
#define STR(insn, r, fin)                                                                  \
    __asm__ volatile("pushq %[fi]\n\tpopfq\n\t" insn "\n\tpushfq\n\tpopq %[fo]\n\tcld"      \
                     : "+S"((r).rsi), "+D"((r).rdi), "+c"((r).rcx), "+a"((r).rax),         \
                       [fo] "=&r"((r).flags)                                               \
                     : [fi] "r"((u64)(fin) | F_FIXED)                                      \
                     : "cc", "memory")

#define ADDR(p) ((u64)(uintptr_t)(p))

static u8 src8[64], dst8[64];
static u64 src64[16], dst64[16];

static void fill(void)
{
    for (int i = 0; i < 64; i++) {
        src8[i] = (u8)(0x40 + i);
        dst8[i] = 0;
    }
    for (int i = 0; i < 16; i++) {
        src64[i] = 0x0101010101010101ull * (u64)(i + 1) + 0x1000000000000000ull;
        dst64[i] = 0;
    }
}

static void test_movs(void)
{
    struct sregs r;

    fill();
    r = (struct sregs){ADDR(src8), ADDR(dst8), 0, 0, 0};
    STR("movsb", r, 0);
    CHECK(dst8[0] == 0x40 && dst8[1] == 0 && r.rsi == ADDR(src8 + 1) && r.rdi == ADDR(dst8 + 1),
          "movsb (DF=0)");

    r = (struct sregs){ADDR(&src64[1]), ADDR(&dst64[1]), 0, 0, 0};
    STR("movsq", r, F_DF);
    CHECK(dst64[1] == src64[1] && dst64[0] == 0 && r.rsi == ADDR(&src64[0]) &&
              r.rdi == ADDR(&dst64[0]),
          "movsq (DF=1)");

    fill();
    r = (struct sregs){ADDR(src8), ADDR(dst8), 0, 0, 0};
    STR("rep movsb", r, 0);
    CHECK(dst8[0] == 0 && r.rsi == ADDR(src8) && r.rdi == ADDR(dst8) && r.rcx == 0,
          "rep movsb (rcx=0) does nothing");

    r = (struct sregs){ADDR(src8), ADDR(dst8), 13, 0, 0};
    STR("rep movsb", r, 0);
    CHECK(memcmp(dst8, src8, 13) == 0 && dst8[13] == 0 && r.rsi == ADDR(src8 + 13) &&
              r.rdi == ADDR(dst8 + 13) && r.rcx == 0,
          "rep movsb (13 bytes)");

    fill();
    r = (struct sregs){ADDR(src8), ADDR(dst8), 5, 0, 0};
    STR("rep movsw", r, 0);
    CHECK(memcmp(dst8, src8, 10) == 0 && dst8[10] == 0 && r.rdi == ADDR(dst8 + 10) && r.rcx == 0,
          "rep movsw (5 words)");

    fill();
    r = (struct sregs){ADDR(src8), ADDR(dst8), 3, 0, 0};
    STR("rep movsl", r, 0);
    CHECK(memcmp(dst8, src8, 12) == 0 && dst8[12] == 0 && r.rsi == ADDR(src8 + 12) && r.rcx == 0,
          "rep movsd (3 dwords)");

    fill();
    r = (struct sregs){ADDR(src64), ADDR(dst64), 7, 0, 0};
    STR("rep movsq", r, 0);
    CHECK(memcmp(dst64, src64, 56) == 0 && dst64[7] == 0 && r.rdi == ADDR(&dst64[7]) && r.rcx == 0,
          "rep movsq (7 qwords)");

    fill();
    r = (struct sregs){ADDR(&src64[9]), ADDR(&dst64[9]), 8, 0, 0};
    STR("rep movsq", r, F_DF);
    CHECK(memcmp(&dst64[2], &src64[2], 64) == 0 && dst64[1] == 0 && dst64[10] == 0 &&
              r.rsi == ADDR(&src64[1]) && r.rdi == ADDR(&dst64[1]) && r.rcx == 0,
          "rep movsq (DF=1, 8 qwords)");

    fill();
    r = (struct sregs){ADDR(src8 + 10), ADDR(dst8 + 10), 3, 0, 0};
    STR("rep movsw", r, F_DF);
    CHECK(memcmp(dst8 + 6, src8 + 6, 6) == 0 && dst8[5] == 0 && dst8[12] == 0 &&
              r.rsi == ADDR(src8 + 4) && r.rdi == ADDR(dst8 + 4),
          "rep movsw (DF=1, 3 words)");

    fill();
    r = (struct sregs){ADDR(src8 + 8), ADDR(dst8 + 8), 2, 0, 0};
    STR("rep movsl", r, F_DF);
    CHECK(memcmp(dst8 + 4, src8 + 4, 8) == 0 && dst8[3] == 0 && dst8[12] == 0 &&
              r.rsi == ADDR(src8) && r.rdi == ADDR(dst8),
          "rep movsd (DF=1, 2 dwords)");

    /* Overlap: byte-at-a-time semantics, whatever the implementation does inside. */
    static u8 buf[16];
    memcpy(buf, "ab--------------", 16);
    r = (struct sregs){ADDR(buf), ADDR(buf + 2), 8, 0, 0};
    STR("rep movsb", r, 0);
    CHECK(memcmp(buf, "ababababab------", 16) == 0, "rep movsb forward overlap replicates");
    memcpy(buf, "0123456789------", 16);
    r = (struct sregs){ADDR(buf + 7), ADDR(buf + 9), 8, 0, 0};
    STR("rep movsb", r, F_DF);
    CHECK(memcmp(buf, "0101234567------", 16) == 0, "rep movsb (DF=1) overlap moves up");

    static u64 big_src[512], big_dst[512];
    for (int i = 0; i < 512; i++)
        big_src[i] = (u64)i * 0x9E3779B97F4A7C15ull;
    r = (struct sregs){ADDR(big_src), ADDR(big_dst), 512, 0, 0};
    STR("rep movsq", r, 0);
    CHECK(memcmp(big_src, big_dst, sizeof(big_src)) == 0 && r.rdi == ADDR(big_dst + 512),
          "rep movsq (4 KiB)");
}

static void test_stos_lods(void)
{
    struct sregs r;

    fill();
    r = (struct sregs){0, ADDR(dst8), 9, 0x1122334455667788ull, 0};
    STR("rep stosb", r, 0);
    CHECK(dst8[0] == 0x88 && dst8[8] == 0x88 && dst8[9] == 0 && r.rdi == ADDR(dst8 + 9) &&
              r.rcx == 0,
          "rep stosb (9)");
    fill();
    r = (struct sregs){0, ADDR(dst8), 3, 0x1122334455667788ull, 0};
    STR("rep stosw", r, 0);
    CHECK(dst8[0] == 0x88 && dst8[1] == 0x77 && dst8[5] == 0x77 && dst8[6] == 0 &&
              r.rdi == ADDR(dst8 + 6),
          "rep stosw (3)");
    fill();
    r = (struct sregs){0, ADDR(dst8 + 8), 3, 0x1122334455667788ull, 0};
    STR("rep stosl", r, F_DF);
    CHECK(dst8[0] == 0x88 && dst8[3] == 0x55 && dst8[8] == 0x88 && dst8[11] == 0x55 &&
              dst8[12] == 0 && r.rdi == ADDR(dst8) - 4,
          "rep stosd (DF=1, 3)");
    fill();
    r = (struct sregs){0, ADDR(dst64), 16, 0xCAFEF00DDEADBEEFull, 0};
    STR("rep stosq", r, 0);
    int ok = 1;
    for (int i = 0; i < 16; i++)
        ok &= dst64[i] == 0xCAFEF00DDEADBEEFull;
    CHECK(ok && r.rdi == ADDR(dst64 + 16) && r.rcx == 0, "rep stosq (16)");
    fill();
    r = (struct sregs){0, ADDR(dst8), 0, 0x55, 0};
    STR("stosw", r, F_DF);
    CHECK(dst8[0] == 0x55 && dst8[1] == 0 && r.rdi == ADDR(dst8) - 2, "stosw (DF=1)");

    fill();
    r = (struct sregs){ADDR(src8), 0, 0, 0xFFFFFFFFFFFFFFFFull, 0};
    STR("lodsb", r, 0);
    CHECK(r.rax == 0xFFFFFFFFFFFFFF40ull && r.rsi == ADDR(src8 + 1), "lodsb keeps bits 8..63");
    r = (struct sregs){ADDR(src8 + 2), 0, 0, 0xFFFFFFFFFFFFFFFFull, 0};
    STR("lodsw", r, F_DF);
    CHECK(r.rax == 0xFFFFFFFFFFFF4342ull && r.rsi == ADDR(src8), "lodsw (DF=1)");
    r = (struct sregs){ADDR(src8), 0, 0, 0xFFFFFFFFFFFFFFFFull, 0};
    STR("lodsl", r, 0);
    CHECK(r.rax == 0x43424140ull && r.rsi == ADDR(src8 + 4), "lodsd zero-extends");
    r = (struct sregs){ADDR(&src64[3]), 0, 0, 0, 0};
    STR("lodsq", r, 0);
    CHECK(r.rax == src64[3] && r.rsi == ADDR(&src64[4]), "lodsq");
    r = (struct sregs){ADDR(src8), 0, 3, 0, 0};
    STR("rep lodsb", r, 0);
    CHECK(r.rax == 0x42 && r.rsi == ADDR(src8 + 3) && r.rcx == 0, "rep lodsb (3) keeps the last");

    static const u8 table[16] = "0123456789abcdef";
    u64 a = 0x123456789ABCDE0Bull;
    __asm__ volatile("xlatb" : "+a"(a) : "b"(table), "m"(table));
    CHECK_EQ(a, 0x123456789ABCDE62ull, "xlatb");
}

static void test_cmps_scas(void)
{
    struct sregs r;
    static const char s1[] = "hello world", s2[] = "hello there";

    r = (struct sregs){ADDR("A"), ADDR("B"), 0, 0, 0};
    STR("cmpsb", r, 0);
    check_flags(r.flags, F_CF | F_SF | F_PF | F_AF, F_ARITH, "cmpsb 'A' - 'B': flags");

    r = (struct sregs){ADDR(s1), ADDR(s2), 11, 0, 0};
    STR("repe cmpsb", r, 0);
    CHECK(r.rsi == ADDR(s1 + 7) && r.rdi == ADDR(s2 + 7) && r.rcx == 4,
          "repe cmpsb stops after the first difference");
    check_flags(r.flags, F_PF, F_ARITH, "repe cmpsb: flags of 'w' - 't'");

    r = (struct sregs){ADDR(s1 + 4), ADDR(s2 + 4), 5, 0, 0};
    STR("repe cmpsb", r, F_DF);
    CHECK(r.rsi == ADDR(s1) - 1 && r.rdi == ADDR(s2) - 1 && r.rcx == 0 && (r.flags & F_ZF),
          "repe cmpsb (DF=1) over equal bytes");

    static const u64 q1[4] = {1, 2, 3, 4}, q2[4] = {1, 2, 3, 4};
    r = (struct sregs){ADDR(q1), ADDR(q2), 4, 0, 0};
    STR("repe cmpsq", r, 0);
    CHECK(r.rcx == 0 && r.rsi == ADDR(q1 + 4) && (r.flags & F_ZF), "repe cmpsq (all equal)");

    static const u16 w1[4] = {1, 2, 3, 4}, w2[4] = {9, 9, 3, 9};
    r = (struct sregs){ADDR(w1), ADDR(w2), 4, 0, 0};
    STR("repne cmpsw", r, 0);
    CHECK(r.rcx == 1 && r.rsi == ADDR(w1 + 3) && r.rdi == ADDR(w2 + 3) && (r.flags & F_ZF),
          "repne cmpsw stops at the first match");

    static const u32 d1[2] = {5, 0x80000000u}, d2[2] = {5, 1};
    r = (struct sregs){ADDR(d1), ADDR(d2), 2, 0, 0};
    STR("repe cmpsl", r, 0);
    CHECK(r.rcx == 0 && r.rsi == ADDR(d1 + 2), "repe cmpsd (rcx runs out on a difference)");
    check_flags(r.flags, F_OF | F_AF | F_PF, F_ARITH, "repe cmpsd: flags of 0x80000000 - 1");

    r = (struct sregs){ADDR(s1), ADDR(s2), 0, 0, 0};
    STR("repe cmpsb", r, F_ARITH);
    CHECK(r.rsi == ADDR(s1) && r.rcx == 0, "repe cmpsb (rcx=0) does nothing");
    check_flags(r.flags, F_ARITH, F_ARITH, "repe cmpsb (rcx=0) keeps the flags");

    static const char str[] = "multiverse";
    r = (struct sregs){0, ADDR(str), ~0ull, 0, 0};
    STR("repne scasb", r, 0);
    CHECK(r.rcx == (u64)-12 && r.rdi == ADDR(str + 11) && (r.flags & F_ZF),
          "repne scasb finds the terminator (strlen)");

    static const u32 sev[4] = {7, 7, 7, 8};
    r = (struct sregs){0, ADDR(sev), 4, 0xFFFFFFFF00000007ull, 0};
    STR("repe scasl", r, 0);
    CHECK(r.rcx == 0 && r.rdi == ADDR(sev + 4), "repe scasd runs to the mismatch");
    check_flags(r.flags, F_CF | F_SF | F_PF | F_AF, F_ARITH, "repe scasd: flags of 7 - 8");

    r = (struct sregs){0, ADDR(&q1[2]), 0, 3, 0};
    STR("scasq", r, F_DF);
    CHECK(r.rdi == ADDR(&q1[1]) && (r.flags & F_ZF), "scasq (DF=1)");

    static const u16 wz[3] = {0x1234, 0x5678, 0x9ABC};
    r = (struct sregs){0, ADDR(wz), 3, 0xAAAA5678, 0};
    STR("repne scasw", r, 0);
    CHECK(r.rcx == 1 && r.rdi == ADDR(wz + 2) && (r.flags & F_ZF), "repne scasw");
}

static void test_direction_flag(void)
{
    u64 f1, f2;
    __asm__ volatile("std\n\tpushfq\n\tpopq %0\n\tcld\n\tpushfq\n\tpopq %1" : "=r"(f1), "=r"(f2));
    CHECK((f1 & F_DF) && !(f2 & F_DF), "std/cld set and clear DF");
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    rt_puts("strings: string instructions\n");
    test_direction_flag();
    test_movs();
    test_stos_lods();
    test_cmps_scas();
    return rom_finish();
}

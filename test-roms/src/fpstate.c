/*
 * x87/MMX/SSE state management, before any x87 or SSE arithmetic: CR0.TS
 * makes the first SSE or x87-class instruction raise #NM, whose handler does
 * CLTS and returns so that the instruction runs again (lazy FPU switching);
 * CR0.EM makes SSE and MMX #UD and x87 #NM; without CR4.OSFXSR SSE is #UD.
 * FXSAVE after FXRSTOR of a crafted image gives the image back in the
 * documented layout and leaves bytes 416-511 alone; XSAVE/XRSTOR with
 * XCR0 = 3 write and read the header, and XRSTOR puts a component its
 * XSTATE_BV leaves out into its initial state.
 */
#include "sys.h"

#define CR0_EM (1u << 2)
#define CR0_TS (1u << 3)
#define CR4_OSFXSR (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)
#define CR4_OSXSAVE (1u << 18)

static u8 image[512] __attribute__((aligned(16)));
static u8 saved[512] __attribute__((aligned(16)));
static u8 xarea[576] __attribute__((aligned(64)));
static u8 vec[16] __attribute__((aligned(16)));
static volatile u32 nm_count;

static int nm_hook(struct sys_frame *f)
{
    (void)f;
    nm_count++;
    __asm__ volatile("clts");
    return 1;
}

static void put64(u8 *p, u64 v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (u8)(v >> (8 * i));
}

static u64 get64(const u8 *p)
{
    u64 v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static void set_cr0(u64 set, u64 clear)
{
    WRITE_CR(0, (READ_CR(0) | set) & ~clear);
}

static void lazy_switching(void)
{
    for (int i = 0; i < 16; i++)
        vec[i] = (u8)(0x10 + i);
    sys_hooks[7] = nm_hook;
    set_cr0(CR0_TS, 0);
    __asm__ volatile("movdqu %0, %%xmm1" : : "m"(vec) : "memory");
    CHECK_EQ(nm_count, 1, "TS: SSE raises #NM once; after CLTS it runs again");
    CHECK_EQ(READ_CR(0) & CR0_TS, 0, "the #NM handler cleared TS");
    set_cr0(CR0_TS, 0);
    __asm__ volatile("fxsave %0" : "=m"(saved) : : "memory");
    CHECK_EQ(nm_count, 2, "TS: FXSAVE (x87 class) raises #NM too");
    sys_hooks[7] = 0;

    u8 out[16];
    __asm__ volatile("movdqu %%xmm1, %0" : "=m"(out) : : "memory");
    CHECK_EQ(get64(out + 8), get64(vec + 8), "the restarted MOVDQU loaded XMM1");

    set_cr0(CR0_EM, 0);
    check_trap(SYS_TRY(__asm__ volatile("movdqu %0, %%xmm1" : : "m"(vec))), TRAPPED(6), 0, "EM: SSE is #UD");
    check_trap(SYS_TRY(__asm__ volatile("movq %mm0, %mm1")), TRAPPED(6), 0, "EM: MMX is #UD");
    check_trap(SYS_TRY(__asm__ volatile("fxsave %0" : "=m"(saved))), TRAPPED(7), 0, "EM: FXSAVE is #NM");
    set_cr0(0, CR0_EM);

    WRITE_CR(4, READ_CR(4) & ~(u64)CR4_OSFXSR);
    check_trap(SYS_TRY(__asm__ volatile("movdqu %0, %%xmm1" : : "m"(vec))), TRAPPED(6), 0, "no OSFXSR: SSE is #UD");
    u32 m = 0x1f80;
    check_trap(SYS_TRY(__asm__ volatile("ldmxcsr %0" : : "m"(m))), TRAPPED(6), 0, "no OSFXSR: LDMXCSR is #UD");
    WRITE_CR(4, READ_CR(4) | CR4_OSFXSR);
}

static void fxsave_layout(void)
{
    for (int i = 0; i < 512; i++)
        image[i] = 0;
    image[0] = 0x7f; image[1] = 0x02;             /* FCW 0x027f: 53-bit precision */
    image[2] = 0x00; image[3] = 0x38;             /* FSW: TOP = 7 */
    image[4] = 0x80;                              /* abridged tag: R7 in use */
    put64(image + 24, 0x7f80);                    /* MXCSR: round toward zero */
    put64(image + 32, 0x8000000000000000ull);     /* ST0 = R7 = 1.0 */
    image[40] = 0xff; image[41] = 0x3f;
    for (int x = 0; x < 16; x++) {
        put64(image + 160 + 16 * x, 0x0101010101010101ull * (u64)(x + 1));
        put64(image + 168 + 16 * x, ~0x0101010101010101ull * (u64)(x + 1));
    }
    __asm__ volatile("fxrstor %0" : : "m"(image) : "memory");
    for (int i = 0; i < 512; i++)
        saved[i] = 0xAA;
    __asm__ volatile("fxsave %0" : "=m"(saved) : : "memory");
    rt_printf("fxsave: fcw=%04x fsw=%04x ftw=%02x mxcsr=%08x mask=%08x\n", saved[0] | saved[1] << 8,
              saved[2] | saved[3] << 8, saved[4], (u32)get64(saved + 24), (u32)(get64(saved + 24) >> 32));
    rt_printf("fxsave: st0=%016lx:%04x xmm15=%016lx:%016lx\n", get64(saved + 32), (u32)(get64(saved + 40) & 0xffff),
              get64(saved + 168 + 16 * 15), get64(saved + 160 + 16 * 15));
    int same = 1;
    for (int i = 160; i < 416; i++)
        same &= saved[i] == image[i];
    CHECK(same, "FXSAVE gives back every XMM register FXRSTOR loaded");
    int untouched = 1;
    for (int i = 416; i < 512; i++)
        untouched &= saved[i] == 0xAA;
    CHECK(untouched, "FXSAVE leaves bytes 416-511 alone");
    u32 mxcsr = 0;
    __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
    CHECK_EQ(mxcsr, 0x7f80, "STMXCSR reads what FXRSTOR loaded");
    put64(image + 24, 0x10000 | 0x1f80);
    check_trap(SYS_TRY(__asm__ volatile("fxrstor %0" : : "m"(image))), TRAPPED(13), 0,
               "FXRSTOR with a reserved MXCSR bit: #GP(0)");
    u32 bad = 0x21f80;
    check_trap(SYS_TRY(__asm__ volatile("ldmxcsr %0" : : "m"(bad))), TRAPPED(13), 0, "LDMXCSR reserved bit: #GP(0)");
    check_trap(SYS_TRY(__asm__ volatile("fxsave (%0)" : : "r"(xarea + 8) : "memory")), TRAPPED(13), 0,
               "FXSAVE to a misaligned area: #GP(0)");
}

static u64 xgetbv(u32 n)
{
    u32 lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(n));
    return (u64)hi << 32 | lo;
}

static int try_xsetbv(u64 v)
{
    return SYS_TRY(__asm__ volatile("xsetbv" : : "a"((u32)v), "d"((u32)(v >> 32)), "c"(0)));
}

static void xsave_family(void)
{
    u32 a, b, c, d;
    cpuid(1, 0, &a, &b, &c, &d);
    CHECK((c >> 26 & 1) == 1 && (c >> 27 & 1) == 0, "CPUID: XSAVE, and OSXSAVE clear while CR4.OSXSAVE is");
    check_trap(SYS_TRY(xgetbv(0)), TRAPPED(6), 0, "no OSXSAVE: XGETBV is #UD");
    WRITE_CR(4, READ_CR(4) | CR4_OSXSAVE);
    cpuid(1, 0, &a, &b, &c, &d);
    CHECK_EQ(c >> 27 & 1, 1, "CPUID.1:ECX.OSXSAVE follows CR4");
    CHECK_EQ(xgetbv(0), 1, "XCR0 after reset: x87 only");
    check_trap(try_xsetbv(0), TRAPPED(13), 0, "XSETBV without x87: #GP(0)");
    check_trap(try_xsetbv(7), TRAPPED(13), 0, "XSETBV with AVX this CPU lacks: #GP(0)");
    check_trap(try_xsetbv(3), 0, 0, "XSETBV x87|SSE");
    CHECK_EQ(xgetbv(0), 3, "XCR0 = 3");
    cpuid(0xd, 0, &a, &b, &c, &d);
    rt_printf("cpuid 0xd.0: eax=%x ebx=%u ecx=%u\n", a, b, c);

    for (int i = 0; i < 576; i++)
        xarea[i] = 0;
    __asm__ volatile("xsave %0" : "=m"(xarea) : "a"(3), "d"(0) : "memory");
    rt_printf("xsave: xstate_bv=%lx xcomp_bv=%lx fcw=%04x mxcsr=%08x\n", get64(xarea + 512), get64(xarea + 520),
              xarea[0] | xarea[1] << 8, (u32)get64(xarea + 24));
    CHECK_EQ(get64(xarea + 160 + 16 * 3), 0x0404040404040404ull, "XSAVE stored XMM3");

    put64(xarea + 512, 1);        /* only the x87 component: SSE registers to their initial state */
    put64(xarea + 24, 0x1f80 | 0x2000);
    __asm__ volatile("xrstor %0" : : "m"(xarea), "a"(3), "d"(0) : "memory");
    u8 out[16];
    __asm__ volatile("movdqu %%xmm3, %0" : "=m"(out) : : "memory");
    CHECK(get64(out) == 0 && get64(out + 8) == 0, "XRSTOR zeroed XMM3 (XSTATE_BV[1] clear)");
    u32 mxcsr = 0;
    __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
    CHECK_EQ(mxcsr, 0x3f80, "XRSTOR loaded MXCSR all the same");
    put64(xarea + 520, 1ull << 63);
    check_trap(SYS_TRY(__asm__ volatile("xrstor %0" : : "m"(xarea), "a"(3), "d"(0))), TRAPPED(13), 0,
               "XRSTOR of a compacted image without XSAVEC: #GP(0)");
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    sys_init();
    WRITE_CR(4, READ_CR(4) | CR4_OSFXSR | CR4_OSXMMEXCPT);
    lazy_switching();
    fxsave_layout();
    xsave_family();
    return rom_finish();
}

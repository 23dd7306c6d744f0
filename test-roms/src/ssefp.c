/*
 * SSE floating point and MXCSR: an unmasked SIMD floating-point exception
 * raises #XM (vector 19) at the instruction with CR4.OSXMMEXCPT set and #UD
 * without it, leaving the destination alone and its flag set in MXCSR; masked
 * exceptions deliver the default result and set sticky flags; a packed
 * instruction with an unmasked pre-computation exception reports only
 * pre-computation flags; results in each of the four rounding modes (DIVSS,
 * CVTSD2SI, ROUNDSD with the immediate or MXCSR's mode, CVTSI2SS); FTZ and
 * DAZ; the integer indefinite; COMISS/UCOMISS flags; MIN/MAX with NaNs;
 * CMPPS predicates; DPPS's order of additions; RCPSS on Intel's table.
 *
 * The ROM is built without SSE code generation, so every SSE instruction is
 * inline assembly on XMM0 (destination) and XMM1 (source), loaded from the
 * vectors below.
 */
#include "sys.h"

#define CR4_OSFXSR (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)
#define MXCSR_DEFAULT 0x1f80u
#define IE 0x01u
#define DE 0x02u
#define ZE 0x04u
#define OE 0x08u
#define UE 0x10u
#define PE 0x20u
#define DAZ 0x40u
#define FTZ 0x8000u
#define UNMASK(flag) (MXCSR_DEFAULT & ~((flag) << 7))
#define RC(mode) (MXCSR_DEFAULT | (u32)(mode) << 13)
#define VEC_XM 19
#define VEC_UD 6

#define F_ONE 0x3f800000u
#define F_TWO 0x40000000u
#define F_THREE 0x40400000u
#define F_ZERO 0x00000000u
#define F_QNAN 0x7fc00000u
#define F_SNAN 0x7f800001u
#define F_MIN_NORMAL 0x00800000u
#define F_DENORMAL 0x00000003u

static u32 xa[4] __attribute__((aligned(16)));  /* XMM0 before */
static u32 xb[4] __attribute__((aligned(16)));  /* XMM1 before */
static u32 xr[4] __attribute__((aligned(16)));  /* XMM0 after */
static u64 da[2] __attribute__((aligned(16)));
static u64 db[2] __attribute__((aligned(16)));
static u64 dr[2] __attribute__((aligned(16)));
static u32 mx_in, mx_out;
static const u32 mx_default = MXCSR_DEFAULT;
/* Written by the inline assembly (so not static: the asm's memory clobber must cover them). */
u64 gpr_out, flags_out;

static void singles(u32 *v, u32 l0, u32 l1, u32 l2, u32 l3)
{
    v[0] = l0;
    v[1] = l1;
    v[2] = l2;
    v[3] = l3;
}

/*
 * Runs `insn` with XMM0 = xa (or da), XMM1 = xb (or db) and MXCSR = mx_in inside SYS_TRY; afterwards xr
 * and dr hold XMM0 and mx_out MXCSR (with or without a trap), and MXCSR is back to its default.
 */
#define RUN(insn)                                                                                    \
    ({                                                                                               \
        int trap_ = SYS_TRY(__asm__ volatile("movdqa %0, %%xmm0\n\tmovdqa %1, %%xmm1\n\tldmxcsr %2\n\t" insn \
                                             : : "m"(xa), "m"(xb), "m"(mx_in) : "memory", "rax", "cc"));              \
        after();                                                                                     \
        trap_;                                                                                       \
    })
#define RUN_D(insn)                                                                                  \
    ({                                                                                               \
        int trap_ = SYS_TRY(__asm__ volatile("movdqa %0, %%xmm0\n\tmovdqa %1, %%xmm1\n\tldmxcsr %2\n\t" insn \
                                             : : "m"(da), "m"(db), "m"(mx_in) : "memory", "rax", "cc"));              \
        after();                                                                                     \
        trap_;                                                                                       \
    })

static void after(void)
{
    __asm__ volatile("stmxcsr %0\n\tmovdqa %%xmm0, %1\n\tmovdqa %%xmm0, %2\n\tldmxcsr %3"
                     : "=m"(mx_out), "=m"(xr), "=m"(dr) : "m"(mx_default) : "memory");
}

/* DIVSS 1/0 with ZE unmasked, at a known address so the trap's RIP can be checked (one copy: not inlined). */
static __attribute__((noinline)) int divide_by_zero(void)
{
    singles(xa, F_ONE, F_TWO, F_THREE, F_ONE);
    singles(xb, F_ZERO, F_ZERO, F_ZERO, F_ZERO);
    mx_in = UNMASK(ZE);
    return RUN(".globl ssefp_divss\nssefp_divss: divss %%xmm1, %%xmm0");
}

extern const u8 ssefp_divss[];

static void exception_delivery(void)
{
    check_trap(divide_by_zero(), TRAPPED(VEC_XM), 0, "OSXMMEXCPT: unmasked ZE raises #XM");
    CHECK_EQ(sys_last.rip, (u64)ssefp_divss, "#XM is a fault at the DIVSS");
    CHECK_EQ(xr[0], F_ONE, "#XM: the destination keeps its value");
    CHECK_EQ(mx_out, UNMASK(ZE) | ZE, "#XM: MXCSR.ZE is set");

    WRITE_CR(4, READ_CR(4) & ~(u64)CR4_OSXMMEXCPT);
    check_trap(divide_by_zero(), TRAPPED(VEC_UD), 0, "no OSXMMEXCPT: unmasked ZE raises #UD");
    CHECK_EQ(xr[0], F_ONE, "#UD: the destination keeps its value");
    CHECK_EQ(mx_out, UNMASK(ZE) | ZE, "#UD: MXCSR.ZE is set");
    mx_in = MXCSR_DEFAULT;
    check_trap(RUN("divss %%xmm1, %%xmm0"), 0, 0, "no OSXMMEXCPT: masked ZE completes");
    WRITE_CR(4, READ_CR(4) | CR4_OSXMMEXCPT);
    CHECK_EQ(xr[0], 0x7f800000u, "masked ZE: 1/0 = +inf");
    CHECK_EQ(xr[1], F_TWO, "DIVSS keeps the upper lanes");
    CHECK_EQ(mx_out, MXCSR_DEFAULT | ZE, "masked ZE sets MXCSR.ZE");

    mx_in = MXCSR_DEFAULT | ZE;
    singles(xa, F_ONE, 0, 0, 0);
    singles(xb, F_THREE, 0, 0, 0);
    check_trap(RUN("divss %%xmm1, %%xmm0"), 0, 0, "1/3 with all exceptions masked");
    CHECK_EQ(mx_out, MXCSR_DEFAULT | ZE | PE, "flags are sticky: ZE stays, PE joins");
    mx_in = UNMASK(PE) | PE;
    singles(xb, F_TWO, 0, 0, 0);
    check_trap(RUN("divss %%xmm1, %%xmm0"), 0, 0, "an unmasked flag already set raises nothing by itself");
    CHECK_EQ(xr[0], 0x3f000000u, "1/2 = 0.5");
    mx_in = UNMASK(PE);
    singles(xb, F_THREE, 0, 0, 0);
    check_trap(RUN("divss %%xmm1, %%xmm0"), TRAPPED(VEC_XM), 0, "unmasked PE: #XM");
    CHECK_EQ(mx_out, UNMASK(PE) | PE, "unmasked PE sets PE");
}

static void packed_exceptions(void)
{
    /* lane 0 inexact (PE), lane 1 an SNaN (IE), lane 2 a denormal (DE), lane 3 exact */
    singles(xa, F_ONE, F_SNAN, F_DENORMAL, F_TWO);
    singles(xb, 0x30800000u, F_ONE, F_ONE, F_TWO);
    mx_in = UNMASK(IE);
    check_trap(RUN("addps %%xmm1, %%xmm0"), TRAPPED(VEC_XM), 0, "ADDPS with IE unmasked in one lane: #XM");
    CHECK_EQ(mx_out, UNMASK(IE) | IE | DE, "only pre-computation flags, of every lane (IE, DE; no PE)");
    CHECK_EQ(xr[3], F_TWO, "no lane written");
    mx_in = UNMASK(PE);
    check_trap(RUN("addps %%xmm1, %%xmm0"), TRAPPED(VEC_XM), 0, "ADDPS with only PE unmasked: #XM");
    CHECK_EQ(mx_out, UNMASK(PE) | IE | DE | PE, "every flag of every lane");
    mx_in = MXCSR_DEFAULT;
    check_trap(RUN("addps %%xmm1, %%xmm0"), 0, 0, "ADDPS all masked");
    CHECK_EQ(xr[1], 0x7fc00001u, "the SNaN comes out quiet");
    CHECK_EQ(xr[3], 0x40800000u, "2 + 2 = 4");
}

static void rounding_modes(void)
{
    static const u32 third[4] = {0x3eaaaaabu, 0x3eaaaaaau, 0x3eaaaaabu, 0x3eaaaaaau};
    static const u64 half_up[4] = {2, 2, 3, 2}, half_down[4] = {(u64)-2, (u64)-3, (u64)-2, (u64)-2};
    static const u32 big[4] = {0x4b800002u, 0x4b800001u, 0x4b800002u, 0x4b800001u}; /* 2^24 + 3 */
    for (u32 rc = 0; rc < 4; rc++) {
        mx_in = RC(rc);
        singles(xa, F_ONE, 0, 0, 0);
        singles(xb, F_THREE, 0, 0, 0);
        RUN("divss %%xmm1, %%xmm0");
        CHECK_EQ(xr[0], third[rc], "RC=%u: 1/3", rc);
        CHECK_EQ(mx_out, RC(rc) | PE, "RC=%u: 1/3 is inexact", rc);

        db[0] = 0x4004000000000000ull; /* 2.5 */
        RUN_D("cvtsd2si %%xmm1, %%rax\n\tmov %%rax, gpr_out(%%rip)");
        CHECK_EQ(gpr_out, half_up[rc], "RC=%u: CVTSD2SI 2.5", rc);
        db[0] = 0xc004000000000000ull; /* -2.5 */
        RUN_D("cvtsd2si %%xmm1, %%rax\n\tmov %%rax, gpr_out(%%rip)");
        CHECK_EQ(gpr_out, half_down[rc], "RC=%u: CVTSD2SI -2.5", rc);

        db[0] = 0x4004000000000000ull;
        RUN_D("roundsd $4, %%xmm1, %%xmm0");
        CHECK_EQ(dr[0], 0x4000000000000000ull + (rc == 2 ? 0x8000000000000ull : 0), "RC=%u: ROUNDSD with MXCSR's mode", rc);
        CHECK_EQ(mx_out, RC(rc) | PE, "RC=%u: ROUNDSD raises PE", rc);
        RUN_D("roundsd $0xc, %%xmm1, %%xmm0");
        CHECK_EQ(mx_out, RC(rc), "RC=%u: ROUNDSD with PE suppressed", rc);

        gpr_out = (1u << 24) + 3; /* 2^24 + 3: halfway between two binary32 values */
        RUN("mov gpr_out(%%rip), %%eax\n\tcvtsi2ss %%eax, %%xmm0");
        CHECK_EQ(xr[0], big[rc], "RC=%u: CVTSI2SS 2^24 + 3", rc);
    }
    mx_in = MXCSR_DEFAULT;
    db[0] = 0xc004000000000000ull;
    RUN_D("roundsd $1, %%xmm1, %%xmm0");
    CHECK_EQ(dr[0], 0xc008000000000000ull, "ROUNDSD's immediate overrides MXCSR: floor(-2.5) = -3");
    RUN_D("roundsd $3, %%xmm1, %%xmm0");
    CHECK_EQ(dr[0], 0xc000000000000000ull, "ROUNDSD toward zero: -2");
}

static void denormals(void)
{
    singles(xa, F_MIN_NORMAL, 0, 0, 0);
    singles(xb, 0x3f000000u, 0, 0, 0); /* 0.5 */
    mx_in = MXCSR_DEFAULT;
    RUN("mulss %%xmm1, %%xmm0");
    CHECK_EQ(xr[0], 0x00400000u, "a tiny exact product is a denormal");
    CHECK_EQ(mx_out, MXCSR_DEFAULT, "exact: no UE while UE is masked");
    mx_in = MXCSR_DEFAULT | FTZ;
    RUN("mulss %%xmm1, %%xmm0");
    CHECK_EQ(xr[0], 0, "FTZ flushes it to zero");
    CHECK_EQ(mx_out, MXCSR_DEFAULT | FTZ | UE | PE, "FTZ: UE and PE");
    singles(xa, F_DENORMAL, 0, 0, 0);
    singles(xb, F_ONE, 0, 0, 0);
    mx_in = MXCSR_DEFAULT;
    RUN("addss %%xmm1, %%xmm0");
    CHECK_EQ(mx_out, MXCSR_DEFAULT | DE | PE, "a denormal operand raises DE");
    mx_in = MXCSR_DEFAULT | DAZ;
    RUN("addss %%xmm1, %%xmm0");
    CHECK_EQ(xr[0], F_ONE, "DAZ: denormal + 1 = 1");
    CHECK_EQ(mx_out, MXCSR_DEFAULT | DAZ, "DAZ: no DE, exact");
}

static void conversions(void)
{
    mx_in = MXCSR_DEFAULT;
    singles(xb, F_QNAN, 0, 0, 0);
    RUN("cvttss2si %%xmm1, %%eax\n\tmov %%rax, gpr_out(%%rip)");
    CHECK_EQ(gpr_out, 0x80000000u, "CVTTSS2SI of a NaN: the integer indefinite");
    CHECK_EQ(mx_out, MXCSR_DEFAULT | IE, "and IE");
    db[0] = 0x7e37e43c8800759cull; /* 1e300 */
    RUN_D("cvttsd2si %%xmm1, %%rax\n\tmov %%rax, gpr_out(%%rip)");
    CHECK_EQ(gpr_out, 0x8000000000000000ull, "CVTTSD2SI r64 of 1e300: the 64-bit indefinite");
    db[0] = 0x41e0000000000000ull; /* 2^31 */
    RUN_D("cvtsd2si %%xmm1, %%eax\n\tmov %%rax, gpr_out(%%rip)");
    CHECK_EQ(gpr_out, 0x80000000u, "CVTSD2SI r32 of 2^31: out of range");
    da[0] = 0x4000000000000000ull;
    da[1] = 0x4000000000000000ull;
    db[0] = 0x3ff8000000000000ull; /* 1.5 */
    db[1] = 0xc01e000000000000ull; /* -7.5 */
    RUN_D("cvtpd2dq %%xmm1, %%xmm0");
    CHECK_EQ(dr[0], 0xfffffff800000002ull, "CVTPD2DQ: 2 and -8, to nearest even");
    CHECK_EQ(dr[1], 0, "CVTPD2DQ zeroes the high quadword");
}

static void comparisons(void)
{
    mx_in = MXCSR_DEFAULT;
    singles(xa, F_QNAN, 0, 0, 0);
    singles(xb, F_ONE, 0, 0, 0);
    RUN("ucomiss %%xmm1, %%xmm0\n\tpushfq\n\tpopq flags_out(%%rip)");
    check_flags(flags_out, F_ZF | F_PF | F_CF, F_ARITH,
                "UCOMISS unordered: ZF PF CF");
    CHECK_EQ(mx_out, MXCSR_DEFAULT, "UCOMISS of a QNaN: no IE");
    RUN("comiss %%xmm1, %%xmm0");
    CHECK_EQ(mx_out, MXCSR_DEFAULT | IE, "COMISS of a QNaN: IE");
    singles(xa, F_ONE, 0, 0, 0);
    singles(xb, F_TWO, 0, 0, 0);
    RUN("comiss %%xmm1, %%xmm0\n\tpushfq\n\tpopq flags_out(%%rip)");
    check_flags(flags_out, F_CF, F_ARITH, "COMISS 1 < 2: CF");

    singles(xa, F_ONE, F_TWO, F_THREE, F_QNAN);
    singles(xb, F_TWO, F_TWO, F_TWO, F_TWO);
    RUN("cmpleps %%xmm1, %%xmm0");
    CHECK(xr[0] == ~0u && xr[1] == ~0u && xr[2] == 0 && xr[3] == 0, "CMPLEPS masks: less, equal, greater, unordered");
    RUN("cmpnltps %%xmm1, %%xmm0");
    CHECK(xr[0] == 0 && xr[1] == ~0u && xr[2] == ~0u && xr[3] == ~0u, "CMPNLTPS is true for unordered");
    RUN("cmpps $0xfb, %%xmm1, %%xmm0"); /* imm8 bits 7-3 ignored: 3 = UNORD */
    CHECK(xr[0] == 0 && xr[3] == ~0u, "legacy CMPPS uses imm8 bits 2-0");

    singles(xa, F_QNAN, 0x80000000u, F_ONE, F_ONE);
    singles(xb, F_ONE, F_ZERO, F_SNAN, F_TWO);
    RUN("minps %%xmm1, %%xmm0");
    CHECK(xr[0] == F_ONE && xr[1] == F_ZERO && xr[2] == F_SNAN && xr[3] == F_ONE,
          "MINPS: the second operand for a NaN or equal zeros, not quieted");
    CHECK_EQ(mx_out, MXCSR_DEFAULT | IE, "MINPS: a NaN is invalid");
}

static void dot_product_and_reciprocal(void)
{
    mx_in = MXCSR_DEFAULT;
    singles(xa, 0x4e800000u, F_ONE, 0xce800000u, F_ONE); /* 2^30, 1, -2^30, 1 */
    singles(xb, F_ONE, F_ONE, F_ONE, F_ONE);
    RUN("dpps $0xf1, %%xmm1, %%xmm0");
    CHECK_EQ(xr[0], 0, "DPPS adds in pairs: (2^30 + 1) + (-2^30 + 1) = 0 in binary32");
    CHECK_EQ(mx_out, MXCSR_DEFAULT | PE, "DPPS: inexact");
    singles(xb, F_ONE, 0, 0, 0);
    RUN("rcpss %%xmm1, %%xmm0");
    CHECK_EQ(xr[0], 0x3f7ff000u, "RCPSS 1.0 (Intel's table: the reciprocal of the interval's midpoint)");
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    sys_init();
    WRITE_CR(4, READ_CR(4) | CR4_OSFXSR | CR4_OSXMMEXCPT);
    exception_delivery();
    packed_exceptions();
    rounding_modes();
    denormals();
    conversions();
    comparisons();
    dot_product_and_reciprocal();
    return rom_finish();
}

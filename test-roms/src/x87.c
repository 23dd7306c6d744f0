/*
 * The x87 FPU, written as inline assembly (ROMs are built with -mno-80387):
 * arithmetic results to the last bit under rounding and precision control,
 * conversions (integers, BCD), compares into the condition codes and EFLAGS,
 * FXAM, the constants, a stack overflow's masked response; the FNSTENV and
 * FNSAVE images (32- and 16-bit layouts) and FRSTOR/FLDENV; a pending
 * unmasked exception reported by #MF at the next FWAIT with CR0.NE set, and
 * through FERR# as IRQ 13 of the PIC pair with CR0.NE clear; FWAIT's #NM
 * under CR0.MP and CR0.TS.
 */
#include "sys.h"
#include "pcdev.h"

#define CR0_MP (1u << 1)
#define CR0_EM (1u << 2)
#define CR0_TS (1u << 3)
#define CR0_NE (1u << 5)

struct f80 {
    u64 significand;
    u16 sign_exponent;
} __attribute__((packed));

static u8 env[28], env16[14], state[108], state16[94];
static struct f80 out;

static u16 status_word(void)
{
    u16 sw;
    __asm__ volatile("fnstsw %0" : "=a"(sw));
    return sw;
}

static void load_control(u16 cw)
{
    __asm__ volatile("fldcw %0" : : "m"(cw));
}

static u16 get16(const u8 *p)
{
    return (u16)(p[0] | p[1] << 8);
}

static u64 get64(const u8 *p)
{
    u64 v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* Pops ST(0) into `out`. */
static void pop_out(void)
{
    __asm__ volatile("fstpt %0" : "=m"(out));
}

static int check_out(u16 se, u64 sig, const char *what)
{
    return check_true(out.sign_exponent == se && out.significand == sig, "%s = %04x:%016lx (got %04x:%016lx)", what,
                      se, sig, out.sign_exponent, out.significand);
}

static void arithmetic(void)
{
    static const i32 three = 3;
    __asm__ volatile("fninit; fld1; fidivl %0" : : "m"(three));
    u16 sw = status_word();
    pop_out();
    check_out(0x3ffd, 0xaaaaaaaaaaaaaaabull, "1/3 rounded to nearest");
    CHECK_EQ(sw & 0x0220, 0x0220, "1/3: PE set and C1 set (rounded up)");

    load_control(0x0f7f);
    __asm__ volatile("fld1; fidivl %0" : : "m"(three));
    pop_out();
    check_out(0x3ffd, 0xaaaaaaaaaaaaaaaaull, "1/3 rounded toward zero");

    load_control(0x007f);
    __asm__ volatile("fld1; fidivl %0" : : "m"(three));
    pop_out();
    check_out(0x3ffd, 0xaaaaab0000000000ull, "1/3 at 24-bit precision");

    load_control(0x037f);
    static const i32 two = 2;
    __asm__ volatile("fildl %0; fsqrt" : : "m"(two));
    pop_out();
    check_out(0x3fff, 0xb504f333f9de6484ull, "sqrt(2)");

    static const double tenth = 0.1;
    static const float quarter = 0.25f;
    __asm__ volatile("fldl %0; fmuls %1; fadd %%st(0), %%st" : : "m"(tenth), "m"(quarter));
    pop_out();
    check_out(0x3ffa, 0xccccccccccccd000ull, "0.1 * 0.25 * 2 from double and float operands");

    static const i64 big = -1234567890123456789ll;
    i64 back = 0;
    __asm__ volatile("fildll %1; fistpll %0" : "=m"(back) : "m"(big));
    CHECK_EQ(back, big, "FILD/FISTP of a 64-bit integer");

    static const float two_and_half = 2.5f;
    i32 r[4];
    for (int rc = 0; rc < 4; rc++) {
        load_control((u16)(0x037f | rc << 10));
        __asm__ volatile("flds %1; fistpl %0" : "=m"(r[rc]) : "m"(two_and_half));
    }
    CHECK(r[0] == 2 && r[1] == 2 && r[2] == 3 && r[3] == 2, "FISTP 2.5 under RC nearest/down/up/chop = %d %d %d %d",
          r[0], r[1], r[2], r[3]);
    load_control(0x037f);
    i16 truncated = 0;
    static const float minus = -7.75f;
    __asm__ volatile("flds %1; fisttps %0" : "=m"(truncated) : "m"(minus));
    CHECK_EQ((u16)truncated, (u16)-7, "FISTTP truncates -7.75");

    static const u8 bcd_in[10] = {0x78, 0x56, 0x34, 0x12, 0x90, 0x78, 0x56, 0x34, 0x12, 0x80};
    u8 bcd_out[10];
    __asm__ volatile("fbld %1; fbstp %0" : "=m"(bcd_out) : "m"(bcd_in));
    CHECK(memcmp(bcd_in, bcd_out, 10) == 0, "FBLD/FBSTP round trip of -123456789012345678");

    load_control(0x077f);
    __asm__ volatile("fldpi");
    pop_out();
    check_out(0x4000, 0xc90fdaa22168c234ull, "FLDPI rounded down");
    load_control(0x037f);
    __asm__ volatile("fldl2e");
    pop_out();
    check_out(0x3fff, 0xb8aa3b295c17f0bcull, "FLDL2E rounded to nearest");
}

static void compares(void)
{
    u64 flags;
    __asm__ volatile("fninit; fld1; fldz; fcomip %%st(1), %%st; fstp %%st(0); pushfq; pop %0" : "=r"(flags));
    CHECK_EQ(flags & 0x45, 0x01, "FCOMIP 0 < 1: CF");
    __asm__ volatile("fldz; fldz; fchs; fucomip %%st(1), %%st; fstp %%st(0); pushfq; pop %0" : "=r"(flags));
    CHECK_EQ(flags & 0x45, 0x40, "FUCOMIP -0 = +0: ZF");
    static const u32 qnan = 0x7fc00000;
    __asm__ volatile("flds %1; fld1; fucomip %%st(1), %%st; fstp %%st(0); pushfq; pop %0" : "=r"(flags) : "m"(qnan));
    CHECK_EQ(flags & 0x45, 0x45, "FUCOMIP with a NaN: unordered (ZF PF CF)");
    CHECK_EQ(status_word() & 0x01, 0, "FUCOMI of a QNaN raises no IE");

    static const double minus_two = -2.0;
    __asm__ volatile("fninit; fld1; fcoml %0" : : "m"(minus_two));
    CHECK_EQ(status_word() & 0x4700, 0x0000, "FCOM 1 > -2: C3 C2 C0 = 000");
    __asm__ volatile("fcompl %0" : : "m"(minus_two));
    static const i16 one = 1;
    __asm__ volatile("fld1; ficoms %0" : : "m"(one));
    CHECK_EQ(status_word() & 0x4700, 0x4000, "FICOM 1 = 1: C3");
    __asm__ volatile("fchs; ftst");
    CHECK_EQ(status_word() & 0x4700, 0x0100, "FTST -1: C0");
    __asm__ volatile("fxam");
    CHECK_EQ(status_word() & 0x4700, 0x0600, "FXAM -1: normal (C2) and negative (C1)");
    __asm__ volatile("fstp %st(0); fxam");
    CHECK_EQ(status_word() & 0x4500, 0x4100, "FXAM of an empty ST(0): C3 C0");
}

static void stack_overflow(void)
{
    __asm__ volatile("fninit");
    for (int i = 0; i < 8; i++)
        __asm__ volatile("fld1");
    CHECK_EQ(status_word() & 0x3841, 0x0000, "eight pushes: TOP 0, no fault");
    __asm__ volatile("fldz");
    CHECK_EQ(status_word() & 0x3a41, 0x3a41, "ninth push: stack overflow (IE SF C1), TOP 7");
    pop_out();
    check_out(0xffff, 0xc000000000000000ull, "the masked overflow pushed the real indefinite");
    __asm__ volatile("fninit");
}

static void images(void)
{
    __asm__ volatile("fninit");
    load_control(0x0260);
    __asm__ volatile("fld1; fldz; fnstenv %0" : "=m"(env));
    CHECK_EQ(get16(env + 0), 0x0260, "FNSTENV: control word");
    CHECK_EQ(get16(env + 4), 0x3000, "FNSTENV: status word (TOP 6)");
    CHECK_EQ(get16(env + 8), 0x1fff, "FNSTENV: tag word (R7 valid, R6 zero, others empty)");
    u16 cw;
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    CHECK_EQ(cw, 0x027f, "FNSTENV masks every exception");
    __asm__ volatile("fldenv %0" : : "m"(env));
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    CHECK_EQ(cw, 0x0260, "FLDENV restores the control word");
    __asm__ volatile("data16 fnstenv %0" : "=m"(env16));
    CHECK(get16(env16 + 0) == 0x0260 && get16(env16 + 2) == 0x3000 && get16(env16 + 4) == 0x1fff,
          "16-bit FNSTENV: control, status, tag at 0, 2, 4");

    load_control(0x027f);
    __asm__ volatile("fnsave %0" : "=m"(state));
    CHECK(get16(state + 0) == 0x027f && get16(state + 4) == 0x3000 && get16(state + 8) == 0x1fff,
          "FNSAVE: the environment");
    CHECK(get64(state + 28) == 0 && get16(state + 36) == 0, "FNSAVE: ST(0) = +0 at byte 28");
    CHECK(get64(state + 38) == 0x8000000000000000ull && get16(state + 46) == 0x3fff, "FNSAVE: ST(1) = 1 at byte 38");
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    CHECK_EQ(cw, 0x037f, "FNSAVE initializes: control 0x37f");
    CHECK_EQ(status_word(), 0, "FNSAVE initializes: status 0");
    __asm__ volatile("frstor %0" : : "m"(state));
    __asm__ volatile("data16 fnsave %0" : "=m"(state16));
    CHECK(get16(state16 + 0) == 0x027f && get16(state16 + 2) == 0x3000 && get16(state16 + 4) == 0x1fff
              && get64(state16 + 24) == 0x8000000000000000ull,
          "16-bit FNSAVE: environment in 14 bytes, ST(1) = 1 at byte 24");
    __asm__ volatile("data16 frstor %0" : : "m"(state16));
    pop_out();
    check_out(0, 0, "FRSTOR: ST(0) back");
    pop_out();
    check_out(0x3fff, 0x8000000000000000ull, "FRSTOR: ST(1) back");
    __asm__ volatile("fninit");
}

static volatile u32 mf_count, nm_count, irq13_count;
static volatile u64 mf_rip;

static int mf_hook(struct sys_frame *f)
{
    mf_count++;
    mf_rip = f->rip;
    __asm__ volatile("fnclex");
    return 1;
}

static int nm_hook(struct sys_frame *f)
{
    (void)f;
    nm_count++;
    __asm__ volatile("clts");
    return 1;
}

static int irq13_hook(struct sys_frame *f)
{
    (void)f;
    irq13_count++;
    __asm__ volatile("fnclex");
    outb(0xF0, 0); /* a PC's FERR# latch: cleared by writing port 0xF0 */
    outb(PIC2_CMD, PIC_EOI);
    outb(PIC1_CMD, PIC_EOI);
    return 1;
}

/* 1/0 with ZE unmasked: the division stores nothing and leaves the exception pending. */
static void divide_by_zero(void)
{
    load_control(0x037b);
    __asm__ volatile("fld1; fldz; fdivrp %%st, %%st(1)" ::: "memory");
}

static void reporting(void)
{
    __asm__ volatile("fninit");
    sys_hooks[16] = mf_hook;
    WRITE_CR(0, READ_CR(0) | CR0_NE);
    divide_by_zero();
    CHECK_EQ(status_word() & 0x80ff, 0x8084, "unmasked ZE: pending (ES, B), ZE flagged");
    CHECK_EQ(mf_count, 0, "FNSTSW does not wait: no #MF");
    u64 at;
    __asm__ volatile("lea 1f(%%rip), %0\n1: fwait" : "=r"(at) : : "memory");
    CHECK_EQ(mf_count, 1, "CR0.NE: FWAIT raises #MF");
    CHECK_EQ(mf_rip, at, "#MF reports the FWAIT's address");
    CHECK_EQ(status_word() & 0x80ff, 0, "the handler's FNCLEX cleared the exception");
    __asm__ volatile("fninit");
    divide_by_zero();
    __asm__ volatile("lea 1f(%%rip), %0\n1: fld1" : "=r"(at) : : "memory");
    CHECK_EQ(mf_count, 2, "a waiting x87 instruction (FLD1) reports it too");
    CHECK_EQ(mf_rip, at, "at the FLD1, which runs after the handler");
    CHECK_EQ(status_word() & 0x3800, 0x2800, "the restarted FLD1 pushed once (TOP 5)");
    divide_by_zero();
    __asm__ volatile("fninit; fwait" ::: "memory");
    CHECK_EQ(mf_count, 2, "FNINIT discards a pending exception without #MF");
    sys_hooks[16] = 0;

    __asm__ volatile("fninit");
    WRITE_CR(0, READ_CR(0) & ~(u64)CR0_NE);
    sys_hooks[IRQ_BASE + 13] = irq13_hook;
    pic_remap();
    outb(PIC1_DATA, 0xFB); /* the cascade */
    outb(PIC2_DATA, 0xDF); /* IRQ 13 */
    __asm__ volatile("sti" ::: "memory");
    divide_by_zero();
    __asm__ volatile("fwait; nop; nop" ::: "memory");
    __asm__ volatile("cli" ::: "memory");
    CHECK_EQ(irq13_count, 1, "no CR0.NE: the pending exception interrupts through FERR# and IRQ 13");
    CHECK_EQ(mf_count, 2, "and raises no #MF");
    CHECK_EQ(status_word() & 0x80ff, 0, "the IRQ 13 handler cleared it");
    outb(PIC2_DATA, 0xFF);
    outb(PIC1_DATA, 0xFF);
    WRITE_CR(0, READ_CR(0) | CR0_NE);
    __asm__ volatile("fninit");

    sys_hooks[7] = nm_hook;
    WRITE_CR(0, READ_CR(0) | CR0_TS);
    __asm__ volatile("fwait" ::: "memory");
    CHECK_EQ(nm_count, 0, "CR0.TS without CR0.MP: FWAIT runs");
    WRITE_CR(0, READ_CR(0) | CR0_MP);
    __asm__ volatile("fwait" ::: "memory");
    CHECK_EQ(nm_count, 1, "CR0.MP and CR0.TS: FWAIT raises #NM");
    WRITE_CR(0, READ_CR(0) | CR0_TS);
    __asm__ volatile("fld1" ::: "memory");
    CHECK_EQ(nm_count, 2, "CR0.TS: an x87 instruction raises #NM");
    __asm__ volatile("fninit");
    WRITE_CR(0, READ_CR(0) & ~(u64)CR0_MP);
    sys_hooks[7] = 0;
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    sys_init();
    WRITE_CR(0, (READ_CR(0) & ~(u64)(CR0_EM | CR0_TS)) | CR0_NE);
    arithmetic();
    compares();
    stack_overflow();
    images();
    reporting();
    return rom_finish();
}

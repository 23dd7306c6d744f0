/*
 * The local APIC in xAPIC mode: base MSR, ID and version, software enable
 * through the spurious-vector register, a self IPI (ICR "self" shorthand)
 * delivered once and in service until EOI, TPR masking (a vector in or below
 * the TPR's class waits in IRR until the TPR is lowered; PPR; CR8 is the TPR
 * class), the timer in one-shot (fires once, current count decreasing then 0)
 * and periodic mode (at least 5 interrupts), then the TSC-deadline timer and
 * the x2APIC ID/version/SELF IPI MSRs when CPUID advertises them (one line
 * either way: QEMU 7.2's TCG advertises neither).  QEMU's APIC timer runs on
 * host time, so only timing-independent facts are printed.  The PICs are
 * remapped and masked so nothing else interrupts.
 */
#include "sys.h"
#include "pcdev.h"

#define APIC 0xFEE00000ul
#define ID 0x20
#define VER 0x30
#define TPR 0x80
#define PPR 0xA0
#define EOI 0xB0
#define SVR 0xF0
#define ISR 0x100
#define IRR 0x200
#define ICR_LOW 0x300
#define ICR_HIGH 0x310
#define LVT_TIMER 0x320
#define TIMER_INITIAL 0x380
#define TIMER_CURRENT 0x390
#define TIMER_DIVIDE 0x3E0
#define APIC_BASE_MSR 0x1B
#define TSC_DEADLINE_MSR 0x6E0
#define SPIN_LIMIT 400000000u

#define V_SELF 0x40
#define V_LOW 0x41
#define V_ONESHOT 0x50
#define V_PERIODIC 0x51
#define V_DEADLINE 0x52
#define V_X2 0x53
#define V_SPURIOUS 0xFF

static volatile u32 counts[256];
static volatile u32 isr_in_handler;

static u32 rd(u32 reg) { return *(volatile u32 *)(APIC + reg); }
static void wr(u32 reg, u32 v) { *(volatile u32 *)(APIC + reg) = v; }
static int vector_bit(u32 base, u32 v) { return (rd(base + (v / 32) * 0x10) >> (v % 32)) & 1; }

/* Counts the vector and notes whether it is in service; EOIs unless it is the self IPI (checked outside). */
static int count_hook(struct sys_frame *f)
{
    (void)f;
    u32 v = (u32)f->vector;
    counts[v]++;
    if (v == V_SELF) {
        isr_in_handler = vector_bit(ISR, v);
        return 1;
    }
    if (v == V_X2 || v == V_DEADLINE) {
        if (rdmsr(APIC_BASE_MSR) & 0x400) wrmsr(0x80B, 0);
        else wr(EOI, 0);
        return 1;
    }
    if (v != V_SPURIOUS) wr(EOI, 0);
    return 1;
}

static void sti_nop_cli(void) { __asm__ volatile("sti; nop; cli" ::: "memory"); }
static void sti_hlt_cli(void) { __asm__ volatile("sti; hlt; cli" ::: "memory"); }

static void self_ipi(u32 vector)
{
    wr(ICR_HIGH, 0);
    wr(ICR_LOW, 1u << 18 | vector); /* shorthand self, fixed, edge */
}

static void basics(void)
{
    u64 base = rdmsr(APIC_BASE_MSR);
    CHECK_EQ(base & 0xFFFFF000u, APIC, "APIC_BASE: base 0xFEE00000");
    CHECK_EQ(base & 0x900, 0x900, "APIC_BASE: enabled, BSP");
    u32 a, b, c, d;
    cpuid(1, 0, &a, &b, &c, &d);
    CHECK_EQ(rd(ID) >> 24, b >> 24, "ID register is CPUID.1 EBX[31:24]");
    CHECK_EQ(rd(VER) & 0xFF, 0x14, "version 0x14");
    CHECK_EQ((rd(VER) >> 16) & 0xFF, 5, "max LVT entry 5");
    wr(SVR, 0x100 | V_SPURIOUS);
    CHECK_EQ(rd(SVR) & 0x1FF, 0x1FF, "SVR: software enabled, spurious vector 0xFF");
}

static void self_ipis(void)
{
    wr(TPR, 0);
    self_ipi(V_SELF);
    CHECK_EQ(vector_bit(IRR, V_SELF), 1, "self IPI pending in IRR with IF clear");
    CHECK_EQ(counts[V_SELF], 0, "and not delivered");
    sti_nop_cli();
    CHECK_EQ(counts[V_SELF], 1, "self IPI delivered once STI allows");
    CHECK_EQ(isr_in_handler, 1, "ISR bit set in the handler");
    CHECK_EQ(vector_bit(IRR, V_SELF), 0, "IRR bit clear once delivered");
    CHECK_EQ(vector_bit(ISR, V_SELF), 1, "ISR bit still set before EOI");
    CHECK_EQ(rd(PPR) & 0xF0, 0x40, "PPR is the in-service class");
    wr(EOI, 0);
    CHECK_EQ(vector_bit(ISR, V_SELF), 0, "EOI clears the ISR bit");
    sti_nop_cli();
    CHECK_EQ(counts[V_SELF], 1, "delivered only once");

    wr(TPR, 0x50);
    CHECK_EQ(rd(PPR) & 0xF0, 0x50, "PPR follows the TPR");
    self_ipi(V_LOW);
    for (int i = 0; i < 100; i++)
        sti_nop_cli();
    CHECK_EQ(counts[V_LOW], 0, "a vector below the TPR class is held");
    CHECK_EQ(vector_bit(IRR, V_LOW), 1, "and waits in IRR");
    wr(TPR, 0x40);
    sti_nop_cli();
    CHECK_EQ(counts[V_LOW], 0, "a vector in the TPR's class is held too");
    u64 cr8;
    __asm__ volatile("mov %%cr8, %0" : "=r"(cr8));
    CHECK_EQ(cr8, 4, "CR8 reads the TPR class");
    __asm__ volatile("mov %0, %%cr8" : : "r"(3ul));
    CHECK_EQ(rd(TPR), 0x30, "a CR8 write sets the TPR");
    sti_nop_cli();
    CHECK_EQ(counts[V_LOW], 1, "delivered once the TPR is lowered");
    wr(TPR, 0);
}

static void timer(void)
{
    wr(TIMER_DIVIDE, 0xB); /* divide by 1 */
    wr(LVT_TIMER, V_ONESHOT);
    /* Counting is watched on a count long enough (seconds of QEMU's host time) that a descheduled vCPU
     * still finds it running; writing the initial count again restarts the one-shot for the interrupt. */
    wr(TIMER_INITIAL, 0xFFFFFFFFu);
    u32 a = rd(TIMER_CURRENT), b = a;
    for (u32 i = 0; i < SPIN_LIMIT && b == a; i++)
        b = rd(TIMER_CURRENT);
    CHECK(b < a, "one-shot: the current count decreases");
    wr(TIMER_INITIAL, 2000000);
    for (u32 i = 0; i < SPIN_LIMIT && !counts[V_ONESHOT]; i++)
        sti_hlt_cli();
    CHECK_EQ(counts[V_ONESHOT], 1, "one-shot: one interrupt");
    CHECK_EQ(rd(TIMER_CURRENT), 0, "one-shot: current count 0 after it fires");
    wr(LVT_TIMER, V_PERIODIC | 1u << 17);
    wr(TIMER_INITIAL, 100000);
    for (u32 i = 0; i < SPIN_LIMIT && counts[V_PERIODIC] < 5; i++)
        sti_hlt_cli();
    CHECK(counts[V_PERIODIC] >= 5, "periodic: at least 5 interrupts");
    CHECK_EQ(counts[V_ONESHOT], 1, "the one-shot never fired again");
    wr(TIMER_INITIAL, 0);
    CHECK_EQ(rd(TIMER_CURRENT), 0, "initial count 0 stops the timer");
    wr(LVT_TIMER, 0x10000 | V_PERIODIC);
}

/* TSC-deadline mode: an interrupt once the TSC passes the deadline, which then reads 0. */
static int tsc_deadline(void)
{
    wr(LVT_TIMER, V_DEADLINE | 2u << 17);
    wrmsr(TSC_DEADLINE_MSR, rdtsc() + 100000);
    for (u32 i = 0; i < SPIN_LIMIT && !counts[V_DEADLINE]; i++)
        sti_hlt_cli();
    int ok = counts[V_DEADLINE] == 1 && rdmsr(TSC_DEADLINE_MSR) == 0;
    wr(LVT_TIMER, 0x10000);
    return ok;
}

/* x2APIC mode: ID and version as MSRs, a SELF IPI, then back to xAPIC through the disabled state. */
static int x2apic(void)
{
    u32 a, b, c, d;
    cpuid(1, 0, &a, &b, &c, &d);
    u64 base = rdmsr(APIC_BASE_MSR);
    wrmsr(APIC_BASE_MSR, base | 0x400);
    int ok = rdmsr(0x802) == b >> 24 && (rdmsr(0x803) & 0xFF) == 0x14;
    wrmsr(0x83F, V_X2);
    sti_nop_cli();
    ok = ok && counts[V_X2] == 1;
    wrmsr(APIC_BASE_MSR, base & ~0xC00ul);
    wrmsr(APIC_BASE_MSR, base);
    return ok && (rd(VER) & 0xFF) == 0x14;
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    sys_init();
    pic_remap();
    for (u32 v = V_SELF; v <= V_X2; v++)
        sys_hooks[v] = count_hook;
    sys_hooks[V_SPURIOUS] = count_hook;
    if (!CHECK(sys_has(1, 3, 9), "CPUID has an APIC"))
        return rom_finish();
    basics();
    self_ipis();
    timer();
    int has_deadline = sys_has(1, 2, 24);
    CHECK(!has_deadline || tsc_deadline(), "TSC-deadline interrupt, deadline then 0 (when CPUID has it)");
    int has_x2 = sys_has(1, 2, 21);
    CHECK(!has_x2 || x2apic(), "x2APIC ID, version and SELF IPI MSRs (when CPUID has it)");
    CHECK_EQ(counts[V_SPURIOUS], 0, "no spurious interrupts");
    return rom_finish();
}

/*
 * NMIs through the local APIC: an NMI IPI to this APIC (ICR delivery mode NMI,
 * physical destination = own APIC ID, no shorthand: SDM Table 10-3 marks the
 * "self" shorthand invalid for NMIs) is taken with RFLAGS.IF clear right after
 * the ICR write; NMI delivery blocks further NMIs until the next IRET (SDM
 * 6.7.1), so an NMI raised inside the handler waits and is taken after its
 * IRETQ; the NMI input latches one pending NMI, so two raised inside the
 * handler give exactly one more.  The PICs are remapped and masked so nothing
 * else interrupts.
 */
#include "sys.h"
#include "pcdev.h"

#define APIC 0xFEE00000ul
#define ID 0x20
#define SVR 0xF0
#define ICR_LOW 0x300
#define ICR_HIGH 0x310
#define ICR_NMI (4u << 8)
#define ICR_ASSERT (1u << 14)
#define V_NMI 2
#define V_SPURIOUS 0xFF
/* Polls allowed for an NMI that should arrive, and spent waiting for one that must not. */
#define ARRIVE_POLLS 1000u
#define QUIET_POLLS 200000u

static volatile u32 nmis;
/* NMI IPIs the first NMI of a test sends from inside its handler. */
static volatile u32 raise_inside;
/* What the first NMI's handler saw: NMIs counted after its spin, RFLAGS it interrupted. */
static volatile u32 nmis_in_handler;
static volatile u64 interrupted_rflags;

static u32 rd(u32 reg) { return *(volatile u32 *)(APIC + reg); }
static void wr(u32 reg, u32 v) { *(volatile u32 *)(APIC + reg) = v; }

static void send_nmi(void)
{
    wr(ICR_HIGH, rd(ID) & 0xFF000000u);
    wr(ICR_LOW, ICR_NMI | ICR_ASSERT);
}

/* Polls until at least n NMIs were counted or the bound runs out; returns the count. */
static u32 wait_nmis(u32 n, u32 polls)
{
    for (u32 i = 0; i < polls && nmis < n; i++)
        __asm__ volatile("" ::: "memory");
    return nmis;
}

static int nmi_hook(struct sys_frame *f)
{
    u32 n = ++nmis;
    if (n != 1)
        return 1;
    interrupted_rflags = f->rflags;
    for (u32 i = 0; i < raise_inside; i++)
        send_nmi();
    nmis_in_handler = raise_inside ? wait_nmis(2, QUIET_POLLS) : n;
    return 1;
}

static void one_nmi(void)
{
    nmis = 0;
    raise_inside = 0;
    __asm__ volatile("cli" ::: "memory");
    send_nmi();
    CHECK_EQ(wait_nmis(1, ARRIVE_POLLS), 1, "NMI IPI delivered right after the ICR write with IF clear");
    CHECK_EQ(interrupted_rflags & F_IF, 0, "the NMI interrupted code with IF clear");
    CHECK_EQ(wait_nmis(2, QUIET_POLLS), 1, "one IPI, one NMI");
}

/* The first NMI's handler sends `inside` more NMI IPIs; exactly one more NMI follows its IRETQ. */
static void nmis_inside_handler(u32 inside, const char *what)
{
    nmis = 0;
    nmis_in_handler = 0;
    raise_inside = inside;
    send_nmi();
    /* Its IRETQ may let the pending NMI in before the poll reads the count. */
    CHECK(wait_nmis(1, ARRIVE_POLLS) >= 1, "%s: first NMI delivered", what);
    CHECK_EQ(nmis_in_handler, 1, "%s: no NMI nests inside the NMI handler", what);
    CHECK_EQ(wait_nmis(2, ARRIVE_POLLS), 2, "%s: the pending NMI is taken after the handler's IRETQ", what);
    CHECK_EQ(wait_nmis(3, QUIET_POLLS), 2, "%s: exactly two NMIs in total", what);
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    sys_init();
    pic_remap();
    sys_hooks[V_NMI] = nmi_hook;
    if (!CHECK(sys_has(1, 3, 9), "CPUID has an APIC"))
        return rom_finish();
    wr(SVR, 0x100 | V_SPURIOUS);
    one_nmi();
    nmis_inside_handler(1, "one NMI IPI in the handler");
    nmis_inside_handler(2, "two NMI IPIs in the handler (one latched)");
    return rom_finish();
}

/*
 * The I/O APIC at 0xFEC00000 with the 8259s masked: the version register
 * (0x20, 24 pins), every redirection entry masked at reset, PIT IRQ 0 routed
 * through pin 2 (the MADT's override) as an edge-triggered fixed interrupt to
 * the local APIC counted through STI;HLT waits, no interrupt once the entry is
 * masked again, then the RTC's periodic interrupt on pin 8 as a level-triggered
 * entry: remote IRR set in the handler while the vector is in service, cleared
 * by the local APIC's EOI broadcast.  QEMU's PIT and RTC run on host time, so
 * counts are lower bounds.
 */
#include "sys.h"
#include "pcdev.h"

#define IOAPIC 0xFEC00000ul
#define IOREGSEL 0x00
#define IOWIN 0x10
#define REG_VER 0x01
#define REDIR(pin) (0x10 + 2 * (pin))
#define E_MASKED (1u << 16)
#define E_LEVEL (1u << 15)
#define E_REMOTE_IRR (1u << 14)

#define LAPIC 0xFEE00000ul
#define LAPIC_ID 0x20
#define LAPIC_EOI 0xB0
#define LAPIC_SVR 0xF0

#define V_TIMER 0x30
#define V_RTC 0x31
#define V_SPURIOUS 0xFF
#define RTC_REG_A 0x0A
#define RTC_REG_B 0x0B
#define RTC_REG_C 0x0C
#define RTC_PIE 0x40

static volatile u32 timer_count, rtc_count, rtc_remote_irr;

static u32 io_read(u32 reg)
{
    *(volatile u32 *)(IOAPIC + IOREGSEL) = reg;
    return *(volatile u32 *)(IOAPIC + IOWIN);
}

static void io_write(u32 reg, u32 v)
{
    *(volatile u32 *)(IOAPIC + IOREGSEL) = reg;
    *(volatile u32 *)(IOAPIC + IOWIN) = v;
}

static u32 lapic_read(u32 reg) { return *(volatile u32 *)(LAPIC + reg); }
static void lapic_write(u32 reg, u32 v) { *(volatile u32 *)(LAPIC + reg) = v; }

static int timer_hook(struct sys_frame *f)
{
    (void)f;
    timer_count++;
    lapic_write(LAPIC_EOI, 0);
    return 1;
}

/* Register C drops the RTC's line before the EOI, else the level entry would send again at once. */
static int rtc_hook(struct sys_frame *f)
{
    (void)f;
    rtc_count++;
    rtc_remote_irr = io_read(REDIR(8)) & E_REMOTE_IRR;
    cmos(RTC_REG_C);
    lapic_write(LAPIC_EOI, 0);
    return 1;
}

static int spurious_hook(struct sys_frame *f)
{
    (void)f;
    return 1;
}

static void sti_hlt_cli(void)
{
    __asm__ volatile("sti; hlt; cli" ::: "memory");
}

/* About 10 ms (TSC cycles at up to 1 GHz) with interrupts enabled. */
static void sti_wait_cli(void)
{
    u64 t0 = rdtsc();
    __asm__ volatile("sti" ::: "memory");
    while (rdtsc() - t0 < 10000000)
        ;
    __asm__ volatile("cli" ::: "memory");
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    sys_init();
    sys_hooks[V_TIMER] = timer_hook;
    sys_hooks[V_RTC] = rtc_hook;
    sys_hooks[V_SPURIOUS] = spurious_hook;
    pic_remap(); /* and OCW1 0xFF on both: the 8259s stay silent */
    lapic_write(LAPIC_SVR, 0x100 | V_SPURIOUS);
    u32 dest = lapic_read(LAPIC_ID) & 0xFF000000u;

    u32 ver = io_read(REG_VER);
    CHECK_EQ(ver & 0xFF, 0x20, "IOAPIC version 0x20");
    CHECK_EQ((ver >> 16) & 0xFF, 23, "maximum redirection entry 23");
    int all_masked = 1;
    for (int pin = 0; pin < 24; pin++)
        all_masked &= (io_read(REDIR(pin)) & E_MASKED) != 0;
    CHECK(all_masked, "every redirection entry masked");

    /* PIT IRQ 0 arrives on pin 2: fixed, physical, edge, active high, to this APIC. */
    io_write(REDIR(2) + 1, dest);
    io_write(REDIR(2), V_TIMER);
    CHECK_EQ(io_read(REDIR(2)), V_TIMER, "pin 2 entry reads back");
    CHECK_EQ(io_read(REDIR(2) + 1), dest, "pin 2 destination reads back");
    pit_periodic(1193);
    while (timer_count < 5)
        sti_hlt_cli();
    CHECK(timer_count >= 5, "at least 5 PIT interrupts through IOAPIC pin 2");

    io_write(REDIR(2), E_MASKED | V_TIMER);
    sti_wait_cli(); /* an interrupt sent just before the mask lands here */
    u32 before = timer_count;
    sti_wait_cli();
    CHECK_EQ(timer_count, before, "no PIT interrupt with pin 2 masked");

    /* RTC periodic interrupt (IRQ 8) on pin 8, level-triggered. */
    io_write(REDIR(8) + 1, dest);
    io_write(REDIR(8), E_LEVEL | V_RTC);
    u8 b = cmos(RTC_REG_B);
    cmos(RTC_REG_C);
    cmos_write(RTC_REG_A, 0x26);
    cmos_write(RTC_REG_B, b | RTC_PIE);
    while (rtc_count < 5)
        sti_hlt_cli();
    cmos_write(RTC_REG_B, b);
    cmos(RTC_REG_C);
    /* A tick that came between the last handler's EOI and the CLI is still pending in the local APIC,
     * its remote IRR set (seen under QEMU, whose RTC runs on host time): let it in and end it. */
    sti_wait_cli();
    CHECK(rtc_count >= 5, "at least 5 RTC interrupts through IOAPIC pin 8");
    CHECK_EQ(rtc_remote_irr, E_REMOTE_IRR, "remote IRR set while the level interrupt is in service");
    CHECK_EQ(io_read(REDIR(8)) & E_REMOTE_IRR, 0, "the EOI broadcast cleared remote IRR");
    io_write(REDIR(8), E_MASKED | E_LEVEL | V_RTC);
    return rom_finish();
}

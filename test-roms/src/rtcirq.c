/*
 * The CMOS RTC's interrupt, IRQ 8 on the slave PIC (through the master's IR2):
 * periodic interrupts at 1024 Hz (register A rate 6) counted through STI;HLT
 * waits, each handler reading register C (PF and IRQF set, which clears them
 * and lets the next one in); IRQ 8 stays quiet for 10 ms with PIE off; then one
 * update-ended interrupt (UIE) whose register C has UF and IRQF and after which
 * the seconds register moved on.  Counts are lower bounds: QEMU's RTC runs on
 * host time.
 */
#include "sys.h"
#include "pcdev.h"

#define RTC_IRQ 8
#define REG_A 0x0A
#define REG_B 0x0B
#define REG_C 0x0C
#define B_PIE 0x40
#define B_UIE 0x10
#define C_IRQF 0x80
#define C_PF 0x40
#define C_UF 0x10

static volatile u32 interrupts;
static volatile u8 last_c, or_c;

static int irq8_hook(struct sys_frame *f)
{
    (void)f;
    interrupts++;
    last_c = cmos(REG_C);
    or_c |= last_c;
    outb(PIC2_CMD, PIC_EOI);
    outb(PIC1_CMD, PIC_EOI);
    return 1;
}

static void sti_hlt_cli(void)
{
    __asm__ volatile("sti; hlt; cli" ::: "memory");
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    sys_init();
    sys_hooks[IRQ_BASE + RTC_IRQ] = irq8_hook;
    pic_remap();
    outb(PIC1_DATA, 0xFB); /* the cascade input IR2 */
    outb(PIC2_DATA, 0xFE); /* IRQ 8 */
    u8 b = cmos(REG_B);
    cmos(REG_C); /* no flag left over from before */

    cmos_write(REG_A, 0x26);
    cmos_write(REG_B, b | B_PIE);
    while (interrupts < 5)
        sti_hlt_cli();
    CHECK(interrupts >= 5, "at least 5 periodic IRQ 8 interrupts through STI;HLT");
    CHECK_EQ(last_c & (C_IRQF | C_PF), C_IRQF | C_PF, "register C in the handler: IRQF and PF");

    cmos_write(REG_B, b);
    cmos(REG_C);
    u32 before = interrupts;
    /* Every enable off: about 10 ms (TSC cycles at up to 1 GHz) of 1024 Hz ticks raise no IRQ 8. */
    u64 t0 = rdtsc();
    __asm__ volatile("sti" ::: "memory");
    while (rdtsc() - t0 < 10000000)
        ;
    __asm__ volatile("cli" ::: "memory");
    CHECK_EQ(interrupts, before, "no IRQ 8 with every enable off");

    or_c = 0;
    u8 sec = cmos(0x00);
    cmos_write(REG_B, b | B_UIE);
    before = interrupts;
    while (interrupts == before)
        sti_hlt_cli();
    cmos_write(REG_B, b);
    CHECK_EQ(or_c & (C_IRQF | C_UF), C_IRQF | C_UF, "update-ended interrupt: IRQF and UF");
    CHECK(cmos(0x00) != sec, "the seconds moved on at the update");
    return rom_finish();
}

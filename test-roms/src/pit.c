/*
 * The 8259 PIC pair and the 8254 PIT: remap the PICs, count IRQ 0 from PIT
 * counter 0 in mode 3 with STI;HLT waits and EOIs (the handler sees its
 * input in ISR), mask IRQ 0 with OCW1 and see the request wait in IRR with no
 * interrupt until it is unmasked, then PIT counter 2 in mode 0 behind port
 * 0x61: read-back status, latched counts decreasing, and OUT2 (port 0x61 bit
 * 5) rising at terminal count.  QEMU's PIT runs on host time, so only
 * timing-independent facts are printed: counts as lower bounds, orderings,
 * masks.
 */
#include "sys.h"
#include "pcdev.h"

#define SPIN_LIMIT 400000000u

static volatile u32 ticks;
static volatile u8 isr_in_handler;

static int irq0_hook(struct sys_frame *f)
{
    (void)f;
    ticks++;
    isr_in_handler = pic_read(PIC_READ_ISR);
    outb(PIC1_CMD, PIC_EOI);
    return 1;
}

static void sti_hlt_cli(void)
{
    __asm__ volatile("sti; hlt; cli" ::: "memory");
}

static u16 latch2(void)
{
    outb(PIT_CTRL, 0x80);
    u8 lo = inb(PIT_CH2);
    return lo | inb(PIT_CH2) << 8;
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    sys_init();
    sys_hooks[IRQ_BASE] = irq0_hook;
    pic_remap();
    CHECK_EQ(inb(PIC1_DATA), 0xFF, "OCW1: master mask reads back");
    CHECK_EQ(inb(PIC2_DATA), 0xFF, "OCW1: slave mask reads back");

    /* IRQ 0 at about 1 kHz, counted through STI;HLT waits. */
    pit_periodic(1193);
    outb(PIC1_DATA, 0xFE);
    CHECK_EQ(inb(PIC1_DATA), 0xFE, "IRQ 0 unmasked");
    while (ticks < 5)
        sti_hlt_cli();
    CHECK(ticks >= 5, "at least 5 IRQ 0 interrupts through STI;HLT");
    CHECK_EQ(isr_in_handler & 1, 1, "ISR bit 0 set in the IRQ 0 handler (OCW3 read ISR)");
    CHECK_EQ(pic_read(PIC_READ_ISR), 0, "ISR clear after EOI");

    /*
     * Masked with IF set: the next edge is latched in IRR and stays there, where an
     * unmasked request would have been taken (and cleared from IRR) at once.
     */
    outb(PIC1_DATA, 0xFF);
    u32 before = ticks;
    int pending = 0;
    __asm__ volatile("sti" ::: "memory");
    for (u32 i = 0; i < SPIN_LIMIT && !pending; i++)
        pending = pic_read(PIC_READ_IRR) & 1;
    __asm__ volatile("cli" ::: "memory");
    CHECK(pending, "the masked request waits in IRR");
    CHECK_EQ(ticks, before, "no interrupt while IRQ 0 is masked");
    CHECK_EQ(pic_read(PIC_READ_ISR) & 1, 0, "and is not in service");
    outb(PIC1_DATA, 0xFE);
    sti_hlt_cli(); /* the pending request ends the HLT */
    CHECK(ticks > before, "the waiting request is delivered once unmasked");
    outb(PIC1_DATA, 0xFF);

    /* Counter 2 in mode 0 behind port 0x61: gate on, speaker off. */
    outb(PORT_B, (inb(PORT_B) & ~0x02) | 0x01);
    outb(PIT_CTRL, 0xB0);
    outb(PIT_CH2, 20000 & 0xFF);
    outb(PIT_CH2, 20000 >> 8);
    outb(PIT_CTRL, 0xE8); /* read-back: status of counter 2 */
    CHECK_EQ(inb(PIT_CH2) & 0x3F, 0x30, "read-back status: LSB/MSB access, mode 0, binary");
    u16 a = latch2();
    u16 b = a;
    for (u32 i = 0; i < SPIN_LIMIT && b == a; i++)
        b = latch2();
    CHECK(b < a, "latched counts decrease");
    CHECK(a <= 20000, "latched count within the programmed count");
    u32 i = 0;
    while (i < SPIN_LIMIT && !(inb(PORT_B) & 0x20))
        i++;
    CHECK(inb(PORT_B) & 0x20, "port 0x61 bit 5: OUT2 goes high at terminal count");
    outb(PIT_CTRL, 0xE8);
    CHECK_EQ(inb(PIT_CH2) & 0x80, 0x80, "read-back status: OUT high");
    CHECK_EQ(inb(PORT_B) & 0x01, 0x01, "port 0x61 bit 0 (gate) reads back");
    return rom_finish();
}

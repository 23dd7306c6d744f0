/*
 * Interrupt shadows: a PIC request already pending when STI sets IF is taken
 * only after the instruction that follows STI (the handler records a counter
 * the instructions after STI increment), and "sti; hlt" takes it after the HLT
 * (the saved RIP is past the HLT).  The request is made pending by PIT counter
 * 0 with IF clear and read back from IRR before STI, so nothing depends on the
 * timer's speed.
 */
#include "sys.h"
#include "pcdev.h"

#define SPIN_LIMIT 400000000u

static volatile u32 counter, seen;
static volatile u64 return_rip;

static int irq0_hook(struct sys_frame *f)
{
    seen = counter;
    return_rip = f->rip;
    outb(PIC1_CMD, PIC_EOI);
    outb(PIC1_DATA, 0xFF); /* one interrupt per test */
    return 1;
}

/* IF clear, IRQ 0 unmasked: waits until the PIT's request is pending in IRR. */
static int make_pending(void)
{
    outb(PIC1_DATA, 0xFE);
    for (u32 i = 0; i < SPIN_LIMIT; i++)
        if (pic_read(PIC_READ_IRR) & 1)
            return 1;
    return 0;
}

__asm__(".text\n"
        "sti_incs: movl $0, counter(%rip)\n"
        "  sti\n"
        "  incl counter(%rip)\n"
        "  incl counter(%rip)\n"
        "  incl counter(%rip)\n"
        "  cli\n"
        "  ret\n"
        "sti_hlt: sti\n"
        "sti_hlt_hlt: hlt\n"
        "sti_hlt_after: cli\n"
        "  ret\n");
void sti_incs(void);
void sti_hlt(void);
extern const u8 sti_hlt_after[];

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    sys_init();
    sys_hooks[IRQ_BASE] = irq0_hook;
    pic_remap();
    pit_periodic(1193);

    CHECK(make_pending(), "IRQ 0 pending in IRR with IF clear");
    seen = 99;
    sti_incs();
    CHECK_EQ(seen, 1, "taken after exactly the one instruction following STI");
    CHECK_EQ(counter, 3, "every increment ran");

    CHECK(make_pending(), "IRQ 0 pending again");
    sti_hlt();
    CHECK_EQ(return_rip, (u64)(uintptr_t)sti_hlt_after, "sti; hlt: taken after the HLT");
    outb(PIC1_DATA, 0xFF);
    return rom_finish();
}

/*
 * The UART's receive path and its interrupt: bytes the host sends to COM1
 * (multiverse run --serial-in FILE) arrive through IRQ 4 on the PIC, and each
 * handler drains the FIFO while LSR.DR is set.  The ROM prints the line it
 * received, quoted, once a newline has come (or 1 s of PIT ticks after the
 * last byte).  With no input at all, as in the QEMU reference run, it says so
 * after 1 s of ticks.  With timeout=0 on the command line the PIT stays off and
 * the ROM waits in STI;HLT for input alone, however long it takes.
 */
#include "sys.h"
#include "pcdev.h"

#define COM1 0x3F8
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_DR 0x01
#define LSR_OE 0x02
#define IER_RX 0x01
#define MCR_DTR_RTS_OUT2 0x0B
#define COM1_IRQ 4

static volatile u32 rx_irqs, ticks, got, quiet_since, overruns;
static volatile int line_done;
static u8 line[256];

static int irq4_hook(struct sys_frame *f)
{
    (void)f;
    rx_irqs++;
    u8 lsr;
    while ((lsr = inb(COM1 + UART_LSR)) & LSR_DR) {
        if (lsr & LSR_OE)
            overruns++;
        u8 c = inb(COM1);
        if (got < sizeof line)
            line[got++] = c;
        if (c == '\n')
            line_done = 1;
    }
    quiet_since = ticks;
    outb(PIC1_CMD, PIC_EOI);
    return 1;
}

static int irq0_hook(struct sys_frame *f)
{
    (void)f;
    ticks++;
    outb(PIC1_CMD, PIC_EOI);
    return 1;
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    u32 timeout_ticks = (u32)rt_cmdline_u64(mb_info, "timeout", 1) * 100; /* of 10 ms */
    sys_init();
    sys_hooks[IRQ_BASE] = irq0_hook;
    sys_hooks[IRQ_BASE + COM1_IRQ] = irq4_hook;
    pic_remap();
    outb(PIC1_DATA, (u8)~(1 | 1 << COM1_IRQ));

    outb(COM1 + UART_LCR, 0x80); /* divisor 1: 115200 baud */
    outb(COM1, 1);
    outb(COM1 + UART_IER, 0);
    outb(COM1 + UART_LCR, 0x03); /* 8N1 */
    outb(COM1 + UART_FCR, 0x07); /* FIFOs on and cleared, trigger level 1 */
    outb(COM1 + UART_MCR, MCR_DTR_RTS_OUT2);
    outb(COM1 + UART_IER, IER_RX);
    if (timeout_ticks)
        pit_periodic(11932); /* 10 ms */

    while (!line_done && (!timeout_ticks || ticks - quiet_since < timeout_ticks))
        __asm__ volatile("sti; hlt; cli" ::: "memory");
    outb(COM1 + UART_IER, 0);

    if (got == 0) {
        rt_printf("no serial input within %u s\n", timeout_ticks / 100);
    } else {
        rt_printf("received %u bytes: ", got);
        put_quoted(line, got);
        rt_putc('\n');
        CHECK(rx_irqs >= 1 && rx_irqs <= got, "between 1 and one IRQ 4 per byte");
        CHECK_EQ(overruns, 0, "no byte lost to an overrun");
    }
    return rom_finish();
}

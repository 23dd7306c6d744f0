/*
 * The 16550 UART at COM1 and its interrupt, IRQ 4, through the I/O APIC and
 * through the 8259 in edge- and level-triggered mode (the PIIX's ELCR).
 *
 * The interrupt is the THR-empty one: the ROM sends its own output, and no
 * host input is needed.  MCR.OUT2 gates the UART's interrupt onto IRQ 4, as on
 * a PC.  The receive path runs in loopback mode (MCR bit 4), where the UART
 * receives what it transmits, and is polled: in loopback the 16550 forces its
 * OUT2 pin inactive, so on a PC no interrupt reaches IRQ 4 (QEMU's UART raises
 * IRQ 4 anyway), and the ROM never lets an interrupt from loopback be seen:
 * IOAPIC pin and PIC input masked, interrupts off, and the PIC reinitialized
 * afterwards.  Loopback runs with the FIFOs off, since the FIFO's character
 * timeout runs on host time in QEMU.  Nothing is printed in loopback (it would
 * loop back), so results are kept and printed after.
 *
 * ISA IRQ 4 has no interrupt source override in the MADT (the one there is
 * IRQ 0 -> GSI 2, which the tables ROM checks), so it arrives on IOAPIC pin 4.
 */
#include "sys.h"
#include "pcdev.h"

#define COM1 0x3F8
#define RBR 0
#define THR 0
#define IER 1
#define IIR 2
#define FCR 2
#define MCR 4
#define LSR 5
#define MSR 6
#define SCR 7
#define IER_RX 0x01
#define IER_THRE 0x02
#define IER_LINE 0x04
#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT1 0x04
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10
#define IIR_NONE 0x01
#define IIR_THRE 0x02
#define IIR_RX 0x04
#define IIR_LINE 0x06
#define IIR_FIFOS 0xC0
#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_THRE_TEMT 0x60
#define MSR_CTS 0x10
#define MSR_DSR 0x20
#define MSR_RI 0x40
#define MSR_DCD 0x80

#define ELCR1 0x4D0
#define ELCR2 0x4D1
#define IRQ4_BIT 0x10

#define IOAPIC 0xFEC00000ul
#define REDIR(pin) (0x10 + 2 * (pin))
#define E_MASKED (1u << 16)
#define UART_GSI 4

#define LAPIC 0xFEE00000ul
#define LAPIC_ID 0x20
#define LAPIC_EOI 0xB0
#define LAPIC_SVR 0xF0
#define LAPIC_IRR 0x200

#define V_UART 0x34
#define V_PIC_IRQ4 (IRQ_BASE + 4)
#define V_PIC_SPURIOUS (IRQ_BASE + 7)
#define V_SPURIOUS 0xFF

static volatile u32 ioapic_irqs, pic_irqs, spurious;
static volatile u8 ioapic_iir, pic_iir, pic_isr;
/* The PIC handler EOIs this many more times without acknowledging the UART (its line stays high). */
static volatile u32 hold_line;

static void io_write(u32 reg, u32 v)
{
    *(volatile u32 *)(IOAPIC + 0x00) = reg;
    *(volatile u32 *)(IOAPIC + 0x10) = v;
}

static u32 lapic_read(u32 reg) { return *(volatile u32 *)(LAPIC + reg); }
static void lapic_write(u32 reg, u32 v) { *(volatile u32 *)(LAPIC + reg) = v; }
static int lapic_irr(u32 v) { return (lapic_read(LAPIC_IRR + (v / 32) * 0x10) >> (v % 32)) & 1; }

static u8 uart(u8 reg) { return inb(COM1 + reg); }
static void uart_write(u8 reg, u8 v) { outb(COM1 + reg, v); }

/* Reading IIR with THR empty as its source acknowledges it: the UART's interrupt output drops. */
static int ioapic_hook(struct sys_frame *f)
{
    (void)f;
    ioapic_irqs++;
    ioapic_iir = uart(IIR);
    lapic_write(LAPIC_EOI, 0);
    return 1;
}

static int pic_hook(struct sys_frame *f)
{
    (void)f;
    pic_irqs++;
    pic_isr = pic_read(PIC_READ_ISR);
    if (hold_line)
        hold_line--;
    else
        pic_iir = uart(IIR);
    outb(PIC1_CMD, PIC_EOI);
    return 1;
}

static int spurious_hook(struct sys_frame *f)
{
    (void)f;
    spurious++;
    return 1;
}

static void sti_nop_cli(void)
{
    __asm__ volatile("sti; nop; cli" ::: "memory");
}

/* THRI off and on again: with THR empty the THR-empty interrupt is pending again, IRQ 4 high. */
static void rearm_thre(void)
{
    uart_write(IER, 0);
    uart_write(IER, IER_THRE);
}

/*
 * Each step's results are kept and printed once the UART's interrupt is off
 * again: printing refills THR, which raises the THR-empty interrupt anew.
 */
static void thre_through_ioapic(u32 dest)
{
    io_write(REDIR(UART_GSI) + 1, dest);
    io_write(REDIR(UART_GSI), V_UART); /* fixed, physical, edge, active high */
    uart_write(MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
    uart_write(IER, IER_THRE); /* THR is empty: the interrupt is pending at once */
    int pending = lapic_irr(V_UART);
    sti_nop_cli();
    u32 first_irqs = ioapic_irqs;
    u8 first_iir = ioapic_iir, iir_acknowledged = uart(IIR);

    /* The line printed here refills THR: THR empty again at its end, one more interrupt. */
    rt_puts("uart: transmitting with THRI on\n");
    sti_nop_cli();
    u32 second_irqs = ioapic_irqs;
    u8 second_iir = ioapic_iir;

    /* Masked, the edge of the next transmission is lost; the UART keeps its request. */
    io_write(REDIR(UART_GSI), E_MASKED | V_UART);
    rt_puts("uart: transmitting with the IOAPIC pin masked\n");
    sti_nop_cli();
    u8 iir_masked = uart(IIR);
    io_write(REDIR(UART_GSI), V_UART);
    sti_nop_cli();
    u32 masked_irqs = ioapic_irqs;
    io_write(REDIR(UART_GSI), E_MASKED | V_UART);
    uart_write(IER, 0);

    CHECK(pending, "THRI enabled with THR empty: IOAPIC pin %d's vector waits in the local APIC's IRR", UART_GSI);
    CHECK_EQ(first_irqs, 1, "one interrupt through IOAPIC pin %d", UART_GSI);
    CHECK_EQ(first_iir, IIR_FIFOS | IIR_THRE, "IIR in the handler: THR empty");
    CHECK_EQ(iir_acknowledged, IIR_FIFOS | IIR_NONE, "reading IIR acknowledged it");
    CHECK_EQ(second_irqs, 2, "THR empty again after transmitting: one more interrupt");
    CHECK_EQ(second_iir, IIR_FIFOS | IIR_THRE, "IIR in the handler: THR empty");
    CHECK_EQ(iir_masked, IIR_FIFOS | IIR_THRE, "pin masked: THR-empty waits in the UART");
    CHECK_EQ(masked_irqs, 2, "no interrupt for an edge that came while the pin was masked");
    CHECK_EQ(uart(IIR), IIR_FIFOS | IIR_NONE, "IER 0: nothing pending");
}

static void receive_in_loopback(void)
{
    /* FIFOs off, then loopback: nothing printed until it ends. */
    uart_write(FCR, 0x00);
    uart_write(MCR, MCR_LOOP | MCR_OUT2 | MCR_RTS | MCR_DTR);
    u8 msr_a = uart(MSR) & 0xF0;
    uart_write(MCR, MCR_LOOP | MCR_OUT2 | MCR_OUT1);
    u8 msr_b = uart(MSR) & 0xF0;
    uart_write(MCR, MCR_LOOP | MCR_OUT2 | MCR_RTS | MCR_DTR);
    u8 lsr_idle = uart(LSR);
    uart_write(THR, 0x55);
    u8 lsr_ready = uart(LSR);
    uart_write(IER, IER_RX | IER_LINE);
    u8 iir_rx = uart(IIR);
    u8 rbr = uart(RBR);
    u8 lsr_read = uart(LSR);
    u8 iir_read = uart(IIR);
    uart_write(THR, 0xA3);
    uart_write(THR, 0x3C); /* before 0xA3 was read: overrun, the holding register takes 0x3C */
    u8 iir_overrun = uart(IIR);
    u8 lsr_overrun = uart(LSR);
    u8 iir_after_lsr = uart(IIR);
    u8 rbr_overrun = uart(RBR);
    u8 lsr_end = uart(LSR);
    uart_write(IER, 0);
    uart_write(MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
    uart_write(FCR, 0x07);

    rt_puts("uart: loopback done\n");
    CHECK_EQ(msr_a, MSR_DCD | MSR_DSR | MSR_CTS, "loopback: OUT2 -> DCD, DTR -> DSR, RTS -> CTS");
    CHECK_EQ(msr_b, MSR_DCD | MSR_RI, "loopback: OUT1 -> RI");
    CHECK_EQ(lsr_idle, LSR_THRE_TEMT, "LSR: transmitter empty, no data");
    CHECK_EQ(lsr_ready, LSR_THRE_TEMT | LSR_DR, "a transmitted byte is received: data ready");
    CHECK_EQ(iir_rx, IIR_RX, "IIR: received data available (FIFOs off)");
    CHECK_EQ(rbr, 0x55, "RBR: the byte sent");
    CHECK_EQ(lsr_read, LSR_THRE_TEMT, "reading RBR clears data ready");
    CHECK_EQ(iir_read, IIR_NONE, "and the receive interrupt");
    CHECK_EQ(iir_overrun, IIR_LINE, "a second byte before the first was read: IIR line status (overrun)");
    CHECK_EQ(lsr_overrun, LSR_THRE_TEMT | LSR_OE | LSR_DR, "LSR: overrun and data ready");
    CHECK_EQ(iir_after_lsr, IIR_RX, "reading LSR clears the overrun: received data next");
    CHECK_EQ(rbr_overrun, 0x3C, "RBR: the newer byte");
    CHECK_EQ(lsr_end, LSR_THRE_TEMT, "nothing left");
}

static void irq4_through_pic(void)
{
    u8 elcr1 = inb(ELCR1), elcr2 = inb(ELCR2);
    outb(ELCR1, 0xFF);
    outb(ELCR2, 0xFF);
    CHECK_EQ(inb(ELCR1), 0xF8, "ELCR1: IRQ 0, 1 and 2 stay edge-triggered");
    CHECK_EQ(inb(ELCR2), 0xDE, "ELCR2: IRQ 8 and 13 stay edge-triggered");
    outb(ELCR1, elcr1 & ~IRQ4_BIT);
    outb(ELCR2, elcr2);

    /* Reinitialized: a request QEMU's UART raised in loopback is gone. */
    pic_remap();
    outb(PIC1_DATA, 0xFF & ~IRQ4_BIT);
    uart_write(IER, IER_THRE);
    sti_nop_cli();
    u32 edge_irqs = pic_irqs;
    u8 edge_isr = pic_isr, edge_iir = pic_iir;
    uart_write(IER, 0);
    CHECK_EQ(edge_irqs, 1, "edge-triggered IRQ 4: one interrupt through the PIC");
    CHECK_EQ(edge_isr & IRQ4_BIT, IRQ4_BIT, "ISR bit 4 set in the handler");
    CHECK_EQ(edge_iir, IIR_FIFOS | IIR_THRE, "IIR in the handler: THR empty");
    CHECK_EQ(pic_read(PIC_READ_ISR), 0, "ISR clear after EOI");

    outb(ELCR1, elcr1 | IRQ4_BIT);
    u8 elcr_level = inb(ELCR1) & IRQ4_BIT;
    outb(PIC1_DATA, 0xFF);
    uart_write(IER, IER_THRE);
    u8 irr_high = pic_read(PIC_READ_IRR) & IRQ4_BIT;
    (void)uart(IIR);
    u8 irr_low = pic_read(PIC_READ_IRR) & IRQ4_BIT;

    /* The handler EOIs twice with the line still high: each EOI brings the interrupt back. */
    hold_line = 2;
    pic_irqs = 0;
    rearm_thre();
    outb(PIC1_DATA, 0xFF & ~IRQ4_BIT);
    sti_nop_cli();
    u32 level_irqs = pic_irqs;
    u8 level_iir = pic_iir, irr_after = pic_read(PIC_READ_IRR) & IRQ4_BIT;

    /* Raised and dropped again before interrupts are enabled: no interrupt, not even a spurious one. */
    rearm_thre();
    (void)uart(IIR);
    sti_nop_cli();
    u32 withdrawn_irqs = pic_irqs;
    outb(PIC1_DATA, 0xFF);
    uart_write(IER, 0);
    outb(ELCR1, elcr1);

    CHECK_EQ(elcr_level, IRQ4_BIT, "ELCR1 bit 4 set: IRQ 4 level-triggered");
    CHECK_EQ(irr_high, IRQ4_BIT, "level-triggered, masked: IRR bit 4 set while the line is high");
    CHECK_EQ(irr_low, 0, "and clear once the UART drops the line");
    CHECK_EQ(level_irqs, 3, "a line still high at EOI interrupts again: 3 interrupts, the last acknowledging the UART");
    CHECK_EQ(level_iir, IIR_FIFOS | IIR_THRE, "IIR in the last handler: THR empty");
    CHECK_EQ(irr_after, 0, "IRR bit 4 clear with the line low");
    CHECK_EQ(withdrawn_irqs, 3, "a level request withdrawn before the acknowledge is not delivered");
    CHECK_EQ(inb(ELCR1), elcr1, "ELCR1 restored");
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    sys_init();
    sys_hooks[V_UART] = ioapic_hook;
    sys_hooks[V_PIC_IRQ4] = pic_hook;
    sys_hooks[V_PIC_SPURIOUS] = spurious_hook;
    sys_hooks[V_SPURIOUS] = spurious_hook;
    pic_remap(); /* and OCW1 0xFF on both */
    lapic_write(LAPIC_SVR, 0x100 | V_SPURIOUS);

    CHECK_EQ(uart(IIR), IIR_FIFOS | IIR_NONE, "IIR at rest: FIFOs on, no interrupt pending");
    uart_write(SCR, 0x5A);
    CHECK_EQ(uart(SCR), 0x5A, "scratch register");

    thre_through_ioapic(lapic_read(LAPIC_ID) & 0xFF000000u);
    receive_in_loopback();
    irq4_through_pic();
    CHECK_EQ(spurious, 0, "no spurious interrupt (PIC IRQ 7 or the local APIC's)");
    uart_write(MCR, MCR_DTR | MCR_RTS);
    return rom_finish();
}

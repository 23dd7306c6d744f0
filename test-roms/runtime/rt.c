/* Bare-metal runtime: COM1 console, IDT for fault reports, exit via isa-debug-exit. */
#include "rom.h"

#define COM1 0x3F8
#define UART_THR 0 /* transmit holding (DLAB=0) / divisor low (DLAB=1) */
#define UART_IER 1 /* interrupt enable (DLAB=0) / divisor high (DLAB=1) */
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_THRE 0x20

#define DEBUG_EXIT_PORT 0xF4

static void serial_init(void)
{
    outb(COM1 + UART_IER, 0x00); /* polled: no interrupts */
    outb(COM1 + UART_LCR, 0x80); /* DLAB on to reach the divisor */
    outb(COM1 + UART_THR, 0x01); /* 115200 baud */
    outb(COM1 + UART_IER, 0x00);
    outb(COM1 + UART_LCR, 0x03); /* 8N1, DLAB off */
    outb(COM1 + UART_FCR, 0x07); /* enable and clear FIFOs */
    outb(COM1 + UART_MCR, 0x03); /* DTR, RTS */
}

void rt_putc(char c)
{
    while (!(inb(COM1 + UART_LSR) & LSR_THRE))
        ;
    outb(COM1 + UART_THR, (u8)c);
}

void rt_exit(int code)
{
    __asm__ volatile("outl %0, %1" : : "a"((u32)code), "Nd"((u16)DEBUG_EXIT_PORT));
    /* No debug-exit device: stop here. */
    for (;;)
        __asm__ volatile("cli; hlt");
}

/* --- exceptions ------------------------------------------------------------ */

struct idt_gate {
    u16 offset_lo;
    u16 selector;
    u8 ist;
    u8 type_attr;
    u16 offset_mid;
    u32 offset_hi;
    u32 reserved;
} __attribute__((packed));

struct rt_exception_frame {
    u64 vector, error, rip, cs, rflags, rsp, ss;
};

extern const u64 rt_isr_table[32];
static struct idt_gate idt[32] __attribute__((aligned(16)));

static void idt_init(void)
{
    for (int i = 0; i < 32; i++) {
        u64 a = rt_isr_table[i];
        idt[i].offset_lo = (u16)a;
        idt[i].selector = 0x08;
        idt[i].ist = 0;
        idt[i].type_attr = 0x8E; /* present, DPL 0, 64-bit interrupt gate */
        idt[i].offset_mid = (u16)(a >> 16);
        idt[i].offset_hi = (u32)(a >> 32);
        idt[i].reserved = 0;
    }
    struct {
        u16 limit;
        u64 base;
    } __attribute__((packed)) desc = {sizeof(idt) - 1, (u64)(uintptr_t)idt};
    __asm__ volatile("lidt %0" : : "m"(desc));
}

void rt_exception(struct rt_exception_frame *f);
void rt_exception(struct rt_exception_frame *f)
{
    u64 cr2;
    __asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
    rt_printf("\nEXCEPTION: vector %lu error 0x%lx rip 0x%lx rsp 0x%lx rflags 0x%lx cr2 0x%lx\n",
              f->vector, f->error, f->rip, f->rsp, f->rflags, cr2);
    rt_exit(ROM_EXIT_EXCEPTION);
}

/* Called from boot.S in long mode. */
void rt_start(u32 mb_magic, u32 mb_info);
void rt_start(u32 mb_magic, u32 mb_info)
{
    serial_init();
    idt_init();
    rt_exit(rom_main(mb_magic, mb_info));
}

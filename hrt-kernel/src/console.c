/* The console: COM1 (a 16550 UART) in a standalone boot; in HRT mode the byte port 0xe9 (QEMU's
 * debugcon), since COM1 belongs to the ROS. One lock keeps lines from different cores whole. */
#include "kernel.h"
#include <stdarg.h>

#define COM1 0x3f8
#define DEBUGCON 0xe9

static bool use_debugcon;
static spinlock_t console_lock = SPINLOCK_INIT;

void console_init_serial(void) {
    outb(COM1 + 1, 0x00);   /* no UART interrupts */
    outb(COM1 + 3, 0x80);   /* divisor latch: 115200 baud */
    outb(COM1 + 0, 0x01);
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03);   /* 8N1 */
    outb(COM1 + 2, 0xc7);   /* FIFOs on */
    outb(COM1 + 4, 0x03);
    use_debugcon = false;
}

void console_init_debugcon(void) {
    use_debugcon = true;
}

static void put_char(char ch) {
    if (use_debugcon) {
        outb(DEBUGCON, (u8)ch);
        return;
    }
    for (int spins = 0; spins < 100000 && !(inb(COM1 + 5) & 0x20); spins++) cpu_relax();
    outb(COM1, (u8)ch);
}

static void put_string(const char *s) {
    while (*s) put_char(*s++);
}

static void put_number(u64 v, int base, int width, char pad, bool negative) {
    char buf[24];
    int n = 0;
    do {
        buf[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (negative) buf[n++] = '-';
    while (n < width) put_char(pad), width--;
    while (n) put_char(buf[--n]);
}

/* %[0][width][l]{d,u,x,s,c,p,%} */
static void vformat(const char *fmt, va_list ap) {
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put_char(*fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0;
        bool is_long = false;
        if (*fmt == '0') pad = '0', fmt++;
        while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
        if (*fmt == 'l') is_long = true, fmt++;
        switch (*fmt) {
        case 'd': {
            i64 v = is_long ? va_arg(ap, i64) : va_arg(ap, int);
            put_number(v < 0 ? -(u64)v : (u64)v, 10, width, pad, v < 0);
            break;
        }
        case 'u': put_number(is_long ? va_arg(ap, u64) : va_arg(ap, u32), 10, width, pad, false); break;
        case 'x': put_number(is_long ? va_arg(ap, u64) : va_arg(ap, u32), 16, width, pad, false); break;
        case 'p': put_string("0x"); put_number((u64)va_arg(ap, void *), 16, 16, '0', false); break;
        case 's': { const char *s = va_arg(ap, const char *); put_string(s ? s : "(null)"); break; }
        case 'c': put_char((char)va_arg(ap, int)); break;
        case '%': put_char('%'); break;
        default: put_char('?'); break;
        }
    }
}

void kprintf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    u64 f = spin_lock_irqsave(&console_lock);
    vformat(fmt, ap);
    spin_unlock_irqrestore(&console_lock, f);
    va_end(ap);
}

/* For fatal paths: waits a bounded time for the lock (its holder may be the faulting code itself). */
void kvprintf_unlocked(const char *fmt, va_list ap) {
    u64 f = save_irq();
    bool locked = false;
    for (int i = 0; i < 1000000 && !(locked = spin_trylock(&console_lock)); i++) cpu_relax();
    vformat(fmt, ap);
    if (locked) spin_unlock(&console_lock);
    restore_irq(f);
}

void kprintf_unlocked(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    kvprintf_unlocked(fmt, ap);
    va_end(ap);
}

/*
 * The PC's legacy chips for ROMs: the 8259 PIC pair, the 8254 PIT and the CMOS
 * RTC's index/data ports (see pit.c, shadow.c, rtc.c, rtcirq.c and ioapic.c).
 */
#ifndef PCDEV_H
#define PCDEV_H

#include "rom.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1
#define PIC_EOI 0x20
#define PIC_READ_IRR 0x0A
#define PIC_READ_ISR 0x0B
#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_CTRL 0x43
#define PORT_B 0x61
#define IRQ_BASE 0x20 /* IRQ 0-7 at 0x20-0x27, IRQ 8-15 at 0x28-0x2F */

/* ICW1-ICW4: edge-triggered, cascaded on IR2, 8086 mode, then every input masked. */
static inline void pic_remap(void)
{
    outb(PIC1_CMD, 0x11);
    outb(PIC1_DATA, IRQ_BASE);
    outb(PIC1_DATA, 0x04);
    outb(PIC1_DATA, 0x01);
    outb(PIC2_CMD, 0x11);
    outb(PIC2_DATA, IRQ_BASE + 8);
    outb(PIC2_DATA, 0x02);
    outb(PIC2_DATA, 0x01);
    outb(PIC1_DATA, 0xFF);
    outb(PIC2_DATA, 0xFF);
}

/* OCW3 then a read of the command port: IRR or ISR of the master. */
static inline u8 pic_read(u8 which)
{
    outb(PIC1_CMD, which);
    return inb(PIC1_CMD);
}

/*
 * Counter 0 in mode 3 (square wave) with LSB/MSB access.  Not mode 2: its
 * output is low for one 838 ns clock only, and QEMU, which samples the output
 * on host time, can miss that pulse (and the IRQ 0 edge) when it runs late.
 */
static inline void pit_periodic(u16 count)
{
    outb(PIT_CTRL, 0x36);
    outb(PIT_CH0, count & 0xFF);
    outb(PIT_CH0, count >> 8);
}

/* CMOS/RTC register access through the index (0x70) and data (0x71) ports. */
static inline u8 cmos(u8 reg)
{
    outb(0x70, reg);
    return inb(0x71);
}

static inline void cmos_write(u8 reg, u8 v)
{
    outb(0x70, reg);
    outb(0x71, v);
}

#endif

/*
 * PCI configuration mechanism 1 (0xCF8 address, 0xCFC-0xCFF data).  Scans bus 0
 * and checks what Multiverse and QEMU's default i440FX machine agree on: the
 * first function found is 00:00.0, an Intel 440FX host bridge (8086:1237, class
 * 06/00, header type 0, single-function); every function found has a vendor and
 * a known header layout; device 31 (empty on both) reads all ones; byte and word
 * accesses at 0xCFC+n reach register byte n; writes to read-only registers are
 * ignored; the address register reads back; with the enable bit clear, or on a
 * bus with nothing on it, the data window reads all ones.  QEMU has more devices
 * than Multiverse, so the ROM prints no count of the functions it finds.
 */
#include "rom.h"

static inline void outw(u16 port, u16 v) { __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline u16 inw(u16 port)
{
    u16 v;
    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
static inline u32 inl(u16 port)
{
    u32 v;
    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

#define PCI_ADDR 0xCF8
#define PCI_DATA 0xCFC

static u32 address(u32 bus, u32 dev, u32 fn, u32 reg)
{
    return 0x80000000u | bus << 16 | dev << 11 | fn << 8 | (reg & 0xFC);
}

static u32 cfg_read32(u32 bus, u32 dev, u32 fn, u32 reg)
{
    outl(PCI_ADDR, address(bus, dev, fn, reg));
    return inl(PCI_DATA);
}

static u16 cfg_read16(u32 bus, u32 dev, u32 fn, u32 reg)
{
    outl(PCI_ADDR, address(bus, dev, fn, reg));
    return inw(PCI_DATA + (reg & 2));
}

static u8 cfg_read8(u32 bus, u32 dev, u32 fn, u32 reg)
{
    outl(PCI_ADDR, address(bus, dev, fn, reg));
    return inb(PCI_DATA + (reg & 3));
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    rt_puts("pci: configuration mechanism 1 on bus 0\n");

    int first = -1, bad_header = 0;
    for (u32 dev = 0; dev < 32; dev++) {
        for (u32 fn = 0; fn < 8; fn++) {
            u16 vendor = cfg_read16(0, dev, fn, 0x00);
            if (vendor == 0xFFFF) {
                if (fn == 0)
                    break;
                continue;
            }
            if (first < 0)
                first = (int)(dev << 3 | fn);
            u8 header = cfg_read8(0, dev, fn, 0x0E);
            if ((header & 0x7F) > 2)
                bad_header++;
            if (fn == 0 && !(header & 0x80))
                break; /* single-function device */
        }
    }
    CHECK_EQ(first, 0, "first function found is 00:00.0");
    CHECK_EQ(bad_header, 0, "every function found has header type 0, 1 or 2");

    CHECK_EQ(cfg_read32(0, 0, 0, 0x00), 0x12378086, "00:00.0 vendor:device 8086:1237 (dword)");
    CHECK_EQ(cfg_read16(0, 0, 0, 0x00), 0x8086, "00:00.0 vendor id (word at 0xCFC)");
    CHECK_EQ(cfg_read16(0, 0, 0, 0x02), 0x1237, "00:00.0 device id (word at 0xCFE)");
    CHECK_EQ(cfg_read8(0, 0, 0, 0x0B), 0x06, "00:00.0 base class 06 bridge (byte at 0xCFF)");
    CHECK_EQ(cfg_read8(0, 0, 0, 0x0A), 0x00, "00:00.0 subclass 00 host bridge (byte at 0xCFE)");
    CHECK_EQ(cfg_read8(0, 0, 0, 0x09), 0x00, "00:00.0 programming interface 00 (byte at 0xCFD)");
    CHECK_EQ(cfg_read8(0, 0, 0, 0x0E), 0x00, "00:00.0 header type 0, single function");
    CHECK_EQ(cfg_read32(0, 0, 1, 0x00), 0xFFFFFFFF, "00:00.1 absent: all ones");
    CHECK_EQ(cfg_read32(0, 31, 0, 0x00), 0xFFFFFFFF, "00:1f.0 absent: all ones");
    CHECK_EQ(cfg_read32(0, 31, 7, 0x08), 0xFFFFFFFF, "00:1f.7 register 8 absent: all ones");
    CHECK_EQ(cfg_read32(1, 0, 0, 0x00), 0xFFFFFFFF, "bus 1 absent: all ones");

    outl(PCI_ADDR, address(0, 0, 0, 0x00));
    outl(PCI_DATA, 0);
    CHECK_EQ(cfg_read32(0, 0, 0, 0x00), 0x12378086, "vendor/device ignore writes");
    outl(PCI_ADDR, address(0, 0, 0, 0x08));
    outw(PCI_DATA + 2, 0x0102);
    CHECK_EQ(cfg_read16(0, 0, 0, 0x0A), 0x0600, "class code ignores writes");

    outl(PCI_ADDR, address(0, 3, 5, 0x40));
    CHECK_EQ(inl(PCI_ADDR), address(0, 3, 5, 0x40), "address register reads back");
    outl(PCI_ADDR, 0x00000000);
    CHECK_EQ(inl(PCI_DATA), 0xFFFFFFFF, "enable bit clear: data reads all ones");
    CHECK_EQ(inl(PCI_ADDR), 0, "address register reads back 0");

    rt_printf("pci: 00:00.0 %04x:%04x class %02x/%02x\n", cfg_read16(0, 0, 0, 0), cfg_read16(0, 0, 0, 2),
              cfg_read8(0, 0, 0, 0x0B), cfg_read8(0, 0, 0, 0x0A));
    return rom_finish();
}

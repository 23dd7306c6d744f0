/*
 * Firmware tables: finds the ACPI RSDP (0xE0000-0xFFFFF) and the MP floating pointer (0xF0000-0xFFFFF)
 * by scanning on 16-byte boundaries as an OS does, checks every checksum, walks RSDP -> XSDT (or RSDT
 * for a revision-0 RSDP) -> MADT and FADT -> DSDT, and the MP configuration table. It prints only what
 * QEMU's firmware (SeaBIOS, with QEMU's ACPI tables) shows too on one core: the enabled processors and
 * IOAPICs in the MADT, the processor entries and enabled IOAPICs in the MP table, and the PC routing of
 * IRQ 0 to IOAPIC pin 2. (SeaBIOS marks an MP processor entry enabled only when CPUID reports an APIC,
 * so the MP count is of entries, enabled or not.) With poweroff=1 on the command line it then powers the
 * machine off through ACPI instead of exiting through isa-debug-exit (status 0 rather than 1).
 */
#include "rom.h"

static u32 rd32(const u8 *p) { return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24; }
static u64 rd64(const u8 *p) { return rd32(p) | (u64)rd32(p + 4) << 32; }
static u16 rd16(const u8 *p) { return p[0] | p[1] << 8; }

static int sums_to_zero(const u8 *p, u32 n)
{
    u8 s = 0;
    for (u32 i = 0; i < n; i++) s += p[i];
    return s == 0;
}

static const u8 *scan(const char *sig, u32 len, u64 from, u64 to)
{
    for (u64 a = from; a < to; a += 16) {
        const u8 *p = (const u8 *)(uintptr_t)a;
        if (memcmp(p, sig, len) == 0) return p;
    }
    return 0;
}

static const u8 *phys(u64 a) { return (const u8 *)(uintptr_t)a; }

/* An ACPI table with this signature, a sane length and a valid checksum. */
static int valid_sdt(const u8 *t, const char *sig)
{
    if (!t || (u64)(uintptr_t)t >= (1ull << 32)) return 0;
    u32 len = rd32(t + 4);
    return memcmp(t, sig, 4) == 0 && len >= 36 && len < (1u << 20) && sums_to_zero(t, len);
}

/* The root table's entries. */
static const u8 *root;
static u32 root_entry_size;

static u32 root_entries(void) { return (rd32(root + 4) - 36) / root_entry_size; }

static const u8 *root_entry(u32 i)
{
    const u8 *e = root + 36 + i * root_entry_size;
    return phys(root_entry_size == 8 ? rd64(e) : rd32(e));
}

static const u8 *find_table(const char *sig)
{
    for (u32 i = 0; i < root_entries(); i++) {
        const u8 *t = root_entry(i);
        if (memcmp(t, sig, 4) == 0) return t;
    }
    return 0;
}

static void acpi(void)
{
    const u8 *rsdp = scan("RSD PTR ", 8, 0xE0000, 0x100000);
    if (!CHECK(rsdp, "ACPI RSDP found in 0xE0000-0xFFFFF")) return;
    int v2 = rsdp[15] >= 2;
    int rsdp_ok = sums_to_zero(rsdp, 20) && (!v2 || (rd32(rsdp + 20) >= 36 && sums_to_zero(rsdp, rd32(rsdp + 20))));
    CHECK(rsdp_ok, "RSDP checksum (and extended checksum from revision 2)");

    /* An OS uses the XSDT when the RSDP has one; both root tables must then list the same tables. */
    const u8 *rsdt = phys(rd32(rsdp + 16));
    const u8 *xsdt = v2 ? phys(rd64(rsdp + 24)) : 0;
    int roots_ok = valid_sdt(rsdt, "RSDT") && (!xsdt || valid_sdt(xsdt, "XSDT"));
    if (roots_ok && xsdt) {
        roots_ok = rd32(xsdt + 4) - 36 == 2 * (rd32(rsdt + 4) - 36);
        for (u32 i = 0; roots_ok && i < (rd32(rsdt + 4) - 36) / 4; i++)
            roots_ok = rd32(rsdt + 36 + 4 * i) == rd64(xsdt + 36 + 8 * i);
    }
    if (!CHECK(roots_ok, "root tables (RSDT, and the XSDT listing the same tables)")) return;
    root = xsdt ? xsdt : rsdt;
    root_entry_size = xsdt ? 8 : 4;

    int all_ok = 1;
    for (u32 i = 0; i < root_entries(); i++) {
        const u8 *t = root_entry(i);
        all_ok &= valid_sdt(t, (const char *)t);
    }
    CHECK(all_ok, "every table the root lists has a valid checksum");

    const u8 *fadt = find_table("FACP");
    if (CHECK(valid_sdt(fadt, "FACP"), "FADT present")) {
        u64 dsdt = rd32(fadt + 40);
        if (rd32(fadt + 4) >= 148 && rd64(fadt + 140)) dsdt = rd64(fadt + 140);
        CHECK(valid_sdt(phys(dsdt), "DSDT"), "DSDT (X_DSDT when present) from the FADT");
    }

    const u8 *madt = find_table("APIC");
    if (!CHECK(valid_sdt(madt, "APIC"), "MADT present")) return;
    CHECK_EQ(rd32(madt + 36), 0xFEE00000u, "MADT local APIC address");
    u32 processors = 0, ioapics = 0, irq0_gsi = 0, entries_ok = 1;
    const u8 *end = madt + rd32(madt + 4);
    for (const u8 *e = madt + 44; e < end; e += e[1]) {
        if (e[1] < 2 || e + e[1] > end) {
            entries_ok = 0;
            break;
        }
        if (e[0] == 0 && (rd32(e + 4) & 1)) processors++;     /* Processor Local APIC, enabled */
        if (e[0] == 9 && (rd32(e + 8) & 1)) processors++;     /* Processor Local x2APIC, enabled */
        if (e[0] == 1) ioapics++;
        if (e[0] == 2 && e[2] == 0 && e[3] == 0) irq0_gsi = rd32(e + 4);
    }
    CHECK(entries_ok, "MADT entry lengths");
    rt_printf("acpi processors: %u\n", processors);
    rt_printf("acpi ioapics: %u\n", ioapics);
    CHECK_EQ(irq0_gsi, 2, "MADT interrupt source override: ISA IRQ 0 -> GSI 2");
}

static void mp(void)
{
    const u8 *fp = scan("_MP_", 4, 0xF0000, 0x100000);
    if (!CHECK(fp, "MP floating pointer found in 0xF0000-0xFFFFF")) return;
    CHECK(fp[8] == 1 && sums_to_zero(fp, 16), "MP floating pointer length and checksum");
    CHECK(fp[9] == 1 || fp[9] == 4, "MP specification revision 1.1 or 1.4");
    if (!CHECK(fp[11] == 0 && rd32(fp + 4), "MP configuration table present")) return;
    const u8 *ct = phys(rd32(fp + 4));
    if (!CHECK(memcmp(ct, "PCMP", 4) == 0 && sums_to_zero(ct, rd16(ct + 4)), "MP configuration table signature and checksum"))
        return;
    CHECK_EQ(rd32(ct + 36), 0xFEE00000u, "MP local APIC address");
    u32 processors = 0, bsps = 0, ioapics = 0, isa = 0xFFFF, irq0_pin = 0xFFFF, sorted = 1, last = 0;
    const u8 *e = ct + 44, *end = ct + rd16(ct + 4);
    for (u32 i = 0; i < rd16(ct + 34) && e < end; i++) {
        sorted &= e[0] >= last;
        last = e[0];
        switch (e[0]) {
        case 0:
            processors++;
            if (e[3] & 2) bsps++;
            e += 20;
            continue;
        case 1:
            if (memcmp(e + 2, "ISA   ", 6) == 0) isa = e[1];
            break;
        case 2:
            if (e[3] & 1) ioapics++;
            break;
        case 3:
            if (e[1] == 0 && e[4] == isa && e[5] == 0) irq0_pin = e[7];
            break;
        }
        e += 8;
    }
    CHECK(e == end && sorted, "MP entries fill the base table, ordered by type");
    rt_printf("mp processor entries: %u\n", processors);
    rt_printf("mp ioapics: %u\n", ioapics);
    CHECK_EQ(bsps, 1, "MP bootstrap processors");
    CHECK(isa != 0xFFFF, "MP ISA bus");
    CHECK_EQ(irq0_pin, 2, "MP I/O interrupt assignment: ISA IRQ 0 -> IOAPIC pin 2");
}

static inline void outw(u16 port, u16 v)
{
    __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

/*
 * ACPI power-off as an OS does it: SLP_TYPa from the DSDT's \_S5 package
 * (BytePrefix n, One or Zero as its first element), written with SLP_EN to
 * the FADT's PM1a_CNT_BLK, then halt with interrupts off.  The machine should
 * stop with status 0; if it does not, nothing wakes the halt and the run ends
 * as a failure (status 1).
 */
static void acpi_poweroff(void)
{
    const u8 *fadt = find_table("FACP");
    const u8 *dsdt = phys(rd32(fadt + 40));
    u32 len = rd32(dsdt + 4);
    for (u32 i = 36; i + 8 < len; i++) {
        if (memcmp(dsdt + i, "_S5_", 4) == 0 && dsdt[i + 4] == 0x12) {
            const u8 *first = dsdt + i + 7; /* past PackageOp, a one-byte PkgLength and NumElements */
            u16 type = first[0] == 0x0A ? first[1] : first[0] == 0x01 ? 1 : 0;
            rt_puts("tables: powering off through PM1a_CNT with \\_S5's sleep type\n");
            outw((u16)rd32(fadt + 64), (u16)(type << 10 | 1 << 13));
            break;
        }
    }
    for (;;)
        __asm__ volatile("cli; hlt");
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    rt_puts("tables: ACPI and MP tables in the BIOS area\n");
    acpi();
    mp();
    if (rt_cmdline_u64(mb_info, "poweroff", 0))
        acpi_poweroff();
    return rom_finish();
}

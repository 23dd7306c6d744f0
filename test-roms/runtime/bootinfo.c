/* Helpers for the boot-protocol ROMs; see include/bootentry.h. */
#include "bootentry.h"

extern const char __image_start[], __image_end[];

#define CR0_PE 0x1u
#define CR0_PG 0x80000000u
#define EFLAGS_IF 0x200u
#define EFLAGS_VM 0x20000u

void check_entry_state(u32 marker, const char *entry_name)
{
    CHECK_EQ(rom_entry_marker, marker, "entered at %s", entry_name);
    CHECK(rom_entry_cr0 & CR0_PE, "entry: CR0.PE set");
    CHECK(!(rom_entry_cr0 & CR0_PG), "entry: CR0.PG clear");
    CHECK(!(rom_entry_eflags & (EFLAGS_IF | EFLAGS_VM)), "entry: EFLAGS.IF and VM clear");
}

void put_cstring_line(const char *label, u64 phys)
{
    rt_printf("%s=", label);
    if (phys) {
        const char *s = (const char *)(uintptr_t)phys;
        put_quoted((const u8 *)s, (u32)strlen(s));
    } else
        rt_puts("(none)");
    rt_putc('\n');
}

void report_module(u32 i, u64 start, u64 size, u64 cmdline_phys)
{
    const u8 *data = (const u8 *)(uintptr_t)start;
    rt_printf("mod[%u]: size=%lu fnv1a=0x%08x\n", i, size, fnv1a(data, (u32)size));
    rt_printf("mod[%u]: ", i);
    put_cstring_line("string", cmdline_phys);
    rt_printf("mod[%u]: head=", i);
    put_quoted(data, size < 32 ? (u32)size : 32);
    rt_putc('\n');
    u64 lo = (u64)(uintptr_t)__image_start, hi = (u64)(uintptr_t)__image_end;
    CHECK(start >= hi || start + size <= lo, "mod[%u] does not overlap the ROM image", i);
}

int covers_image(u64 base, u64 length, u32 type)
{
    u64 lo = (u64)(uintptr_t)__image_start, hi = (u64)(uintptr_t)__image_end;
    return type == 1 && base <= lo && base + length >= hi;
}

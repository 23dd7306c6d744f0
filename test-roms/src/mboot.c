/*
 * Multiboot 1 information checks.  Prints what the loader passed (command line,
 * memory map, modules with their strings, sizes, FNV-1a hashes and first bytes)
 * so host tests can pass --append / --initrd and assert on the output.
 */
#include "multiboot.h"
#include "rom.h"

extern const char __image_start[], __image_end[];

static void check_mmap(const struct mb_info *mbi)
{
    rt_printf("mmap_addr=0x%08x mmap_length=%u\n", mbi->mmap_addr, mbi->mmap_length);
    u32 off = 0, n = 0, well_formed = 1, covers_image = 0;
    u64 image_lo = (u64)(uintptr_t)__image_start, image_hi = (u64)(uintptr_t)__image_end;
    while (off + 4 <= mbi->mmap_length) {
        const struct mb_mmap_entry *e = MB_PTR(const struct mb_mmap_entry, mbi->mmap_addr + off);
        if (e->size < 20) {
            well_formed = 0;
            break;
        }
        rt_printf("mmap[%u]: base=0x%016lx length=0x%016lx type=%u\n", n, e->base_addr, e->length,
                  e->type);
        if (e->type == 1 && e->base_addr <= image_lo && e->base_addr + e->length >= image_hi)
            covers_image = 1;
        off += e->size + 4;
        n++;
    }
    CHECK(well_formed && n > 0 && off == mbi->mmap_length, "mmap entries well-formed (%u)", n);
    CHECK(covers_image, "mmap: the ROM image lies in available RAM");
}

static void check_modules(const struct mb_info *mbi)
{
    rt_printf("mods_count=%u\n", mbi->mods_count);
    const struct mb_module *m = MB_PTR(const struct mb_module, mbi->mods_addr);
    for (u32 i = 0; i < mbi->mods_count; i++) {
        u32 start = m[i].mod_start, end = m[i].mod_end, size = end - start;
        const u8 *data = MB_PTR(const u8, start);
        rt_printf("mod[%u]: start=0x%08x end=0x%08x size=%u fnv1a=0x%08x\n", i, start, end, size,
                  fnv1a(data, size));
        rt_printf("mod[%u]: string=", i);
        if (m[i].string) {
            const char *s = MB_PTR(const char, m[i].string);
            put_quoted((const u8 *)s, (u32)strlen(s));
        } else
            rt_puts("(none)");
        rt_printf("\nmod[%u]: head=", i);
        put_quoted(data, size < 32 ? size : 32);
        rt_putc('\n');
        CHECK(start <= end, "mod[%u] start <= end", i);
        CHECK((start & 0xFFF) == 0, "mod[%u] page-aligned (header flag 0)", i);
        CHECK(start >= (u32)(uintptr_t)__image_end || end <= (u32)(uintptr_t)__image_start,
              "mod[%u] does not overlap the ROM image", i);
    }
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    rt_printf("mboot: magic=0x%08x info=0x%08x\n", mb_magic, mb_info);
    if (!CHECK_EQ(mb_magic, MULTIBOOT_BOOTLOADER_MAGIC, "magic in EAX"))
        return rom_finish(); /* EBX means nothing without the magic */
    const struct mb_info *mbi = MB_PTR(const struct mb_info, mb_info);
    rt_printf("flags=0x%08x\n", mbi->flags);
    rt_printf("image=0x%08x-0x%08x\n", (u32)(uintptr_t)__image_start, (u32)(uintptr_t)__image_end);

    /* Requested by header flag 1, so the loader must provide it. */
    if (CHECK(mbi->flags & MB_INFO_MEMORY, "flags: memory info (bit 0)")) {
        rt_printf("mem_lower=%u KiB mem_upper=%u KiB\n", mbi->mem_lower, mbi->mem_upper);
        CHECK(mbi->mem_lower >= 64 && mbi->mem_lower <= 640, "mem_lower plausible");
        CHECK(mbi->mem_upper >= 1024 && mbi->mem_upper <= 0xFFFFFFFFu / 1024,
              "mem_upper plausible");
    }

    if (mbi->flags & MB_INFO_MMAP)
        check_mmap(mbi);
    else
        rt_puts("mmap: none\n");

    rt_puts("cmdline=");
    if ((mbi->flags & MB_INFO_CMDLINE) && mbi->cmdline) {
        const char *s = MB_PTR(const char, mbi->cmdline);
        put_quoted((const u8 *)s, (u32)strlen(s));
        rt_putc('\n');
    } else
        rt_puts("(none)\n");

    if (mbi->flags & MB_INFO_MODS)
        check_modules(mbi);
    else
        rt_puts("mods: none\n");

    if ((mbi->flags & MB_INFO_LOADER_NAME) && mbi->boot_loader_name)
        rt_printf("boot_loader_name=\"%s\"\n", MB_PTR(const char, mbi->boot_loader_name));
    return rom_finish();
}

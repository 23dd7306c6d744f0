/*
 * Multiboot 2 boot information checks (entered through runtime/mb2entry.S).  Walks the information
 * block's tags and prints the command line, loader name, modules (size, FNV-1a, string, first bytes),
 * basic memory information and memory map, checking the layout rules of Multiboot 2.0.
 */
#include "bootentry.h"

#define MB2_BOOTLOADER_MAGIC 0x36D76289u

struct mb2_tag {
    u32 type;
    u32 size;
};

struct mb2_mmap_entry {
    u64 base_addr;
    u64 length;
    u32 type;
    u32 reserved;
};

static void check_mmap(const u8 *tag, u32 size)
{
    u32 entry_size = *(const u32 *)(tag + 8), entry_version = *(const u32 *)(tag + 12);
    rt_printf("mmap: entry_size=%u entry_version=%u\n", entry_size, entry_version);
    CHECK_EQ(entry_size, 24, "mmap entry_size");
    CHECK_EQ(entry_version, 0, "mmap entry_version");
    if (entry_size < 24)
        return;
    u32 n = 0, covers = 0;
    for (u32 off = 16; off + entry_size <= size; off += entry_size, n++) {
        const struct mb2_mmap_entry *e = (const struct mb2_mmap_entry *)(tag + off);
        rt_printf("mmap[%u]: base=0x%016lx length=0x%016lx type=%u\n", n, e->base_addr, e->length, e->type);
        covers |= covers_image(e->base_addr, e->length, e->type);
    }
    CHECK(n > 0 && 16 + n * entry_size == size, "mmap entries well-formed (%u)", n);
    CHECK(covers, "mmap: the ROM image lies in available RAM");
}

int rom_main(u32 magic, u32 info)
{
    rt_printf("mb2: magic=0x%08x\n", magic);
    check_entry_state(ENTRY_MB2_TAG, "the entry address tag's address");
    if (!CHECK_EQ(magic, MB2_BOOTLOADER_MAGIC, "magic in EAX"))
        return rom_finish(); /* EBX means nothing without the magic */
    CHECK_EQ(info & 7, 0, "information block 8-byte aligned");
    const u8 *base = (const u8 *)(uintptr_t)info;
    u32 total = *(const u32 *)base;
    rt_printf("total_size=%u\n", total);

    u32 off = 8, seen = 0, mods = 0, ended = 0, aligned = 1;
    while (off + 8 <= total) {
        const struct mb2_tag *t = (const struct mb2_tag *)(base + off);
        const u8 *tag = (const u8 *)t;
        if (t->size < 8 || off + t->size > total)
            break;
        if (t->type == 0) {
            ended = t->size == 8 && off + 8 == total;
            break;
        }
        if (t->type < 32)
            seen |= 1u << t->type;
        switch (t->type) {
        case 1:
            put_cstring_line("cmdline", (u64)(uintptr_t)(tag + 8));
            break;
        case 2:
            put_cstring_line("boot_loader_name", (u64)(uintptr_t)(tag + 8));
            break;
        case 3: {
            u32 start = *(const u32 *)(tag + 8), end = *(const u32 *)(tag + 12);
            CHECK(start <= end, "mod[%u] start <= end", mods);
            CHECK((start & 0xFFF) == 0, "mod[%u] page-aligned (module alignment tag)", mods);
            report_module(mods, start, end - start, (u64)(uintptr_t)(tag + 16));
            mods++;
            break;
        }
        case 4: {
            u32 lower = *(const u32 *)(tag + 8), upper = *(const u32 *)(tag + 12);
            rt_printf("mem_lower=%u KiB mem_upper=%u KiB\n", lower, upper);
            CHECK(lower >= 64 && lower <= 640, "mem_lower plausible");
            CHECK(upper >= 1024, "mem_upper plausible");
            break;
        }
        case 6:
            check_mmap(tag, t->size);
            break;
        default:
            rt_printf("tag type=%u size=%u (not read)\n", t->type, t->size);
        }
        off = (off + t->size + 7) & ~7u;
        aligned &= (off & 7) == 0;
    }
    rt_printf("mods_count=%u\n", mods);
    CHECK(aligned, "tags 8-byte aligned");
    CHECK(ended, "an end tag closes the block at total_size");
    /* Requested by the header's information request tag, so the loader must give them. */
    CHECK(seen & (1u << 1), "tag 1 (command line) present");
    CHECK(seen & (1u << 2), "tag 2 (boot loader name) present");
    CHECK(seen & (1u << 4), "tag 4 (basic memory information) present");
    CHECK(seen & (1u << 6), "tag 6 (memory map) present");
    return rom_finish();
}

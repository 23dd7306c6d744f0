/*
 * PVH boot information checks (entered through runtime/pvhentry.S): reads hvm_start_info from EBX
 * and prints the command line, modules (size, FNV-1a, command line, first bytes) and memory map.
 * Addresses are the loader's choice and differ between QEMU and Multiverse, so only the memory map
 * lines (which the QEMU comparison masks) print any.
 */
#include "bootentry.h"

#define XEN_HVM_START_MAGIC 0x336EC578u

struct hvm_start_info {
    u32 magic;
    u32 version;
    u32 flags;
    u32 nr_modules;
    u64 modlist_paddr;
    u64 cmdline_paddr;
    u64 rsdp_paddr;
    u64 memmap_paddr; /* version 1 and later */
    u32 memmap_entries;
    u32 reserved;
};

struct hvm_modlist_entry {
    u64 paddr;
    u64 size;
    u64 cmdline_paddr;
    u64 reserved;
};

struct hvm_memmap_table_entry {
    u64 addr;
    u64 size;
    u32 type;
    u32 reserved;
};

int rom_main(u32 unused, u32 start_info)
{
    (void)unused;
    rt_puts("pvh: started\n");
    check_entry_state(ENTRY_PVH_NOTE, "the PVH note's entry");
    const struct hvm_start_info *si = (const struct hvm_start_info *)(uintptr_t)start_info;
    if (!CHECK_EQ(si->magic, XEN_HVM_START_MAGIC, "hvm_start_info magic"))
        return rom_finish(); /* EBX means nothing without the magic */
    rt_printf("version=%u flags=0x%x\n", si->version, si->flags);
    put_cstring_line("cmdline", si->cmdline_paddr);

    rt_printf("nr_modules=%u\n", si->nr_modules);
    const struct hvm_modlist_entry *m = (const struct hvm_modlist_entry *)(uintptr_t)si->modlist_paddr;
    for (u32 i = 0; i < si->nr_modules; i++)
        report_module(i, m[i].paddr, m[i].size, m[i].cmdline_paddr);

    const char *rsdp = (const char *)(uintptr_t)si->rsdp_paddr;
    CHECK(!rsdp || memcmp(rsdp, "RSD PTR ", 8) == 0, "rsdp_paddr is 0 or points to an RSDP");

    if (CHECK(si->version >= 1, "hvm_start_info version 1 or later (memory map fields)")) {
        const struct hvm_memmap_table_entry *e =
            (const struct hvm_memmap_table_entry *)(uintptr_t)si->memmap_paddr;
        u32 covers = 0;
        for (u32 i = 0; i < si->memmap_entries; i++) {
            rt_printf("mmap[%u]: base=0x%016lx length=0x%016lx type=%u\n", i, e[i].addr, e[i].size, e[i].type);
            covers |= covers_image(e[i].addr, e[i].size, e[i].type);
        }
        CHECK(si->memmap_paddr && si->memmap_entries > 0, "mmap entries well-formed (%u)", si->memmap_entries);
        CHECK(covers, "mmap: the ROM image lies in available RAM");
    }
    return rom_finish();
}

/* Multiboot 1 information structure (the parts the ROMs read). */
#ifndef MULTIBOOT_H
#define MULTIBOOT_H

#include <stdint.h>

#define MB_INFO_MEMORY (1u << 0)
#define MB_INFO_BOOTDEV (1u << 1)
#define MB_INFO_CMDLINE (1u << 2)
#define MB_INFO_MODS (1u << 3)
#define MB_INFO_MMAP (1u << 6)
#define MB_INFO_LOADER_NAME (1u << 9)

struct mb_info {
    uint32_t flags;
    uint32_t mem_lower; /* KiB below 1 MiB */
    uint32_t mem_upper; /* KiB from 1 MiB to the first hole */
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count;
    uint32_t mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length;
    uint32_t mmap_addr;
    uint32_t drives_length;
    uint32_t drives_addr;
    uint32_t config_table;
    uint32_t boot_loader_name;
} __attribute__((packed));

struct mb_module {
    uint32_t mod_start;
    uint32_t mod_end; /* exclusive */
    uint32_t string;
    uint32_t reserved;
} __attribute__((packed));

/* `size` does not count itself: the next entry is at (char *)e + e->size + 4. */
struct mb_mmap_entry {
    uint32_t size;
    uint64_t base_addr;
    uint64_t length;
    uint32_t type; /* 1 = available RAM */
} __attribute__((packed));

/* Multiboot addresses are physical; the runtime identity-maps the first 4 GiB. */
#define MB_PTR(type, addr) ((type *)(uintptr_t)(addr))

#endif

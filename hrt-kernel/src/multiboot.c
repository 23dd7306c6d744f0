/* Reads the Multiboot 2 information into struct boot_info before anything may reuse its memory. */
#include "kernel.h"

#define TAG_END 0
#define TAG_CMDLINE 1
#define TAG_MMAP 6
#define TAG_HRT 0xf00df00d
#define MMAP_RAM 1

struct boot_info boot;

struct hrt_info_tag {
    u32 type, size;
    u32 total_num_apics, first_hrt_apic_id, have_hrt_ioapic, first_hrt_ioapic_entry;
    u64 cpu_freq_khz, hrt_flags, max_mem_mapped, first_hrt_gpa, boot_state_gpa, gva_offset, comm_page_gpa;
    u8 hrt_int_vector, reserved[7];
};

void multiboot_parse(const void *mbi, u64 bias) {
    const u8 *p = (const u8 *)mbi + 8;
    const u8 *end = (const u8 *)mbi + *(const u32 *)mbi;
    boot.load_bias = bias;
    while (p + 8 <= end) {
        u32 type = ((const u32 *)p)[0], size = ((const u32 *)p)[1];
        if (type == TAG_END) break;
        if (type == TAG_CMDLINE) {
            size_t n = size - 8 < sizeof boot.cmdline - 1 ? size - 8 : sizeof boot.cmdline - 1;
            memcpy(boot.cmdline, p + 8, n);
            boot.cmdline[n] = 0;
        } else if (type == TAG_MMAP) {
            u32 entry_size = ((const u32 *)p)[2];
            for (const u8 *e = p + 16; e + entry_size <= p + size; e += entry_size) {
                u64 base = ((const u64 *)e)[0], length = ((const u64 *)e)[1];
                u32 kind = ((const u32 *)e)[4];
                if (kind != MMAP_RAM || boot.ram_count == MAX_MEM_RANGES) continue;
                boot.ram[boot.ram_count++] = (struct mem_range){base, length};
                if (base + length > boot.ram_end) boot.ram_end = base + length;
            }
        } else if (type == TAG_HRT) {
            const struct hrt_info_tag *h = (const void *)p;
            boot.hrt = true;
            boot.total_apics = h->total_num_apics;
            boot.first_hrt_apic = h->first_hrt_apic_id;
            boot.cpu_khz = h->cpu_freq_khz;
            boot.hrt_flags = h->hrt_flags;
            boot.max_mem_mapped = h->max_mem_mapped;
            boot.first_hrt_gpa = h->first_hrt_gpa;
            boot.boot_state_gpa = h->boot_state_gpa;
            boot.gva_offset = h->gva_offset;
            boot.comm_page_gpa = h->comm_page_gpa;
            boot.upcall_vector = h->hrt_int_vector;
        }
        p += ALIGN_UP(size, 8);
    }
}

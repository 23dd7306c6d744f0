/*
 * HRT boot, seen from the HRT (docs/hvm-abi.md, "HRT boot"): run on the first HRT core of
 * multiverse run --memory 512M --hvm ros=1,hrt=1,ros-mem=256M --hrt-kernel hrtboot.elf --hrt-append hello-hrt,
 * it checks the entry registers, the mode, the map and the Multiboot 2 information with its HRT tag,
 * prints PASS/FAIL lines on COM1 and exits through isa-debug-exit.  Other HRT cores halt.
 */
#include "rom.h"

#define COM1 0x3F8
#define LSR_THRE 0x20
#define GVA_OFFSET 0xffff800000000000ull
#define FIRST_HRT_GPA 0x10000000ull
#define MEMORY (512ull << 20)

extern char __image_start[], __image_end[];

void rt_putc(char c)
{
    while (!(inb(COM1 + 5) & LSR_THRE))
        ;
    outb(COM1, (u8)c);
}

void rt_exit(int code)
{
    __asm__ volatile("outl %0, %1" : : "a"((u32)code), "Nd"((u16)0xf4));
    for (;;)
        __asm__ volatile("cli; hlt");
}

struct hrt_info {
    u32 type, size;
    u32 total_num_apics, first_hrt_apic_id, have_hrt_ioapic, first_hrt_ioapic_entry;
    u64 cpu_freq_khz;
    u64 hrt_flags, max_mem_mapped, first_hrt_gpa, boot_state_gpa, gva_offset, comm_page_gpa;
    u8 hrt_int_vector, reserved[7];
};

static u64 read_cr(int n)
{
    u64 v = 0;
    if (n == 0) __asm__ volatile("mov %%cr0, %0" : "=r"(v));
    if (n == 3) __asm__ volatile("mov %%cr3, %0" : "=r"(v));
    if (n == 4) __asm__ volatile("mov %%cr4, %0" : "=r"(v));
    return v;
}

static u64 rdmsr(u32 msr)
{
    u32 lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return (u64)hi << 32 | lo;
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static void check_info(const u8 *info, u64 apic)
{
    u32 total = *(const u32 *)info;
    const struct hrt_info *hrt = 0;
    const char *cmdline = 0;
    const u64 *mmap = 0;
    u32 mmap_size = 0;
    const u8 *p = info + 8;
    while (p < info + total) {
        u32 type = *(const u32 *)p, size = *(const u32 *)(p + 4);
        if (type == 0)
            break;
        if (type == 1)
            cmdline = (const char *)(p + 8);
        if (type == 6) {
            mmap = (const u64 *)(p + 16);
            mmap_size = size - 16;
        }
        if (type == 0xf00df00d)
            hrt = (const struct hrt_info *)p;
        p += (size + 7) & ~7u;
    }
    check_true(cmdline && streq(cmdline, "hello-hrt"), "command line tag is the --hrt-append text");
    check_eq(mmap_size, 48, "memory map has two 24-byte entries");
    if (mmap) {
        check_eq(mmap[0], 0, "first range starts at 0");
        check_eq(mmap[1], FIRST_HRT_GPA, "first range is the ROS RAM, up to rosMem");
        check_eq(mmap[3], FIRST_HRT_GPA, "second range starts at rosMem");
        check_eq(mmap[4], MEMORY - FIRST_HRT_GPA, "second range is the rest of RAM");
    }
    check_true(hrt != 0, "HRT information tag 0xf00df00d present");
    if (!hrt)
        return;
    check_eq(hrt->size, 88, "HRT tag size");
    check_eq(hrt->total_num_apics, 2, "total_num_apics");
    check_eq(hrt->first_hrt_apic_id, apic, "first_hrt_apic_id is this (first HRT) core's APIC ID");
    check_eq(hrt->first_hrt_gpa, FIRST_HRT_GPA, "first_hrt_gpa is ros-mem");
    check_eq(hrt->gva_offset, GVA_OFFSET, "gva_offset as the HRT tag asked");
    check_eq(hrt->hrt_flags, 0x200, "hrt_flags: 2 MiB pages");
    check_eq(hrt->max_mem_mapped, MEMORY, "max_mem_mapped: all RAM");
    check_eq(hrt->comm_page_gpa, FIRST_HRT_GPA, "comm page: the first HRT page (free below the image)");
    check_true(hrt->boot_state_gpa >= (u64)__image_end, "boot state after the image");
    check_eq(hrt->hrt_int_vector, 0xf0, "upcall vector");
    check_eq(hrt->cpu_freq_khz, 1000000, "cpu_freq_khz (1 GHz TSC)");
}

void hrt_main(u64 magic, u64 info, u64 apic, u64 index, u64 bias, u64 stack)
{
    if (index != 0)
        return;
    u64 rip;
    __asm__ volatile("lea 0(%%rip), %0" : "=r"(rip));
    rt_printf("HRT core %lx (APIC ID %lx) entered at 0x%lx\n", index, apic, rip);
    check_eq(magic, 0x36d76289, "rax: Multiboot 2 magic");
    check_eq(apic, 1, "rcx: APIC ID (ros=1)");
    check_eq(bias, 0, "rsi: load bias of a non-relocatable image");
    check_true(rip >= GVA_OFFSET + (u64)__image_start && rip < GVA_OFFSET + (u64)__image_end,
               "running at the image's higher-half GVA");
    check_true(info >= GVA_OFFSET + FIRST_HRT_GPA && info < GVA_OFFSET + MEMORY, "rbx: higher-half GVA in HRT RAM");
    check_true(stack >= GVA_OFFSET + FIRST_HRT_GPA && stack < GVA_OFFSET + MEMORY && (stack & 15) == 0,
               "rsp: 16-byte aligned top of a stack in HRT RAM (higher half)");
    check_eq(read_cr(0) & 0x80010001, 0x80010001, "CR0: PG, WP, PE");
    check_eq(read_cr(4) & 0x6a0, 0x6a0, "CR4: PAE, PGE, OSFXSR, OSXMMEXCPT");
    check_eq(rdmsr(0xc0000080) & 0xd01, 0xd01, "EFER: SCE, LME, LMA, NXE");
    u64 flags;
    __asm__ volatile("pushf; pop %0" : "=r"(flags));
    check_eq(flags & 0x200, 0, "interrupts disabled");
    /* The same byte through the higher half and the lower-half identity map. */
    volatile u8 *low = (volatile u8 *)(u64)__image_start, *high = (volatile u8 *)(GVA_OFFSET + (u64)__image_start);
    check_eq(*high, *low, "higher half and identity map show the same RAM");
    check_info((const u8 *)info, apic);
    rt_exit(rom_finish());
}

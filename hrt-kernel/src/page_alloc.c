/* Physical page allocator: one bit per 4 KiB page of the mapped 4 GiB (set = in use), free where the
 * memory map says RAM (in HRT mode only HRT RAM), minus what the kernel, the boot state and the comm
 * page occupy. Runs of pages are found by a next-fit scan. */
#include "kernel.h"

#define MAPPED_BYTES (4UL << 30)
#define PAGES (MAPPED_BYTES / PAGE_SIZE)
#define HVM_BOOT_STATE_FIXED (1UL << 20)   /* GDT, page tables, boot information: well below this */
#define HVM_STACK_PER_CORE (64UL << 10)

extern char mb2_header[], __kernel_end[];

static u64 bitmap[PAGES / 64];
static size_t free_pages, hint;
static spinlock_t lock = SPINLOCK_INIT;

static bool used(size_t page) { return bitmap[page / 64] >> (page % 64) & 1; }
static void mark(size_t page, bool in_use) {
    if (in_use) bitmap[page / 64] |= 1UL << (page % 64);
    else bitmap[page / 64] &= ~(1UL << (page % 64));
}

static void release(u64 base, u64 length) {
    u64 first = ALIGN_UP(base, PAGE_SIZE) / PAGE_SIZE;
    u64 end = ALIGN_DOWN(base + length, PAGE_SIZE) / PAGE_SIZE;
    if (end > PAGES) end = PAGES;
    for (u64 p = first; p < end; p++) {
        if (used(p)) mark(p, false), free_pages++;
    }
}

void page_reserve(u64 base, u64 length) {
    u64 first = ALIGN_DOWN(base, PAGE_SIZE) / PAGE_SIZE;
    u64 end = ALIGN_UP(base + length, PAGE_SIZE) / PAGE_SIZE;
    if (end > PAGES) end = PAGES;
    for (u64 p = first; p < end; p++) {
        if (!used(p)) mark(p, true), free_pages--;
    }
}

void page_alloc_init(void) {
    memset(bitmap, 0xff, sizeof bitmap);
    for (int i = 0; i < boot.ram_count; i++) release(boot.ram[i].base, boot.ram[i].length);
    page_reserve(0, 1UL << 20);   /* real-mode area: BIOS data, the AP trampoline, firmware tables */
    page_reserve(virt_to_phys(mb2_header), __kernel_end - mb2_header);
    if (boot.hrt) {
        page_reserve(0, boot.first_hrt_gpa);   /* the ROS's RAM */
        page_reserve(boot.boot_state_gpa, HVM_BOOT_STATE_FIXED + HVM_STACK_PER_CORE * cpu_count);
        page_reserve(boot.comm_page_gpa, PAGE_SIZE);
    }
    kprintf("memory: %lu KiB free for the page allocator\n", free_pages * PAGE_SIZE / 1024);
}

void *page_alloc(size_t n) {
    u64 f = spin_lock_irqsave(&lock);
    for (size_t scanned = 0, start = hint; scanned < PAGES; scanned++) {
        size_t p = (start + scanned) % PAGES;
        if (p + n > PAGES) continue;
        size_t run = 0;
        while (run < n && !used(p + run)) run++;
        if (run < n) {
            scanned += run;
            continue;
        }
        for (size_t i = 0; i < n; i++) mark(p + i, true);
        free_pages -= n;
        hint = p + n;
        spin_unlock_irqrestore(&lock, f);
        return phys_to_virt(p * PAGE_SIZE);
    }
    spin_unlock_irqrestore(&lock, f);
    return NULL;
}

void page_free(void *va, size_t n) {
    u64 first = virt_to_phys(va) / PAGE_SIZE;
    u64 f = spin_lock_irqsave(&lock);
    for (size_t i = 0; i < n; i++) {
        if (!used(first + i)) panic("page_free: page 0x%lx is not allocated\n", (first + i) * PAGE_SIZE);
        mark(first + i, false);
    }
    free_pages += n;
    spin_unlock_irqrestore(&lock, f);
}

size_t page_free_count(void) {
    return READ_ONCE(free_pages);
}

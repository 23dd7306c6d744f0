/* The kernel heap: blocks of 32 B to 2 KiB (powers of two, each with a 16-byte header) come from per-size
 * free lists carved out of whole pages; larger requests are page runs with the same header. */
#include "kernel.h"

#define HEADER 16
#define MIN_SHIFT 5
#define MAX_SHIFT 11
#define LARGE 0xff
#define MAGIC 0x6b6d616c6c6f6321UL

struct header { u64 magic; u32 kind; u32 pages; };
struct free_block { struct free_block *next; };

static struct free_block *free_lists[MAX_SHIFT + 1];
static size_t bytes_in_use;
static spinlock_t lock = SPINLOCK_INIT;

void *kmalloc(size_t size) {
    size_t total = size + HEADER;
    if (total > (1UL << MAX_SHIFT)) {
        size_t pages = ALIGN_UP(total, PAGE_SIZE) / PAGE_SIZE;
        struct header *h = page_alloc(pages);
        if (!h) return NULL;
        *h = (struct header){MAGIC, LARGE, (u32)pages};
        __atomic_add_fetch(&bytes_in_use, pages * PAGE_SIZE, __ATOMIC_RELAXED);
        return (u8 *)h + HEADER;
    }
    u32 shift = MIN_SHIFT;
    while ((1UL << shift) < total) shift++;
    u64 f = spin_lock_irqsave(&lock);
    if (!free_lists[shift]) {
        u8 *page = page_alloc(1);
        if (!page) {
            spin_unlock_irqrestore(&lock, f);
            return NULL;
        }
        for (size_t off = 0; off < PAGE_SIZE; off += 1UL << shift) {
            struct free_block *b = (struct free_block *)(page + off);
            b->next = free_lists[shift];
            free_lists[shift] = b;
        }
    }
    struct free_block *b = free_lists[shift];
    free_lists[shift] = b->next;
    __atomic_add_fetch(&bytes_in_use, 1UL << shift, __ATOMIC_RELAXED);
    spin_unlock_irqrestore(&lock, f);
    struct header *h = (struct header *)b;
    *h = (struct header){MAGIC, shift, 0};
    return (u8 *)h + HEADER;
}

void kfree(void *p) {
    if (!p) return;
    struct header *h = (struct header *)((u8 *)p - HEADER);
    if (h->magic != MAGIC) panic("kfree: %p was not allocated by kmalloc\n", p);
    h->magic = 0;
    if (h->kind == LARGE) {
        __atomic_sub_fetch(&bytes_in_use, h->pages * PAGE_SIZE, __ATOMIC_RELAXED);
        page_free(h, h->pages);
        return;
    }
    u32 shift = h->kind;
    u64 f = spin_lock_irqsave(&lock);
    struct free_block *b = (struct free_block *)h;
    b->next = free_lists[shift];
    free_lists[shift] = b;
    __atomic_sub_fetch(&bytes_in_use, 1UL << shift, __ATOMIC_RELAXED);
    spin_unlock_irqrestore(&lock, f);
}

size_t kmalloc_bytes_in_use(void) {
    return __atomic_load_n(&bytes_in_use, __ATOMIC_RELAXED);
}

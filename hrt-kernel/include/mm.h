/* Physical pages (page_alloc.c) and the kernel heap (kmalloc.c). Pages are handed out as upper-half
 * virtual addresses. */
#ifndef MM_H
#define MM_H

void page_alloc_init(void);
void page_reserve(u64 base, u64 length);
void *page_alloc(size_t pages);
void page_free(void *va, size_t pages);
size_t page_free_count(void);

void *kmalloc(size_t size);
void kfree(void *p);
size_t kmalloc_bytes_in_use(void);

#endif

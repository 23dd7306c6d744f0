/* Common definitions of the AeroKernel. Every symbol is hidden: the image is a static PIE whose
 * references are RIP-relative, so only pointer-valued data needs the relocations applied at entry. */
#ifndef KERNEL_H
#define KERNEL_H
#pragma GCC visibility push(hidden)

#include "layout.h"

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long u64;
typedef long i64;
typedef unsigned long size_t;
typedef _Bool bool;
#define true 1
#define false 0
#define NULL ((void *)0)

#define ALIGN_UP(v, a) (((v) + (a) - 1) & ~((u64)(a) - 1))
#define ALIGN_DOWN(v, a) ((v) & ~((u64)(a) - 1))
#define PAGE_SIZE 4096UL

static inline void *phys_to_virt(u64 pa) { return (void *)(pa + KERNEL_OFFSET); }
static inline u64 virt_to_phys(const void *va) { return (u64)va - KERNEL_OFFSET; }

/* lib.c */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
bool cmdline_has(const char *cmdline, const char *word);

/* console.c */
void console_init_serial(void);
void console_init_debugcon(void);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kprintf_unlocked(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf_unlocked(const char *fmt, __builtin_va_list ap);

/* boot mode and the machine as the boot information describes it (multiboot.c) */
struct mem_range { u64 base, length; };
#define MAX_MEM_RANGES 32
struct boot_info {
    bool hrt;                 /* booted by the HVM as the HRT (the Multiboot 2 HRT tag is present) */
    char cmdline[256];
    struct mem_range ram[MAX_MEM_RANGES];
    int ram_count;
    u64 ram_end;              /* end of the highest RAM range */
    /* HRT information tag */
    u32 total_apics, first_hrt_apic;
    u64 cpu_khz, hrt_flags, max_mem_mapped, first_hrt_gpa, boot_state_gpa, gva_offset, comm_page_gpa;
    u8 upcall_vector;
    u64 load_bias;
};
extern struct boot_info boot;
void multiboot_parse(const void *mbi, u64 bias);

/* halt.c */
void machine_exit(int code) __attribute__((noreturn));
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void halt_forever(void) __attribute__((noreturn));

#include "cpu.h"
#include "spinlock.h"
#include "percpu.h"
#include "mm.h"
#include "apic.h"
#include "thread.h"
#include "hvm.h"

#endif

/* Each core's GDT and TSS. The TSS holds the core's seven interrupt stacks (IST1-7, layout.h), which
 * every IDT gate uses: an entry always starts on a good stack of its own core, and #DF, NMI and #MC run
 * there even when the kernel stack has overflowed. */
#include "kernel.h"

#define SEL_CODE 0x08
#define SEL_DATA 0x10
#define SEL_TSS 0x18

static u8 ist_stacks[MAX_CPUS][IST_COUNT][IST_STACK_SIZE] __attribute__((aligned(16)));

void gdt_init_core(struct cpu *c) {
    c->gdt[0] = 0;
    c->gdt[1] = 0x00af9a000000ffffUL;   /* 64-bit code, DPL 0 */
    c->gdt[2] = 0x00cf92000000ffffUL;   /* data */
    u64 base = (u64)&c->tss, limit = sizeof c->tss - 1;
    c->gdt[3] = (limit & 0xffff) | (base & 0xffffff) << 16 | 0x89UL << 40 | ((limit >> 16) & 0xf) << 48
                | ((base >> 24) & 0xff) << 56;   /* available 64-bit TSS */
    c->gdt[4] = base >> 32;
    memset(&c->tss, 0, sizeof c->tss);
    for (int i = 0; i < IST_COUNT; i++) c->tss.ist[i] = (u64)&ist_stacks[c->index][i][IST_STACK_SIZE];
    c->tss.iomap_base = sizeof c->tss;

    struct { u16 limit; u64 base; } __attribute__((packed)) gdtr = {5 * 8 - 1, (u64)c->gdt};
    __asm__ volatile(
        "lgdt %0\n"
        "lea 1f(%%rip), %%rax\n"
        "push %1\n"
        "push %%rax\n"
        "lretq\n"
        "1: mov %2, %%eax\n"
        "mov %%eax, %%ds\n"
        "mov %%eax, %%es\n"
        "mov %%eax, %%ss\n"
        "ltr %w3\n"
        : : "m"(gdtr), "i"(SEL_CODE), "i"(SEL_DATA), "r"(SEL_TSS) : "rax", "memory");
    /* fs and gs hold selector 0: their bases come from the MSRs (GS = this core's struct cpu) */
    __asm__ volatile("mov %0, %%fs; mov %0, %%gs" : : "r"(0) : "memory");
    wrmsr(MSR_GS_BASE, (u64)c);
}

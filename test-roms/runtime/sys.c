/* System runtime: GDT with user and legacy segments, 64-bit TSS, 256-vector IDT, traps, 4 KiB user pages. */
#include "sys.h"

u64 sys_gdt[GDT_ENTRIES] __attribute__((aligned(16))) = {
    [SEL_KCODE64 / 8] = 0x00AF9A000000FFFF,
    [SEL_KDATA / 8] = 0x00CF92000000FFFF,
    [SEL_KCODE32 / 8] = 0x00CF9A000000FFFF,
    [SEL_CODE16 / 8] = 0x00009A000000FFFF,
    [SEL_UCODE64_SYSEXIT / 8] = 0x00AFFA000000FFFF,
    [SEL_UDATA / 8] = 0x00CFF2000000FFFF,
    [SEL_UCODE64 / 8] = 0x00AFFA000000FFFF,
    [SEL_DATA16 / 8] = 0x000092000000FFFF,
    [SEL_UCODE32 / 8] = 0x00CFFA000000FFFF,
};

struct sys_tss sys_tss __attribute__((aligned(16)));
volatile struct sys_trap_info sys_last;
sys_hook sys_hooks[256];
u8 sys_user_stack[4096] __attribute__((aligned(4096)));

u8 sys_kernel_stack[16384] __attribute__((aligned(16)));
u8 sys_ist_stacks[3][8192] __attribute__((aligned(16)));
static u64 idt[512] __attribute__((aligned(16))); /* 256 16-byte gates */
static u64 split_pts[4][512] __attribute__((aligned(4096)));
static int split_used;

extern const u8 sys_isr_base[];
extern u32 sys_armed;
__attribute__((noreturn)) void sys_unwind(int value);
void sys_trap(struct sys_frame *f);

u64 sys_isr_address(int vector) { return (u64)(uintptr_t)sys_isr_base + 16 * (u64)vector; }

void sys_set_gate(int vector, u64 handler, int dpl, int type, int ist)
{
    idt[2 * vector] = (handler & 0xFFFF) | ((u64)SEL_KCODE64 << 16) | ((u64)(ist & 7) << 32) |
                      ((u64)(0x80 | (dpl << 5) | type) << 40) | ((handler >> 16) & 0xFFFF) << 48;
    idt[2 * vector + 1] = handler >> 32;
}

void sys_set_gate_present(int vector, int present)
{
    if (present)
        idt[2 * vector] |= 1ull << 47;
    else
        idt[2 * vector] &= ~(1ull << 47);
}

void sys_load_idt(void)
{
    struct {
        u16 limit;
        u64 base;
    } __attribute__((packed)) d = {sizeof(idt) - 1, (u64)(uintptr_t)idt};
    __asm__ volatile("lidt %0" : : "m"(d));
}

static void load_gdt(void)
{
    struct {
        u16 limit;
        u64 base;
    } __attribute__((packed)) d = {sizeof(sys_gdt) - 1, (u64)(uintptr_t)sys_gdt};
    u64 tss = (u64)(uintptr_t)&sys_tss;
    sys_gdt[SEL_TSS / 8] = (sizeof(sys_tss) - 1) | (tss & 0xFFFFFF) << 16 | 0x89ull << 40 |
                           ((tss >> 24) & 0xFF) << 56;
    sys_gdt[SEL_TSS / 8 + 1] = tss >> 32;
    __asm__ volatile("lgdt %0\n\t"
                     "pushq %1\n\t"
                     "leaq 1f(%%rip), %%rax\n\t"
                     "pushq %%rax\n\t"
                     "lretq\n"
                     "1:\n\t"
                     "movl %2, %%eax\n\t"
                     "movl %%eax, %%ds\n\t"
                     "movl %%eax, %%es\n\t"
                     "movl %%eax, %%ss"
                     :
                     : "m"(d), "i"(SEL_KCODE64), "i"(SEL_KDATA)
                     : "rax", "memory");
}

void sys_load_tr(void) { __asm__ volatile("ltr %w0" : : "r"(SEL_TSS) : "memory"); }

void sys_init(void)
{
    sys_tss.rsp[0] = (u64)(uintptr_t)(sys_kernel_stack + sizeof(sys_kernel_stack));
    for (int i = 0; i < 3; i++)
        sys_tss.ist[i] = (u64)(uintptr_t)(sys_ist_stacks[i] + sizeof(sys_ist_stacks[i]));
    sys_tss.iomap_base = sizeof(sys_tss); /* no I/O bitmap */
    load_gdt();
    for (int v = 0; v < 256; v++)
        sys_set_gate(v, sys_isr_address(v), 0, 0xE, 0);
    sys_set_gate(SYS_VEC_RETURN, sys_isr_address(SYS_VEC_RETURN), 3, 0xE, 0);
    sys_load_idt();
}

void sys_catch_end(void) { sys_armed = 0; }

void sys_trap(struct sys_frame *f)
{
    sys_last.vector = f->vector;
    sys_last.error = f->error;
    sys_last.rip = f->rip;
    sys_last.cs = f->cs;
    sys_last.rflags = f->rflags;
    sys_last.rsp = f->rsp;
    sys_last.ss = f->ss;
    sys_last.cr2 = READ_CR(2);
    sys_last.frame_end = (u64)(uintptr_t)(f + 1);
    sys_last.rax = f->rax;
    sys_last.rbx = f->rbx;
    sys_last.rcx = f->rcx;
    sys_last.rdx = f->rdx;
    sys_last.rsi = f->rsi;
    sys_last.rdi = f->rdi;
    sys_last.count++;
    sys_hook hook = sys_hooks[f->vector & 0xFF];
    if (hook && hook(f))
        return;
    if (sys_armed)
        sys_unwind(TRAPPED((int)f->vector));
    rt_printf("\nEXCEPTION: vector %lu error 0x%lx rip 0x%lx cs 0x%lx rsp 0x%lx rflags 0x%lx cr2 0x%lx\n",
              f->vector, f->error, f->rip, f->cs, f->rsp, f->rflags, sys_last.cr2);
    rt_exit(ROM_EXIT_EXCEPTION);
}

int check_trap(int v, int want, u64 err, const char *name)
{
    u64 got = (u64)(u32)v << 32 | (v ? sys_last.error : 0);
    return check_eq(got, (u64)(u32)want << 32 | (want ? err : 0), "%s", name);
}

int sys_run_user(u64 fn, u64 arg, u64 rflags)
{
    int v = sys_catch();
    if (v)
        return v;
    sys_enter_user(fn, arg, (u64)(uintptr_t)(sys_user_stack + sizeof(sys_user_stack)), rflags | F_FIXED);
}

int sys_has(u32 leaf, int reg, int bit)
{
    u32 r[4];
    cpuid(leaf & 0x80000000u, 0, &r[0], &r[1], &r[2], &r[3]);
    if (r[0] < leaf)
        return 0;
    cpuid(leaf, 0, &r[0], &r[1], &r[2], &r[3]);
    return (r[reg] >> bit) & 1;
}

/* --- paging ----------------------------------------------------------------- */

#define PTE_P 1ull
#define PTE_RW 2ull
#define PTE_US 4ull
#define PTE_PS 0x80ull
#define PTE_ADDR 0x000FFFFFFFFFF000ull

static u64 *table(u64 entry) { return (u64 *)(uintptr_t)(entry & PTE_ADDR); }

static u64 *pde_of(u64 va)
{
    u64 *pml4 = table(READ_CR(3));
    u64 *pdpt = table(pml4[(va >> 39) & 511]);
    u64 *pd = table(pdpt[(va >> 30) & 511]);
    return &pd[(va >> 21) & 511];
}

void sys_split_2m(u64 va)
{
    u64 *pde = pde_of(va);
    if (!(*pde & PTE_PS))
        return;
    u64 base = *pde & 0xFFFFFFFFFFE00000ull & PTE_ADDR;
    if (split_used == (int)ARRAY_SIZE(split_pts)) {
        rt_puts("sys_split_2m: out of page tables\n");
        rt_exit(ROM_EXIT_EXCEPTION);
    }
    u64 *pt = split_pts[split_used++];
    for (int i = 0; i < 512; i++)
        pt[i] = (base + ((u64)i << 12)) | PTE_P | PTE_RW;
    *pde = (u64)(uintptr_t)pt | PTE_P | PTE_RW;
    WRITE_CR(3, READ_CR(3));
}

u64 *sys_pte(u64 va)
{
    u64 *pde = pde_of(va);
    if (*pde & PTE_PS)
        return 0;
    return &table(*pde)[(va >> 12) & 511];
}

void sys_set_user(u64 va, u64 len)
{
    u64 *pml4 = table(READ_CR(3));
    u64 *pdpt = table(pml4[(va >> 39) & 511]);
    pml4[(va >> 39) & 511] |= PTE_US;
    pdpt[(va >> 30) & 511] |= PTE_US;
    *pde_of(va) |= PTE_US;
    for (u64 a = va & ~0xFFFull; a < va + len; a += 4096)
        *sys_pte(a) |= PTE_US;
    WRITE_CR(3, READ_CR(3));
}

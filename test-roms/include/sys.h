/*
 * System-level runtime for the ROMs that test modes, paging, gates and
 * exceptions (runtime/sys.c, runtime/sys.S).  sys_init() replaces the boot GDT
 * and IDT with the ones below: every vector goes to sys_trap(), which either
 * calls a per-vector hook and resumes, or unwinds to the innermost SYS_TRY.
 */
#ifndef SYS_H
#define SYS_H

#include "rom.h"

/* GDT layout (fixed: SYSCALL/SYSRET and SYSENTER/SYSEXIT derive selectors from it). */
#define SEL_KCODE64 0x08
#define SEL_KDATA 0x10
#define SEL_KCODE32 0x18
#define SEL_CODE16 0x20
#define SEL_UCODE64_SYSEXIT 0x28 /* SYSENTER_CS + 32 */
#define SEL_UDATA 0x30           /* SYSENTER_CS + 40, STAR[63:48] + 8 */
#define SEL_UCODE64 0x38         /* STAR[63:48] + 16 */
#define SEL_DATA16 0x40
#define SEL_UCODE32 0x48
#define SEL_TSS 0x50  /* 16 bytes */
#define SEL_FREE 0x60 /* 0x60..0x7f: for the ROM (call gates, test descriptors) */
#define GDT_ENTRIES 16

extern u64 sys_gdt[GDT_ENTRIES];

struct sys_tss {
    u32 reserved0;
    u64 rsp[3];
    u64 reserved1;
    u64 ist[7]; /* IST1..IST7: use TSS_IST(n) */
    u64 reserved2;
    u16 reserved3;
    u16 iomap_base;
} __attribute__((packed));
extern struct sys_tss sys_tss;
#define TSS_IST(n) sys_tss.ist[(n) - 1]
/* RSP0 points at the top of sys_kernel_stack, IST1..3 at the tops of sys_ist_stacks[0..2]. */
extern u8 sys_kernel_stack[16384];
extern u8 sys_ist_stacks[3][8192];

/* Saved by the trap entry: general registers, then what the CPU pushed. */
struct sys_frame {
    u64 r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
    u64 vector, error, rip, cs, rflags, rsp, ss;
};

/* The last trap taken (any vector), with CR2 at entry and the count of all traps. */
struct sys_trap_info {
    u64 vector, error, rip, cs, rflags, rsp, ss, cr2;
    u64 frame_end; /* address just above the CPU-pushed frame: the stack the CPU switched to */
    u64 rax, rbx, rcx, rdx, rsi, rdi;
    u64 count;
};
extern volatile struct sys_trap_info sys_last;

/* A hook returns 1 to resume (IRETQ with the frame as it left it), 0 to treat the trap as unexpected. */
typedef int (*sys_hook)(struct sys_frame *f);
extern sys_hook sys_hooks[256];

void sys_init(void);
/* Loads TR with the 64-bit TSS (RSP0, IST): needed for ring changes and IST. */
void sys_load_tr(void);
/* type: 0xE interrupt gate, 0xF trap gate; ist 0..7 */
void sys_set_gate(int vector, u64 handler, int dpl, int type, int ist);
void sys_set_gate_present(int vector, int present);
u64 sys_isr_address(int vector);
void sys_load_idt(void);

/*
 * setjmp-style: returns 0, and later 0x100 | vector when a trap unwinds to it
 * (a trap with no hook while a SYS_TRY is active).  Only one level.
 */
int sys_catch(void) __attribute__((returns_twice));
void sys_catch_end(void);
#define SYS_TRY(...) ({ int v_ = sys_catch(); if (!v_) { __VA_ARGS__; sys_catch_end(); } v_; })
#define TRAPPED(v) (0x100 | (v))
/* One check of a SYS_TRY outcome v: no trap (want 0), or TRAPPED(vector) with error code err. */
int check_trap(int v, int want, u64 err, const char *name);

/* Enter 64-bit ring 3 at fn with RDI = arg and RSP = stack; come back only through a trap. */
__attribute__((noreturn)) void sys_enter_user(u64 fn, u64 arg, u64 stack, u64 rflags);
/* Runs fn at ring 3 (user stack from sys_user_stack); returns the trap that ended it. */
int sys_run_user(u64 fn, u64 arg, u64 rflags);

/* Paging: the first 2 MiB split into 4 KiB pages so single pages can be made user pages. */
u64 *sys_pte(u64 va); /* PTE of a 4 KiB-mapped address, or 0 */
void sys_split_2m(u64 va);  /* maps the 2 MiB region at va with 4 KiB pages (identity) */
void sys_set_user(u64 va, u64 len); /* sets U/S on the 4 KiB pages and on every level above */
static inline void invlpg(u64 va) { __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory"); }
extern u8 sys_user_stack[4096];

/* Interrupt gate vector a ring-3 stub uses to come back (DPL 3). */
#define SYS_VEC_RETURN 0x80

static inline u64 rdmsr(u32 msr)
{
    u32 lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((u64)hi << 32) | lo;
}
static inline void wrmsr(u32 msr, u64 v)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)));
}
#define READ_CR(n) ({ u64 v_; __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v_)); v_; })
#define WRITE_CR(n, v) __asm__ volatile("mov %0, %%cr" #n : : "r"((u64)(v)) : "memory")

#define MSR_EFER 0xC0000080
#define MSR_STAR 0xC0000081
#define MSR_LSTAR 0xC0000082
#define MSR_FMASK 0xC0000084
#define MSR_SYSENTER_CS 0x174
#define MSR_SYSENTER_ESP 0x175
#define MSR_SYSENTER_EIP 0x176
#define EFER_SCE (1u << 0)
#define EFER_LME (1u << 8)
#define EFER_LMA (1u << 10)
#define EFER_NXE (1u << 11)
#define CR0_PE 1u
#define CR0_WP (1u << 16)
#define CR0_PG (1u << 31)
#define CR4_PAE (1u << 5)
#define CR4_SMEP (1u << 20)
#define CR4_SMAP (1u << 21)
#define F_TF 0x100u
#define F_IF 0x200u
#define F_NT 0x4000u
#define F_RF 0x10000u
#define F_AC 0x40000u

/* CPUID feature test: leaf, register index (0 EAX .. 3 EDX), bit. */
int sys_has(u32 leaf, int reg, int bit);
#define HAS_NX() sys_has(0x80000001, 3, 20)
#define HAS_SMEP() sys_has(7, 1, 7)
#define HAS_SMAP() sys_has(7, 1, 20)
#define HAS_SYSCALL() sys_has(0x80000001, 3, 11)
#define HAS_SEP() sys_has(1, 3, 11)
#define HAS_PCID() sys_has(1, 2, 17)

#endif

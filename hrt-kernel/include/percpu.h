/* Per-core state, reached through the GS base (its first field points to itself). */
#ifndef PERCPU_H
#define PERCPU_H

/* What the interrupt stubs save: the general registers, then the vector, the error code (0 when the
 * vector has none) and the frame the CPU pushed. A thread's saved context is one of these. */
struct frame {
    u64 r15, r14, r13, r12, r11, r10, r9, r8, rdi, rsi, rbp, rbx, rdx, rcx, rax;
    u64 vector, error;
    u64 rip, cs, rflags, rsp, ss;
};

struct idt_gate {
    u16 offset_low, selector;
    u8 ist, type;
    u16 offset_mid;
    u32 offset_high, reserved;
} __attribute__((packed));

struct tss {
    u32 reserved0;
    u64 rsp[3];
    u64 reserved1;
    u64 ist[7];
    u64 reserved2;
    u16 reserved3, iomap_base;
} __attribute__((packed));

struct thread;

struct cpu {
    struct cpu *self;
    int index;
    u32 apic_id;
    volatile bool online;
    u64 gdt[7] __attribute__((aligned(16)));
    struct tss tss __attribute__((aligned(16)));
    /* scheduler (thread.c) */
    spinlock_t run_lock;
    struct thread *current, *idle, *zombie;
    volatile u64 ticks;
    /* #BP taken on this core (interrupt.c: counted and resumed) */
    volatile u64 breakpoints;
    /* cross-core calls (ipi_call.c) */
    spinlock_t call_lock;
    u64 (*volatile call_fn)(u64);
    volatile u64 call_arg, call_result;
    volatile bool call_done;
};

extern struct cpu cpus[MAX_CPUS];
extern int cpu_count;

static inline struct cpu *this_cpu(void) {
    struct cpu *c;
    __asm__ volatile("mov %%gs:0, %0" : "=r"(c));
    return c;
}

/* gdt.c, interrupt.c */
void gdt_init_core(struct cpu *c);
void idt_build(void);
void idt_load(void);
void interrupt_set_upcall_vector(u8 vector);
/* Reads the quadword at a virtual address that may be unmapped: false (and *value untouched) when it is
 * not canonical or reading it faults. */
bool try_read(u64 address, u64 *value);
/* paging.c */
void paging_init(void);
void paging_load(void);
void paging_flush_tlb(void);
void paging_merge(u64 ros_cr3);
void paging_unmerge(void);

#endif

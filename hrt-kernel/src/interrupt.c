/* The IDT (shared by every core) and the dispatch of every vector. Every gate names an IST slot (the
 * split is in layout.h; each core's TSS gives its own stacks, gdt.c), and the entry (boot/isr.S) moves
 * the frame of every slot but #DF's, NMI's and #MC's onto the interrupted stack. A #BP is counted and
 * resumed (no debugger here); a #PF of try_read is resumed at its failure path. Unexpected vectors print
 * the core, vector, error code and RIP, and stop the machine (standalone) or the core (HRT). */
#include "kernel.h"

#define GP_UPCALL_ERROR 0xf00df00d
#define VEC_DB 1
#define VEC_NMI 2
#define VEC_BP 3
#define VEC_DF 8
#define VEC_GP 13
#define VEC_PF 14
#define VEC_MC 18

extern char isr_stubs[], isr_copy_writes[], isr_copy_writes_end[];
extern char probe_load_read[], probe_load_fault[];
u64 probe_load(u64 address, u64 *value);

static struct idt_gate idt[256] __attribute__((aligned(16)));
static u8 upcall_vector;   /* 0: upcalls arrive as #GP(0xf00df00d); only meaningful in HRT mode */

static const char *const exception_names[32] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "coprocessor overrun", "#TS", "#NP",
    "#SS", "#GP", "#PF", "reserved", "#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
};

static u8 ist_of(int vector) {
    switch (vector) {
    case VEC_DF: return IST_DOUBLE_FAULT;
    case VEC_NMI: return IST_NMI;
    case VEC_MC: return IST_MACHINE_CHECK;
    case VEC_DB:
    case VEC_BP: return IST_DEBUG;
    default: return vector < 32 ? IST_EXCEPTION : IST_INTERRUPT;
    }
}

void idt_build(void) {
    for (int v = 0; v < 256; v++) {
        u64 stub = (u64)isr_stubs + 16 * v;
        idt[v] = (struct idt_gate){
            .offset_low = (u16)stub, .selector = 0x08,
            .ist = ist_of(v),
            .type = 0x8e,   /* present, DPL 0, 64-bit interrupt gate */
            .offset_mid = (u16)(stub >> 16), .offset_high = (u32)(stub >> 32),
        };
    }
}

void idt_load(void) {
    struct { u16 limit; u64 base; } __attribute__((packed)) idtr = {sizeof idt - 1, (u64)idt};
    __asm__ volatile("lidt %0" : : "m"(idtr));
}

/* The upcall gets a slot of its own: it arrives regardless of IF, so also while another entry of the
 * same class is still copying its frame off its IST stack. */
void interrupt_set_upcall_vector(u8 vector) {
    upcall_vector = vector;
    idt[vector ? vector : VEC_GP].ist = IST_UPCALL;
}

bool try_read(u64 address, u64 *value) {
    /* a non-canonical address would give #GP, which may be an upcall's vector: only #PF is resumed */
    if ((u64)((i64)(address << 16) >> 16) != address) return false;
    return probe_load(address, value);
}

static __attribute__((noreturn)) void unexpected(struct frame *f) {
    u64 cr2;
    __asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
    const char *name = f->vector < 32 && exception_names[f->vector] ? exception_names[f->vector] : "interrupt";
    kprintf_unlocked("core %d: unexpected vector %lu (%s) error 0x%lx rip 0x%lx rsp 0x%lx cr2 0x%lx\n",
                     this_cpu()->index, f->vector, name, f->error, f->rip, f->rsp, cr2);
    if (f->rip >= (u64)isr_copy_writes && f->rip < (u64)isr_copy_writes_end)
        kprintf_unlocked("core %d: in the interrupt entry: the interrupted stack (frame at 0x%lx) is unusable\n",
                         this_cpu()->index, f->rax);
    if (!boot.hrt) machine_exit(0x7e);
    halt_forever();
}

struct frame *interrupt_dispatch(struct frame *f) {
    if (boot.hrt && ((upcall_vector && f->vector == upcall_vector)
                     || (!upcall_vector && f->vector == VEC_GP && f->error == GP_UPCALL_ERROR))) {
        upcall_handle();
        return f;
    }
    switch (f->vector) {
    case VEC_TIMER:
        apic_eoi();
        return sched_tick(f);
    case VEC_YIELD:
        return sched_switch(f);
    case VEC_CALL:
        smp_call_interrupt();
        apic_eoi();
        return f;
    case VEC_SPURIOUS:
        return f;
    case VEC_BP:
        this_cpu()->breakpoints++;
        return f;
    case VEC_PF:
        if (f->rip != (u64)probe_load_read) unexpected(f);
        f->rip = (u64)probe_load_fault;
        return f;
    default:
        unexpected(f);
    }
}

/* The IDT (shared by every core) and the dispatch of every vector. Unexpected vectors print the core,
 * vector, error code and RIP, and stop the machine (standalone) or the core (HRT). */
#include "kernel.h"

#define GP_UPCALL_ERROR 0xf00df00d

struct idt_gate {
    u16 offset_low, selector;
    u8 ist, type;
    u16 offset_mid;
    u32 offset_high, reserved;
} __attribute__((packed));

extern char isr_stubs[];
static struct idt_gate idt[256] __attribute__((aligned(16)));
static u8 upcall_vector;   /* 0: upcalls arrive as #GP(0xf00df00d); only meaningful in HRT mode */

static const char *const exception_names[32] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "coprocessor overrun", "#TS", "#NP",
    "#SS", "#GP", "#PF", "reserved", "#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
};

void idt_build(void) {
    for (int v = 0; v < 256; v++) {
        u64 stub = (u64)isr_stubs + 16 * v;
        idt[v] = (struct idt_gate){
            .offset_low = (u16)stub, .selector = 0x08,
            .ist = v == 8 ? 1 : v == 2 ? 2 : v == 18 ? 3 : 0,
            .type = 0x8e,   /* present, DPL 0, 64-bit interrupt gate */
            .offset_mid = (u16)(stub >> 16), .offset_high = (u32)(stub >> 32),
        };
    }
}

void idt_load(void) {
    struct { u16 limit; u64 base; } __attribute__((packed)) idtr = {sizeof idt - 1, (u64)idt};
    __asm__ volatile("lidt %0" : : "m"(idtr));
}

void interrupt_set_upcall_vector(u8 vector) {
    upcall_vector = vector;
}

static __attribute__((noreturn)) void unexpected(struct frame *f) {
    u64 cr2;
    __asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
    const char *name = f->vector < 32 && exception_names[f->vector] ? exception_names[f->vector] : "interrupt";
    kprintf_unlocked("core %d: unexpected vector %lu (%s) error 0x%lx rip 0x%lx rsp 0x%lx cr2 0x%lx\n",
                     this_cpu()->index, f->vector, name, f->error, f->rip, f->rsp, cr2);
    if (!boot.hrt) machine_exit(0x7e);
    halt_forever();
}

struct frame *interrupt_dispatch(struct frame *f) {
    if (boot.hrt && ((upcall_vector && f->vector == upcall_vector)
                     || (!upcall_vector && f->vector == 13 && f->error == GP_UPCALL_ERROR))) {
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
    default:
        unexpected(f);
    }
}

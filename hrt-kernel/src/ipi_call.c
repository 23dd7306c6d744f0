/* Running a function on another core: the caller fills the target's mailbox, sends it VEC_CALL and waits
 * (with interrupts on, so two cores calling each other both make progress). */
#include "kernel.h"

#define ICR_FIXED 0x0

u64 smp_call(int core, u64 (*fn)(u64), u64 arg) {
    struct cpu *t = &cpus[core];
    if (t == this_cpu()) return fn(arg);
    spin_lock(&t->call_lock);
    t->call_fn = fn;
    t->call_arg = arg;
    WRITE_ONCE(t->call_done, false);
    apic_send_ipi(t->apic_id, ICR_FIXED | VEC_CALL);
    while (!READ_ONCE(t->call_done)) cpu_relax();
    u64 result = t->call_result;
    spin_unlock(&t->call_lock);
    return result;
}

void smp_call_interrupt(void) {
    struct cpu *c = this_cpu();
    c->call_result = c->call_fn(c->call_arg);
    __atomic_store_n(&c->call_done, true, __ATOMIC_RELEASE);
}

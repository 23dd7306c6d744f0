/* The local APIC in x2APIC mode: registers are MSRs 0x800 + offset / 16, so no MMIO page needs mapping,
 * and the ICR is one 64-bit write (destination in the high half). */
#include "kernel.h"

#define APIC_GLOBAL_ENABLE (1UL << 11)
#define APIC_X2APIC_ENABLE (1UL << 10)
#define X2APIC_ID 0x802
#define X2APIC_EOI 0x80b
#define X2APIC_SVR 0x80f
#define X2APIC_ESR 0x828
#define X2APIC_ICR 0x830
#define X2APIC_LVT_LINT0 0x835
#define X2APIC_LVT_LINT1 0x836
#define X2APIC_LVT_ERROR 0x837
#define LVT_MASKED (1U << 16)

void apic_init_core(void) {
    u32 r[4];
    cpuid(1, 0, r);
    if (!(r[2] & (1U << 21))) panic("this CPU has no x2APIC\n");
    wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_GLOBAL_ENABLE | APIC_X2APIC_ENABLE);
    /* device interrupts are not this kernel's: LINT0 (ExtINT from the 8259) and LINT1 stay masked */
    wrmsr(X2APIC_LVT_LINT0, LVT_MASKED);
    wrmsr(X2APIC_LVT_LINT1, LVT_MASKED);
    wrmsr(X2APIC_LVT_ERROR, LVT_MASKED);
    wrmsr(X2APIC_SVR, 0x100 | VEC_SPURIOUS);   /* software enable */
    wrmsr(X2APIC_ESR, 0);
}

u32 apic_id(void) {
    return (u32)rdmsr(X2APIC_ID);
}

void apic_eoi(void) {
    wrmsr(X2APIC_EOI, 0);
}

void apic_send_ipi(u32 dest, u32 icr_low) {
    wrmsr(X2APIC_ICR, (u64)dest << 32 | icr_low);
}

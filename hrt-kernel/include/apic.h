/* The local APIC in x2APIC mode (apic.c), the timer and time (timer.c), cross-core calls (ipi_call.c),
 * start-up of the other cores (smp.c). */
#ifndef APIC_H
#define APIC_H

#define TIMER_HZ 1000

void apic_init_core(void);
u32 apic_id(void);
void apic_eoi(void);
void apic_send_ipi(u32 apic_id, u32 icr_low);

void timer_calibrate(void);
void timer_start_core(void);
u64 tsc_khz(void);
void delay_us(u64 us);

u64 smp_call(int core, u64 (*fn)(u64), u64 arg);
void smp_call_interrupt(void);

void smp_boot_standalone(void);
void smp_wait_hrt_cores(void);

#endif

/* Time: the TSC rate (from the HVM in HRT mode, else measured against PIT channel 2) and the APIC timer,
 * calibrated against the TSC and run periodic at TIMER_HZ on every core. */
#include "kernel.h"

#define X2APIC_LVT_TIMER 0x832
#define X2APIC_TIMER_INITIAL 0x838
#define X2APIC_TIMER_CURRENT 0x839
#define X2APIC_TIMER_DIVIDE 0x83e
#define DIVIDE_BY_1 0xb
#define LVT_MASKED (1U << 16)
#define LVT_PERIODIC (1U << 17)

#define PIT_HZ 1193182
#define PIT_CH2 0x42
#define PIT_MODE 0x43
#define PORT_B 0x61
#define CALIBRATION_MS 10

static u64 tsc_rate_khz, apic_ticks_per_ms;

u64 tsc_khz(void) {
    return tsc_rate_khz;
}

void delay_us(u64 us) {
    u64 end = rdtsc() + us * tsc_rate_khz / 1000;
    while (rdtsc() < end) cpu_relax();
}

/* TSC cycles for CALIBRATION_MS, counted by PIT channel 2 in mode 0 (its output rises at terminal count). */
static u64 tsc_per_pit_window(void) {
    u32 count = PIT_HZ * CALIBRATION_MS / 1000;
    outb(PORT_B, (inb(PORT_B) & ~0x02) | 0x01);   /* gate on, speaker off */
    outb(PIT_MODE, 0xb0);                        /* channel 2, lobyte/hibyte, mode 0 */
    outb(PIT_CH2, count & 0xff);
    u64 start = rdtsc();
    outb(PIT_CH2, count >> 8);                   /* counting starts with the high byte */
    while (!(inb(PORT_B) & 0x20)) cpu_relax();
    return rdtsc() - start;
}

void timer_calibrate(void) {
    tsc_rate_khz = boot.hrt && boot.cpu_khz ? boot.cpu_khz : tsc_per_pit_window() / CALIBRATION_MS;
    wrmsr(X2APIC_TIMER_DIVIDE, DIVIDE_BY_1);
    wrmsr(X2APIC_LVT_TIMER, LVT_MASKED | VEC_TIMER);
    wrmsr(X2APIC_TIMER_INITIAL, 0xffffffff);
    u64 end = rdtsc() + tsc_rate_khz * CALIBRATION_MS;
    while (rdtsc() < end) cpu_relax();
    apic_ticks_per_ms = (0xffffffffUL - rdmsr(X2APIC_TIMER_CURRENT)) / CALIBRATION_MS;
    wrmsr(X2APIC_TIMER_INITIAL, 0);
    kprintf("timer: TSC %lu kHz (%s), APIC timer %lu ticks/ms, tick %d Hz\n", tsc_rate_khz,
            boot.hrt && boot.cpu_khz ? "from the HVM" : "measured by PIT channel 2", apic_ticks_per_ms, TIMER_HZ);
    if (!tsc_rate_khz || !apic_ticks_per_ms) panic("timer calibration failed\n");
}

void timer_start_core(void) {
    wrmsr(X2APIC_TIMER_DIVIDE, DIVIDE_BY_1);
    wrmsr(X2APIC_LVT_TIMER, LVT_PERIODIC | VEC_TIMER);
    wrmsr(X2APIC_TIMER_INITIAL, apic_ticks_per_ms * 1000 / TIMER_HZ);
}

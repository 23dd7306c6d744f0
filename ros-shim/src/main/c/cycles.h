/* Cycle counts: the TSC, fenced so the instructions timed neither start before nor finish after the read. */
#ifndef HVMCTL_CYCLES_H
#define HVMCTL_CYCLES_H

#include <stdint.h>

static inline uint64_t cycles(void)
{
    uint32_t lo, hi;
    __asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) : : "memory");
    return (uint64_t)hi << 32 | lo;
}

#endif

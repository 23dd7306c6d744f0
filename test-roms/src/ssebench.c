/*
 * An SSE2-heavy workload for the benchmark (bench/ Sse2Benchmark): rounds of
 * a double-precision AXPY and dot product over 512-element arrays and an
 * integer hash over 32-bit lanes, once with 128-bit vectors (ADDPD, MULPD,
 * PMULUDQ, PSHUFD, PSRLD, PXOR, ...) and once element by element (ADDSD,
 * MULSD, CVTTSD2SI, ...) in the same order of operations, so both give the
 * same bits.  Only these two functions use SSE (the rest of the ROM is
 * general-register code); rom_main turns on CR4.OSFXSR first.  rounds=N on the
 * command line sets the size (default 4).  `make hostcheck` runs it on the host
 * CPU too, whose checksum must be the same.
 */
#include "rom.h"

#define N 512
#define SSE __attribute__((target("sse2"), noinline))

typedef double v2df __attribute__((vector_size(16)));
typedef unsigned v4su __attribute__((vector_size(16)));

static double xs[N] __attribute__((aligned(16)));
static double ys[N] __attribute__((aligned(16)));
static unsigned words[N] __attribute__((aligned(16)));

SSE static void fill(void)
{
    for (int i = 0; i < N; i++) {
        xs[i] = (double)((i * 37) % 101) / 8.0 + 0.25;
        ys[i] = (double)(i % 13) - 6.5;
        words[i] = (unsigned)i * 2654435761u;
    }
}

/* The vector form: two doubles or four words per step. */
SSE static u64 vector_rounds(u32 rounds)
{
    const v2df a = {1.0009765625, 1.0009765625};
    v2df dot = {0, 0};
    v4su hash = {1, 2, 3, 4};
    const v4su prime = {16777619u, 16777619u, 16777619u, 16777619u};
    u64 sum = 0;
    for (u32 r = 0; r < rounds; r++) {
        for (int i = 0; i < N; i += 2) {
            v2df x = *(v2df *)&xs[i], y = *(v2df *)&ys[i];
            y = a * x + y;
            *(v2df *)&ys[i] = y;
            dot += x * y;
        }
        for (int i = 0; i < N; i += 4) {
            v4su w = *(v4su *)&words[i];
            hash = (hash ^ w ^ (w >> 3)) * prime;
        }
        sum += (u64)(long long)(dot[0] / 1024.0) + (u64)(long long)(dot[1] / 1024.0);
    }
    return sum ^ ((u64)hash[0] << 32 | hash[1]) ^ ((u64)hash[2] << 16 | hash[3]);
}

/* The same arithmetic one element at a time: even and odd elements keep their own dot product. */
SSE static u64 scalar_rounds(u32 rounds)
{
    const double a = 1.0009765625;
    double dot0 = 0, dot1 = 0;
    unsigned h[4] = {1, 2, 3, 4};
    u64 sum = 0;
    for (u32 r = 0; r < rounds; r++) {
        for (int i = 0; i < N; i += 2) {
            for (int k = 0; k < 2; k++) {
                double y = a * xs[i + k] + ys[i + k];
                ys[i + k] = y;
                if (k == 0)
                    dot0 += xs[i] * y;
                else
                    dot1 += xs[i + 1] * y;
            }
        }
        for (int i = 0; i < N; i += 4)
            for (int k = 0; k < 4; k++)
                h[k] = (h[k] ^ words[i + k] ^ (words[i + k] >> 3)) * 16777619u;
        sum += (u64)(long long)(dot0 / 1024.0) + (u64)(long long)(dot1 / 1024.0);
    }
    return sum ^ ((u64)h[0] << 32 | h[1]) ^ ((u64)h[2] << 16 | h[3]);
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    u32 rounds = (u32)rt_cmdline_u64(mb_info, "rounds", 4);
#ifndef ROM_HOST /* as a Linux process (make hostcheck) the kernel has done this */
    u64 cr4;
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    __asm__ volatile("mov %0, %%cr4" : : "r"(cr4 | 1u << 9 | 1u << 10));
#endif
    fill();
    u64 v = vector_rounds(rounds);
    fill();
    u64 s = scalar_rounds(rounds);
    rt_printf("ssebench: %u rounds, checksum 0x%016lx\n", rounds, v);
    CHECK_EQ(v, s, "vector and element-by-element SSE2 code agree");
    return rom_finish();
}

/*
 * Compute-bound integer workload for benchmarks: per round, fill an array from an
 * LCG, copy it byte- and qword-wise, quicksort it, run GCD / integer square root
 * / Collatz / CRC-32 / small matrix kernels, and fold everything into a checksum.
 * Each round checks itself (sortedness, permutation sums, copies); the final
 * checksum is compared with reference values for a few round counts.
 *
 * The command line option rounds=N (default DEFAULT_ROUNDS) scales the run;
 * one round is about 3.1 million instructions (gcc 12, -O2), the default run ~77 million.
 */
#include "rom.h"

#define DEFAULT_ROUNDS 25
#define N 4096

static u32 src[N], sorted[N], copy_b[N], copy_q[N];

/* Checksums for known round counts (printed by this ROM under QEMU and on the host). */
static const struct {
    u64 rounds, checksum;
} reference[] = {
    {1, 0x383fb6ff599d7486ull},
    {2, 0xe78bc0021c733e26ull},
    {10, 0x35db806f82a1cf78ull},
    {25, 0x04ef0bc5deaf33f8ull}, /* DEFAULT_ROUNDS */
};

static inline u64 mix(u64 h, u64 v)
{
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 31);
}

static void fill(u64 seed)
{
    u64 x = seed;
    for (int i = 0; i < N; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        src[i] = (u32)(x >> 33);
    }
}

static void copy_bytes(void *dst, const void *s, u64 n)
{
    u8 *d = dst;
    const u8 *p = s;
    for (u64 i = 0; i < n; i++)
        d[i] = p[i];
}

static void copy_qwords(void *dst, const void *s, u64 n)
{
    u64 *d = dst;
    const u64 *p = s;
    for (u64 i = 0; i < n / 8; i++)
        d[i] = p[i];
}

static int equal(const u32 *a, const u32 *b, int n)
{
    for (int i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

static void insertion_sort(u32 *a, int lo, int hi)
{
    for (int i = lo + 1; i <= hi; i++) {
        u32 v = a[i];
        int j = i - 1;
        while (j >= lo && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void quicksort(u32 *a, int lo, int hi)
{
    while (hi - lo > 16) {
        int mid = lo + (hi - lo) / 2;
        /* median of three as the pivot */
        if (a[mid] < a[lo]) { u32 t = a[mid]; a[mid] = a[lo]; a[lo] = t; }
        if (a[hi] < a[lo]) { u32 t = a[hi]; a[hi] = a[lo]; a[lo] = t; }
        if (a[hi] < a[mid]) { u32 t = a[hi]; a[hi] = a[mid]; a[mid] = t; }
        u32 pivot = a[mid];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i <= j) {
                u32 t = a[i];
                a[i] = a[j];
                a[j] = t;
                i++;
                j--;
            }
        }
        /* recurse into the smaller half, loop on the larger: bounded stack */
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
    insertion_sort(a, lo, hi);
}

static u64 gcd(u64 a, u64 b)
{
    while (b) {
        u64 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static u64 isqrt(u64 n)
{
    if (n < 2)
        return n;
    u64 x = n, y = (x + 1) / 2;
    while (y < x) {
        x = y;
        y = (x + n / x) / 2;
    }
    return x;
}

static u64 collatz_steps(u64 n)
{
    u64 steps = 0;
    while (n != 1 && steps < 1000) {
        n = (n & 1) ? 3 * n + 1 : n >> 1;
        steps++;
    }
    return steps;
}

static u32 crc32(const u8 *p, u64 n)
{
    u32 c = 0xFFFFFFFFu;
    for (u64 i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
    }
    return ~c;
}

static u64 matrix(const u32 *v)
{
    u32 a[8][8], b[8][8];
    u64 h = 0;
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++) {
            a[i][j] = v[i * 8 + j] & 0xFFFF;
            b[i][j] = v[64 + i * 8 + j] >> 16;
        }
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++) {
            u64 s = 0;
            for (int k = 0; k < 8; k++)
                s += (u64)a[i][k] * b[k][j];
            h = mix(h, s);
        }
    return h;
}

/* One round; returns its digest, or 0 after reporting a failed self-check. */
static u64 round_digest(u64 r, unsigned *bad)
{
    u64 h = r;
    fill(0xC0FFEE ^ (r * 0x9E3779B97F4A7C15ull));

    copy_bytes(copy_b, src, sizeof(src));
    copy_qwords(copy_q, src, sizeof(src));
    if (!equal(copy_b, src, N) || !equal(copy_q, src, N))
        (*bad)++;

    copy_qwords(sorted, src, sizeof(src));
    quicksort(sorted, 0, N - 1);
    u64 sum_a = 0, sum_s = 0, xor_a = 0, xor_s = 0;
    for (int i = 0; i < N; i++) {
        sum_a += src[i];
        xor_a ^= (u64)src[i] * (src[i] | 1);
        sum_s += sorted[i];
        xor_s ^= (u64)sorted[i] * (sorted[i] | 1);
        if (i && sorted[i - 1] > sorted[i])
            (*bad)++;
    }
    if (sum_a != sum_s || xor_a != xor_s)
        (*bad)++;
    h = mix(h, sum_s);
    h = mix(h, sorted[0]);
    h = mix(h, sorted[N / 2]);
    h = mix(h, sorted[N - 1]);

    for (int i = 0; i + 1 < N; i += 4) {
        h = mix(h, gcd(src[i], src[i + 1]));
        h = mix(h, isqrt((u64)src[i] * src[i + 1]));
        h = mix(h, collatz_steps(src[i] % 10000 + 1));
        /* signed division and remainder */
        i64 sa = (i32)src[i], sb = (i32)(src[i + 1] | 1);
        h = mix(h, (u64)(sa / sb) ^ (u64)(sa % sb));
    }
    h = mix(h, crc32((const u8 *)sorted, sizeof(sorted)));
    h = mix(h, matrix(src));
    return h;
}

int rom_main(u32 mb_magic, u32 mb_info)
{
    u64 rounds = DEFAULT_ROUNDS;
    if (mb_magic == MULTIBOOT_BOOTLOADER_MAGIC)
        rounds = rt_cmdline_u64(mb_info, "rounds", DEFAULT_ROUNDS);
    rt_printf("compute: rounds=%lu\n", rounds);

    u64 checksum = 0;
    unsigned bad = 0;
    for (u64 r = 0; r < rounds; r++)
        checksum = mix(checksum, round_digest(r, &bad));
    rt_printf("compute: checksum=0x%016lx\n", checksum);

    CHECK_EQ(bad, 0, "self-checks over %lu rounds (copies, sort, sums)", rounds);
    int known = 0;
    for (unsigned i = 0; i < ARRAY_SIZE(reference); i++)
        if (reference[i].rounds == rounds) {
            CHECK_EQ(checksum, reference[i].checksum, "checksum for rounds=%lu", rounds);
            known = 1;
        }
    if (!known)
        check_skip("no reference checksum for rounds=%lu", rounds);
    return rom_finish();
}

/* Self-tests (command line word "selftest"): threads, timers, IPIs and the allocator, on every core.
 * Each prints a PASS or FAIL line; the summary line ends the run. */
#include "kernel.h"

#define THREADS_PER_CORE 3
#define INCREMENTS 400
#define SLEEP_TICKS 5

static int failures, passes;

static void report(bool ok, const char *name, const char *detail, u64 a, u64 b) {
    kprintf("%s: %s: ", ok ? "PASS" : "FAIL", name);
    kprintf(detail, a, b);
    kprintf("\n");
    if (ok) passes++;
    else failures++;
}

/* ---- allocator ---- */

static bool fill_check(u8 *p, size_t n, u8 pattern, bool fill) {
    for (size_t i = 0; i < n; i++) {
        if (fill) p[i] = (u8)(pattern + i);
        else if (p[i] != (u8)(pattern + i)) return false;
    }
    return true;
}

static u64 heap_churn(u64 seed) {
    void *blocks[64];
    for (int round = 0; round < 4; round++) {
        for (int i = 0; i < 64; i++) {
            size_t size = (size_t)(seed * 131 + (u64)i * 97 + (u64)round * 61) % 3000 + 1;
            blocks[i] = kmalloc(size);
            if (!blocks[i] || (u64)blocks[i] % 16) return 1;
            fill_check(blocks[i], size, (u8)(seed + i), true);
        }
        for (int i = 0; i < 64; i++) {
            size_t size = (size_t)(seed * 131 + (u64)i * 97 + (u64)round * 61) % 3000 + 1;
            if (!fill_check(blocks[i], size, (u8)(seed + i), false)) return 2;
            kfree(blocks[i]);
        }
    }
    return 0;
}

static void test_allocator(void) {
    size_t free0 = page_free_count(), heap0 = kmalloc_bytes_in_use();
    u8 *runs[16];
    bool ok = true;
    for (int i = 0; i < 16; i++) {
        runs[i] = page_alloc((size_t)i + 1);
        ok = ok && runs[i] && (u64)runs[i] % PAGE_SIZE == 0;
        if (runs[i]) fill_check(runs[i], (i + 1) * PAGE_SIZE, (u8)(i * 7), true);
    }
    for (int i = 0; ok && i < 16; i++) {
        ok = fill_check(runs[i], (i + 1) * PAGE_SIZE, (u8)(i * 7), false);
        for (int j = 0; j < i; j++) {
            u64 a = (u64)runs[i], b = (u64)runs[j];
            if (a < b + (j + 1) * PAGE_SIZE && b < a + (i + 1) * PAGE_SIZE) ok = false;
        }
    }
    bool counted = page_free_count() == free0 - 136;
    for (int i = 0; i < 16; i += 2) page_free(runs[i], (size_t)i + 1);
    for (int i = 0; i < 16; i += 2) {
        runs[i] = page_alloc((size_t)i + 1);   /* the holes come back */
        ok = ok && runs[i];
    }
    for (int i = 0; i < 16; i++) page_free(runs[i], (size_t)i + 1);
    report(ok && counted && page_free_count() == free0, "allocator pages",
           "16 runs of 1-16 pages, disjoint and intact; %lu pages free before and after (%lu)", free0, page_free_count());

    struct thread *t[MAX_CPUS];
    u64 bad = heap_churn(1);
    for (int c = 0; c < cpu_count; c++) t[c] = thread_create(c, heap_churn, (u64)c + 2);
    for (int c = 0; c < cpu_count; c++) bad |= thread_join(t[c]);
    report(bad == 0 && kmalloc_bytes_in_use() == heap0, "allocator heap",
           "kmalloc/kfree of 1-3000 bytes on every core at once, patterns intact; heap in use %lu bytes before and after (%lu)",
           heap0, kmalloc_bytes_in_use());
}

/* ---- threads ---- */

static spinlock_t counter_lock = SPINLOCK_INIT;
static volatile u64 counter;

static u64 count_up(u64 core) {
    for (int i = 0; i < INCREMENTS; i++) {
        u64 f = spin_lock_irqsave(&counter_lock);
        counter = counter + 1;
        spin_unlock_irqrestore(&counter_lock, f);
        if (i % 50 == 0) thread_yield();
    }
    return core == (u64)this_cpu()->index;   /* ran where it was created */
}

static volatile bool flag;

static u64 spin_until_flag(u64 unused) {
    (void)unused;
    while (!flag) cpu_relax();   /* never yields: only preemption lets the setter run on this core */
    return 1;
}

static u64 set_flag(u64 unused) {
    (void)unused;
    flag = true;
    return 1;
}

static void test_threads(void) {
    struct thread *t[MAX_CPUS * THREADS_PER_CORE];
    int n = 0;
    counter = 0;
    for (int c = 0; c < cpu_count; c++) {
        for (int k = 0; k < THREADS_PER_CORE; k++) t[n++] = thread_create(c, count_up, (u64)c);
    }
    u64 placed = 0;
    for (int i = 0; i < n; i++) placed += thread_join(t[i]);
    u64 expected = (u64)n * INCREMENTS;
    report(counter == expected && placed == (u64)n, "threads",
           "%lu increments under a lock from 3 threads per core, joined: total %lu", expected, counter);

    int core = cpu_count - 1;
    flag = false;
    struct thread *spinner = thread_create(core, spin_until_flag, 0);
    struct thread *setter = thread_create(core, set_flag, 0);
    u64 r = thread_join(spinner) + thread_join(setter);
    report(r == 2, "preemption", "a thread spinning without yielding on core %lu let another run there (%lu)",
           (u64)core, r);
}

/* ---- timers ---- */

static u64 sleep_ticks(u64 ticks) {
    struct cpu *c = this_cpu();
    u64 t0 = c->ticks, tsc0 = rdtsc();
    thread_sleep(ticks);
    u64 slept = c->ticks - t0, us = (rdtsc() - tsc0) * 1000 / tsc_khz();
    /* at least the ticks asked for, at most a few more; the time a tick is worth */
    return slept >= ticks && slept <= ticks + 2 && us + 1000000 / TIMER_HZ >= ticks * 1000000 / TIMER_HZ;
}

static void test_timers(void) {
    u64 before[MAX_CPUS];
    for (int c = 0; c < cpu_count; c++) before[c] = cpus[c].ticks;
    delay_us(20000);
    u64 least = ~0UL, most = 0;
    for (int c = 0; c < cpu_count; c++) {
        u64 d = cpus[c].ticks - before[c];
        if (d < least) least = d;
        if (d > most) most = d;
    }
    u64 expect = 20 * TIMER_HZ / 1000;
    report(least + 2 >= expect && most <= expect + 2, "timer ticks",
           "every core's tick count advanced by %lu-%lu in 20 ms of TSC time", least, most);

    struct thread *t[MAX_CPUS];
    for (int c = 0; c < cpu_count; c++) t[c] = thread_create(c, sleep_ticks, SLEEP_TICKS);
    u64 ok = 0;
    for (int c = 0; c < cpu_count; c++) ok += thread_join(t[c]);
    report(ok == (u64)cpu_count, "timer sleep", "a thread on each of %lu cores slept %lu ticks", (u64)cpu_count,
           (u64)SLEEP_TICKS);
}

/* ---- IPIs ---- */

static u64 where_am_i(u64 arg) {
    return (u64)this_cpu()->index << 32 | arg;
}

static u64 call_everyone(u64 rounds) {
    u64 ok = 0;
    for (u64 r = 0; r < rounds; r++) {
        for (int c = 0; c < cpu_count; c++) ok += smp_call(c, where_am_i, r * 100 + c) == ((u64)c << 32 | (r * 100 + c));
    }
    return ok;
}

static void test_ipis(void) {
    u64 ok = call_everyone(3);
    report(ok == 3 * (u64)cpu_count, "ipi", "core 0 ran a function on each of %lu cores, 3 rounds (%lu calls right)",
           (u64)cpu_count, ok);
    struct thread *t[MAX_CPUS];
    for (int c = 0; c < cpu_count; c++) t[c] = thread_create(c, call_everyone, 2);
    ok = 0;
    for (int c = 0; c < cpu_count; c++) ok += thread_join(t[c]);
    report(ok == 2 * (u64)cpu_count * cpu_count, "ipi all-to-all",
           "every core called every core at once: %lu of %lu calls right", ok, 2 * (u64)cpu_count * cpu_count);
}

int selftest_run(void) {
    kprintf("selftest: %d cores\n", cpu_count);
    test_allocator();
    test_threads();
    test_timers();
    test_ipis();
    kprintf("selftest: %d passed, %d failed\n", passes, failures);
    if (!failures) kprintf("ALL PASS\n");
    return failures;
}

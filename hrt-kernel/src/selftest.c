/* Self-tests (command line word "selftest"): threads, timers, IPIs, the allocator and the interrupt
 * stacks, on every core.
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

/* ---- interrupt stacks ---- */

#define TRAP_TICKS 5
/* No kernel table maps PML4 entry 257 (the upper half maps only GPA [0, 4 GiB) at KERNEL_OFFSET). */
#define UNMAPPED_VA (KERNEL_OFFSET + (1UL << 39) + 0x1238)

/* This core's IDT (read back with SIDT) gives every vector a gate with an IST slot, and its task
 * register (STR, its GDT descriptor read back with SGDT) is its own TSS. */
static u64 check_tables(u64 unused) {
    (void)unused;
    struct { u16 limit; u64 base; } __attribute__((packed)) idtr, gdtr;
    u16 tr;
    __asm__ volatile("sidt %0; sgdt %1; str %2" : "=m"(idtr), "=m"(gdtr), "=r"(tr));
    const struct idt_gate *idt = (const struct idt_gate *)idtr.base;
    u64 good = 0;
    for (int v = 0; v <= idtr.limit / (int)sizeof *idt && v < 256; v++) {
        good += idt[v].type == 0x8e && idt[v].ist >= 1 && idt[v].ist <= IST_COUNT;
    }
    const u64 *d = (const u64 *)(gdtr.base + tr);
    u64 tss = (d[0] >> 16 & 0xffffff) | (d[0] >> 56 & 0xff) << 24 | d[1] << 32;
    return good == 256 && tss == (u64)&this_cpu()->tss;
}

/* Every IST pointer of every core: set, 16-byte aligned, its stack apart from all others and mapped. */
static bool ist_stacks_distinct_and_mapped(void) {
    for (int c = 0; c < cpu_count; c++) {
        for (int i = 0; i < IST_COUNT; i++) {
            u64 top = cpus[c].tss.ist[i], v;
            if (!top || top % 16 || !try_read(top - 8, &v) || !try_read(top - IST_STACK_SIZE, &v)) return false;
            for (int d = 0; d < cpu_count; d++) {
                for (int j = 0; j < IST_COUNT; j++) {
                    u64 other = cpus[d].tss.ist[j];
                    if ((d != c || j != i) && top < other + IST_STACK_SIZE && other < top + IST_STACK_SIZE) return false;
                }
            }
        }
    }
    return true;
}

/* An int3 resumes after itself with every register as it was, the two the entry uses included. */
static bool breakpoint_resumes(u64 seed) {
    register u64 r12 __asm__("r12") = seed ^ 0x5eed;
    u64 rax = seed, rcx = ~seed, rbx = seed * 3, rsp_before, rsp_after;
    __asm__ volatile("mov %%rsp, %0\n\tint3\n\tmov %%rsp, %1"
                     : "=&r"(rsp_before), "=r"(rsp_after), "+a"(rax), "+c"(rcx), "+b"(rbx), "+r"(r12) : : "memory");
    return rsp_before == rsp_after && rax == seed && rcx == ~seed && rbx == seed * 3 && r12 == (seed ^ 0x5eed);
}

/* A #PF on an unmapped address is resumed at the probe's failure path; a mapped one reads. */
static bool probes_fault_and_read(u64 seed) {
    volatile u64 here = seed;
    u64 v = 0x0bad;
    bool unmapped = try_read(UNMAPPED_VA, &v);
    bool mapped = try_read((u64)&here, &v);
    return !unmapped && mapped && v == seed;
}

/* Breakpoints and page faults in a loop for TRAP_TICKS ticks, while the timer preempts it in favour of
 * the other thread of its core doing the same: the number of int3s, or 0 when one went wrong. */
static u64 trap_loop(u64 seed) {
    struct cpu *c = this_cpu();
    u64 end = c->ticks + TRAP_TICKS, n = 0;
    while (c->ticks < end) {
        if (!breakpoint_resumes(seed + n) || !probes_fault_and_read(seed + n)) return 0;
        n++;
    }
    return n;
}

/* In an IPI handler: the exceptions nest on the stack the IPI's entry moved to. */
static u64 trap_in_ipi(u64 seed) {
    return breakpoint_resumes(seed) && probes_fault_and_read(seed);
}

static u64 call_next_core(u64 core) {
    return smp_call((int)(core + 1) % cpu_count, trap_in_ipi, core * 77 + 1);
}

static void test_interrupt_stacks(void) {
    u64 tables = 0;
    for (int c = 0; c < cpu_count; c++) tables += smp_call(c, check_tables, 0);
    bool stacks = ist_stacks_distinct_and_mapped();

    struct thread *t[MAX_CPUS][2];
    u64 before[MAX_CPUS], traps[MAX_CPUS] = {0};
    bool counted = true, threads_ok = true;
    for (int c = 0; c < cpu_count; c++) {
        before[c] = cpus[c].breakpoints;
        for (int k = 0; k < 2; k++) t[c][k] = thread_create(c, trap_loop, (u64)c << 32 | (u64)k << 24);
    }
    for (int c = 0; c < cpu_count; c++) {
        for (int k = 0; k < 2; k++) {
            u64 n = thread_join(t[c][k]);
            threads_ok = threads_ok && n > 0;
            traps[c] += n;
        }
        counted = counted && cpus[c].breakpoints - before[c] == traps[c];
    }
    u64 least = ~0UL;
    for (int c = 0; c < cpu_count; c++) least = traps[c] < least ? traps[c] : least;

    u64 nested = 0;
    if (cpu_count > 1) {
        struct thread *callers[MAX_CPUS];
        for (int c = 0; c < cpu_count; c++) callers[c] = thread_create(c, call_next_core, (u64)c);
        for (int c = 0; c < cpu_count; c++) nested += thread_join(callers[c]);
    }
    bool ok = tables == (u64)cpu_count && stacks && threads_ok && counted && nested == (cpu_count > 1 ? (u64)cpu_count : 0);
    report(ok, "IST", "every core: 256 gates with an IST slot, its own TSS, 7 distinct mapped stacks (%lu cores right); "
           "int3 and #PF resumed from 2 preempted threads per core (at least %lu each) and in the IPI handler of every other core",
           tables, least);
    if (!ok) {
        kprintf("IST: stacks %s, threads %s, breakpoints counted %s, nested in IPI handlers %lu\n",
                stacks ? "ok" : "bad", threads_ok ? "ok" : "bad", counted ? "ok" : "bad", nested);
    }
}

/* The trap load (command line word "traps"): a thread on every core that takes int3 and #PF forever,
 * so that interrupts, IPIs and upcalls land on a running thread and inside its interrupt entries. */
static u64 trap_forever(u64 seed) {
    for (u64 n = 0;; n++) {
        if (!breakpoint_resumes(seed + n) || !probes_fault_and_read(seed + n))
            panic("trap load: an int3 or #PF did not resume intact (round %lu)\n", n);
    }
}

void trap_load_start(void) {
    for (int c = 0; c < cpu_count; c++) thread_create(c, trap_forever, (u64)c << 32);
}

int selftest_run(void) {
    kprintf("selftest: %d cores\n", cpu_count);
    test_allocator();
    test_threads();
    test_timers();
    test_ipis();
    test_interrupt_stacks();
    kprintf("selftest: %d passed, %d failed\n", passes, failures);
    if (!failures) kprintf("ALL PASS\n");
    return failures;
}

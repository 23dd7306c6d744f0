#include "hvm.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sched.h>
#include <unistd.h>

static sigjmp_buf probe_fault;
static volatile sig_atomic_t probe_signal;

static void on_probe_fault(int signal)
{
    probe_signal = signal;
    siglongjmp(probe_fault, 1);
}

int hvm_probe(void)
{
    struct sigaction fault = {.sa_handler = on_probe_fault}, ill, segv;
    sigemptyset(&fault.sa_mask);
    sigaction(SIGILL, &fault, &ill);
    sigaction(SIGSEGV, &fault, &segv);
    uint64_t answer = 0;
    int faulted = sigsetjmp(probe_fault, 1);
    if (!faulted) answer = hvm_hypercall(HVM_NULL, 0, 0);
    sigaction(SIGILL, &ill, NULL);
    sigaction(SIGSEGV, &segv, NULL);
    if (faulted) return fail("not running on a Multiverse HVM (vmcall raised %s)", probe_signal == SIGILL ? "SIGILL" : "SIGSEGV");
    if (answer != 0) return fail("not running on a Multiverse HVM (vmcall answered rax=%#llx: another hypervisor)", (unsigned long long)answer);
    return 0;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

uint64_t hvm_wait_while(uint64_t busy, double seconds)
{
    double deadline = now() + seconds;
    for (;;) {
        uint64_t state = hvm_state();
        if (state != busy) return state;
        if (now() > deadline) return HVM_ERROR;
        sched_yield();
    }
}

uint64_t hvm_take_event(struct hvm_event *event, double seconds)
{
    double deadline = now() + seconds;
    for (;;) {
        uint64_t id = hvm_hypercall(HVM_STATE, (uintptr_t)event, 0);
        if (id != 0 || now() > deadline) return id;
        sched_yield();
    }
}

uint64_t gpa_of(volatile void *p)
{
    long page = sysconf(_SC_PAGESIZE);
    uintptr_t va = (uintptr_t)p;
    *(volatile char *)p = *(volatile char *)p;
    int fd = open("/proc/self/pagemap", O_RDONLY);
    if (fd < 0) {
        fail("cannot open /proc/self/pagemap to learn a guest physical address: %s", strerror(errno));
        return 0;
    }
    uint64_t entry = 0;
    ssize_t n = pread(fd, &entry, sizeof entry, (off_t)(va / page * sizeof entry));
    close(fd);
    uint64_t frame = entry & ((1ull << 55) - 1);
    if (n != (ssize_t)sizeof entry || !(entry >> 63) || frame == 0) {
        fail("/proc/self/pagemap gives no frame for %p (hvmctl must run as root to pass physical addresses)", (void *)p);
        return 0;
    }
    return frame * page + va % page;
}

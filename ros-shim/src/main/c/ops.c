#include "ops.h"
#include "cycles.h"
#include "hvm.h"
#include "report.h"
#include "services.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Generous bounds for an HRT that never answers, in guest seconds; never waits of a fixed length. */
#define BOOT_PATIENCE 60.0
#define CALL_PATIENCE 10.0

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int op_null(unsigned n)
{
    uint64_t *samples = malloc(n * sizeof *samples);
    if (samples == NULL) return fail("out of memory for %u samples", n);
    for (unsigned i = 0; i < n; i++) {
        uint64_t start = cycles();
        uint64_t answer = hvm_hypercall(HVM_NULL, 0, 0);
        samples[i] = cycles() - start;
        if (answer != 0) {
            free(samples);
            return fail("null hypercall answered rax=%#llx", (unsigned long long)answer);
        }
    }
    qsort(samples, n, sizeof *samples, compare_u64);
    report("null.calls", n);
    report("null.min_cycles", samples[0]);
    report("null.median_cycles", samples[n / 2]);
    free(samples);
    return 0;
}

int op_install(const char *file)
{
    FILE *in = fopen(file, "rb");
    if (in == NULL) return fail("cannot open %s: %s", file, strerror(errno));
    size_t size = 0, capacity = 1 << 20;
    unsigned char *image = malloc(capacity);
    for (size_t n; image != NULL && (n = fread(image + size, 1, capacity - size, in)) > 0;) {
        size += n;
        if (size == capacity) image = realloc(image, capacity *= 2);
    }
    int bad = image == NULL || ferror(in);
    fclose(in);
    if (bad) {
        free(image);
        return fail("cannot read %s", file);
    }
    uint64_t start = cycles();
    uint64_t answer = hvm_hypercall(HVM_INSTALL, (uintptr_t)image, size);
    uint64_t spent = cycles() - start;
    free(image);
    if (answer == HVM_ERROR) return fail("the HVM refused %s as an HRT image (0x8 returned -1)", file);
    report("install.bytes", size);
    report("install.cycles", spent);
    return 0;
}

int op_reset_hrt(int wait)
{
    uint64_t start = cycles();
    if (hvm_hypercall(HVM_RESET_HRT, 0, 0) == HVM_ERROR) return fail("the HVM refused to reset the HRT (0x2 returned -1)");
    if (!wait) {
        report("reset_hrt.call_cycles", cycles() - start);
        return 0;
    }
    uint64_t state = hvm_wait_while(HRT_BOOTING, BOOT_PATIENCE);
    uint64_t spent = cycles() - start;
    if (state == HVM_ERROR) return fail("the HRT did not report ready within %.0f s of its reset", BOOT_PATIENCE);
    if (state != HRT_IDLE) return fail("the HRT left BOOTING for state %llu, not IDLE", (unsigned long long)state);
    report("reset_hrt.cycles", spent);
    return 0;
}

/* The descriptor of every call; static so its page stays the same one while the HRT uses it. */
static struct hvm_call call;

/* Issues the invoke of `call` at `address`; without `wait`, polls until the HRT is IDLE. Returns the cycles. */
static int invoke(int all, uint64_t address, int wait, uint64_t *spent)
{
    uint64_t start = cycles();
    if (hvm_hypercall(all ? HVM_INVOKE_ALL : HVM_INVOKE_FIRST, address, wait ? HVM_WAIT : 0) == HVM_ERROR) {
        return fail("the HVM refused the invoke (%#x returned -1) in HRT state %llu", all ? HVM_INVOKE_ALL : HVM_INVOKE_FIRST,
                    (unsigned long long)hvm_state());
    }
    uint64_t state = wait ? hvm_state() : hvm_wait_while(all ? HRT_PARCALL : HRT_CALL, CALL_PATIENCE);
    *spent = cycles() - start;
    if (state == HVM_ERROR) return fail("the HRT did not finish the call within %.0f s", CALL_PATIENCE);
    if (state != HRT_IDLE) return fail("the HRT is in state %llu after the call, not IDLE", (unsigned long long)state);
    return 0;
}

int op_invoke(int all, uint64_t function, uint64_t argument, int wait, uint64_t *result)
{
    call = (struct hvm_call){.function = function, .argument = argument};
    uint64_t address = gpa_of(&call);
    if (address == 0) return -1;
    uint64_t spent;
    if (invoke(all, address, wait, &spent) != 0) return -1;
    *result = call.result;
    report(all ? "invoke_all.cycles" : "invoke_first.cycles", spent);
    report(all ? "invoke_all.result" : "invoke_first.result", *result);
    return 0;
}

#define WORDS 512

static uint64_t pattern(int i)
{
    return 0x9e3779b97f4a7c15ull * (uint64_t)(i + 1);
}

/* After a merge: the HRT sums and complements a page of this process through its own virtual address. */
static int memtest_merged(volatile uint64_t *page)
{
    uint64_t sum = 0;
    for (int i = 0; i < WORDS; i++) sum += pattern(i);
    call = (struct hvm_call){.function = HRT_SERVICE_MEMTEST, .argument = (uintptr_t)page};
    uint64_t spent;
    if (invoke(0, (uintptr_t)&call, HVM_WAIT, &spent) != 0) return -1;
    if (call.result != sum) {
        return fail("the HRT read a sum of %#llx from the merged buffer, expected %#llx", (unsigned long long)call.result,
                    (unsigned long long)sum);
    }
    for (int i = 0; i < WORDS; i++) {
        if (page[i] != ~pattern(i)) {
            return fail("word %d of the merged buffer is %#llx after the HRT's write, expected %#llx", i,
                        (unsigned long long)page[i], (unsigned long long)~pattern(i));
        }
    }
    report("merge.call_cycles", spent);
    return 0;
}

int op_merge_test(void)
{
    volatile uint64_t *page = aligned_alloc(4096, 4096);
    if (page == NULL) return fail("out of memory for the merge buffer");
    for (int i = 0; i < WORDS; i++) page[i] = pattern(i);
    if (mlock((void *)page, 4096) != 0) return fail("cannot lock the merge buffer in memory: %s", strerror(errno));
    call = (struct hvm_call){0};   /* the descriptor's page present too */
    uint64_t start = cycles();
    if (hvm_hypercall(HVM_MERGE, 0, HVM_WAIT) == HVM_ERROR) {
        return fail("the HVM refused the merge (0x30 returned -1) in HRT state %llu", (unsigned long long)hvm_state());
    }
    report("merge.cycles", cycles() - start);
    int tested = memtest_merged(page);
    start = cycles();
    uint64_t unmerged = hvm_hypercall(HVM_UNMERGE, 0, HVM_WAIT);
    uint64_t spent = cycles() - start;
    if (tested != 0) return -1;
    if (unmerged == HVM_ERROR) return fail("the HVM refused the unmerge (0x31 returned -1)");
    report("unmerge.cycles", spent);
    munlock((void *)page, 4096);
    free((void *)page);
    return 0;
}

/* What the signal handler saw: written at any instruction boundary of this process, hence volatile. */
static volatile uint64_t upcalls, upcall_code, upcall_cycles;

void hvmctl_upcall(uint64_t code);
void hvmctl_upcall(uint64_t code)
{
    upcall_cycles = cycles();
    upcall_code = code;
    upcalls++;
}

void hvmctl_upcall_entry(void);

/* The partner's side: takes the event the HRT posts, completes it with args[0] + 1, waits until IDLE. */
static int partner(uint64_t argument, uint64_t start)
{
    static struct hvm_event event;
    memset(&event, 0, sizeof event);
    uint64_t id = hvm_take_event(&event, CALL_PATIENCE);
    uint64_t taken = cycles();
    if (id == 0) return fail("no event was posted within %.0f s of the invoke", CALL_PATIENCE);
    if (id == HVM_ERROR) return fail("taking the event failed (0xf returned -1)");
    if (event.id != id || event.type != HRT_EVENT_TEST || event.args[0] != argument) {
        return fail("took event id %llu type %#llx args[0] %#llx, expected id %llu type %#x args[0] %#llx",
                    (unsigned long long)event.id, (unsigned long long)event.type, (unsigned long long)event.args[0],
                    (unsigned long long)id, HRT_EVENT_TEST, (unsigned long long)argument);
    }
    if (hvm_hypercall(HVM_COMPLETE_EVENT, id, argument + 1) == HVM_ERROR) return fail("completing event %llu failed (0x1f returned -1)", (unsigned long long)id);
    uint64_t state = hvm_wait_while(HRT_CALL, CALL_PATIENCE);
    uint64_t done = cycles();
    if (state == HVM_ERROR) return fail("the HRT did not finish the call within %.0f s of the completion", CALL_PATIENCE);
    if (state != HRT_IDLE) return fail("the HRT is in state %llu after the event, not IDLE", (unsigned long long)state);
    if (call.result != argument + 1) {
        return fail("the HRT's ack gave result %#llx, the ROS completed with %#llx", (unsigned long long)call.result,
                    (unsigned long long)(argument + 1));
    }
    report("event.take_cycles", taken - start);
    report("event.roundtrip_cycles", done - start);
    return 0;
}

int op_event_test(void)
{
    const uint64_t argument = 0x5eed1e55;
    if (hvm_hypercall(HVM_SIGNAL_HANDLER, (uintptr_t)hvmctl_upcall_entry, 0) == HVM_ERROR) {
        return fail("the HVM refused the signal handler (0x40 returned -1)");
    }
    upcalls = 0;
    call = (struct hvm_call){.function = HRT_SERVICE_POST_EVENT, .argument = argument};
    uint64_t address = gpa_of(&call);
    if (address == 0) return -1;
    uint64_t start = cycles();
    /* No wait: this core is the partner that completes the event the call waits for. */
    if (hvm_hypercall(HVM_INVOKE_FIRST, address, 0) == HVM_ERROR) {
        return fail("the HVM refused the invoke (0x20 returned -1) in HRT state %llu", (unsigned long long)hvm_state());
    }
    int handled = partner(argument, start);
    hvm_hypercall(HVM_SIGNAL_HANDLER, 0, 0);   /* uninstall: the handler dies with this process */
    if (handled != 0) return -1;
    if (upcalls == 0) return fail("the event was posted, but no signal (0x41) reached the installed handler");
    report("event.signals", upcalls);
    report("event.signal_code", upcall_code);
    report("event.signal_cycles", upcall_cycles - start);
    return 0;
}

int op_linux(void)
{
    FILE *cpuinfo = fopen("/proc/cpuinfo", "r");
    FILE *meminfo = fopen("/proc/meminfo", "r");
    if (cpuinfo == NULL || meminfo == NULL) {
        if (cpuinfo != NULL) fclose(cpuinfo);
        if (meminfo != NULL) fclose(meminfo);
        return fail("cannot read /proc/cpuinfo and /proc/meminfo (is /proc mounted?)");
    }
    char line[256];
    uint64_t cpus = 0;
    unsigned long long memtotal = 0;
    while (fgets(line, sizeof line, cpuinfo) != NULL) cpus += strncmp(line, "processor", 9) == 0;
    while (fgets(line, sizeof line, meminfo) != NULL && sscanf(line, "MemTotal: %llu kB", &memtotal) != 1) continue;
    fclose(cpuinfo);
    fclose(meminfo);
    if (cpus == 0 || memtotal == 0) return fail("no processor lines in /proc/cpuinfo or no MemTotal in /proc/meminfo");
    report("linux.cpus", cpus);
    report("linux.memtotal_kb", memtotal);
    return 0;
}

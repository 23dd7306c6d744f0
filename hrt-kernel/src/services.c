/* The AeroKernel's services (docs/hvm-abi.md, "Call descriptor"): a call descriptor whose function is
 * below SERVICE_LIMIT names one of these instead of a function GVA, so the ROS never needs a kernel
 * address. They run in the upcall, interrupts off: no kernel lock, no sleep. */
#include "kernel.h"

#define MEMTEST_WORDS 512
/* The result of a service that could not do its work (unknown number, refused event). */
#define SERVICE_FAILED (~0UL)

/* The wrapping sum of the page's words, each complemented after it is read. */
static u64 memtest(volatile u64 *page) {
    u64 sum = 0;
    for (int i = 0; i < MEMTEST_WORDS; i++) {
        u64 w = page[i];
        sum += w;
        page[i] = ~w;
    }
    return sum;
}

/* Posts the test event and polls its ack: the ROS partner that completes it runs on a ROS core meanwhile. */
static u64 post_event(u64 argument) {
    struct hvm_event e = {.type = SERVICE_EVENT_TYPE, .args = {argument}};
    i64 id = hvm_post_event(&e);
    if (id <= 0) return SERVICE_FAILED;
    for (;;) {
        u64 result;
        i64 status = hvm_ack_event((u64)id, &result);
        if (status == 0) return result;
        if (status < 0) return SERVICE_FAILED;
        cpu_relax();
    }
}

void service_call(volatile struct call_descriptor *d) {
    u64 fn = d->fn, arg = d->arg;
    if (fn >= SERVICE_LIMIT) {
        d->result = ((u64 (*)(u64))fn)(arg);
        return;
    }
    switch (fn) {
    case SERVICE_ECHO:
        d->result = arg;
        break;
    case SERVICE_COUNT:
        __atomic_add_fetch(&d->result, 1, __ATOMIC_SEQ_CST);
        break;
    case SERVICE_MEMTEST:
        d->result = memtest((volatile u64 *)arg);
        break;
    case SERVICE_POST_EVENT:
        d->result = post_event(arg);
        break;
    default:
        d->result = SERVICE_FAILED;
        break;
    }
}

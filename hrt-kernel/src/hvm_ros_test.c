/* "hvmtest" (standalone boot as the ROS of an HVM machine whose HRT is this same image): drives every
 * upcall request the HRT serves (invoke on the first / every HRT core, its services by number, merge,
 * unmerge, GDT sync and cleanup) and checks what the HRT did. The HRT's functions are this image's, at the address the HVM's
 * placement rule gives them: the HRT image's lowest byte lands at the first 2 MiB boundary at or above
 * the end of ROS RAM (docs/hvm-abi.md, "HRT image"). */
#include "kernel.h"

#define ROS_TAKE_EVENT 0x0f
#define ROS_COMPLETE_EVENT 0x1f
#define ROS_INVOKE_FIRST 0x20
#define ROS_INVOKE_ALL 0x21
#define ROS_MERGE 0x30
#define ROS_UNMERGE 0x31
#define ROS_GDT_SYNC 0x51
#define ROS_GDT_CLEANUP 0x52
#define WAIT 1
#define STATE_IDLE 0
#define STATE_CALL 1
#define EVENT_TYPE 0x77
#define STILL_PENDING (1UL << 63 | 1)

#define MERGED_VA (5UL << 30)   /* above the 4 GiB both kernels identity-map */
#define MARKER 0x4d657267656421UL

/* ---- run by the HRT ---- */

static u64 probe_echo(u64 arg) { return arg * 3 + 1; }
static u64 probe_count(u64 counter) { return __atomic_add_fetch((u64 *)counter, 1, __ATOMIC_SEQ_CST); }
static u64 probe_read(u64 address) { return *(volatile u64 *)address; }
static u64 probe_fs_base(u64 slots) {
    u64 fs = rdmsr(MSR_FS_BASE);
    ((volatile u64 *)slots)[this_cpu()->index] = fs;
    return fs;
}

static u64 probe_state(u64 unused) { (void)unused; return (u64)hvm_get_state(); }
static u64 probe_post_event(u64 arg) {
    struct hvm_event e = {.type = EVENT_TYPE, .args = {arg}};
    return (u64)hvm_post_event(&e);
}
/* The event's result, or bit 63 with the ack's status while it is not done. */
static u64 probe_ack_event(u64 id) {
    u64 result;
    i64 status = hvm_ack_event(id, &result);
    return status == 0 ? result : 1UL << 63 | (u64)status;
}

/* ---- run by the ROS ---- */

static int failures;
static u64 hrt_delta;   /* an HRT function's GVA minus the same function's address here */
static struct call_descriptor call __attribute__((aligned(64)));

static void check(bool ok, const char *what, u64 got, u64 expected) {
    kprintf("%s: hvm %s (got 0x%lx, expected 0x%lx)\n", ok ? "PASS" : "FAIL", what, got, expected);
    if (!ok) failures++;
}

/* Invokes fn(arg) through the HVM, the descriptor passed as `descriptor` (a GPA, or a merged-space VA). */
static u64 invoke(u64 op, u64 (*fn)(u64), u64 arg, u64 descriptor) {
    call = (struct call_descriptor){(u64)fn + hrt_delta, arg, ~0UL};
    i64 r = hvm_hypercall(op, descriptor, WAIT);
    if (r < 0) kprintf("hvmtest: sub-op 0x%lx failed\n", op);
    return READ_ONCE(call.result);
}

/* Calls service number `service` (services.c) with `arg`, the result starting as `result`. */
static u64 serve(u64 op, u64 service, u64 arg, u64 result, u64 descriptor) {
    call = (struct call_descriptor){service, arg, result};
    if (hvm_hypercall(op, descriptor, WAIT) < 0) kprintf("hvmtest: sub-op 0x%lx failed\n", op);
    return READ_ONCE(call.result);
}

/* The services by number: echo, count on every core, memtest on a page, and an event the HRT posts and
 * waits for while this core, the partner, takes and completes it. */
static void test_services(u64 descriptor, u64 hrt_cores) {
    u64 echoed = serve(ROS_INVOKE_FIRST, SERVICE_ECHO, 0x600d, ~0UL, descriptor);
    check(echoed == 0x600d, "service echo", echoed, 0x600d);
    u64 counted = serve(ROS_INVOKE_ALL, SERVICE_COUNT, 0, 0, descriptor);
    check(counted == hrt_cores, "service count on every HRT core", counted, hrt_cores);

    u64 *page = page_alloc(1), sum = 0;
    for (u64 i = 0; i < 512; i++) sum += page[i] = i * 0x9e3779b97f4a7c15UL;
    u64 summed = serve(ROS_INVOKE_FIRST, SERVICE_MEMTEST, virt_to_phys(page), 0, descriptor);
    u64 complemented = 0;
    for (u64 i = 0; i < 512; i++) complemented += READ_ONCE(page[i]) == ~(i * 0x9e3779b97f4a7c15UL);
    check(summed == sum && complemented == 512, "service memtest: sum, then every word complemented", summed, sum);
    page_free(page, 1);

    call = (struct call_descriptor){SERVICE_POST_EVENT, 4321, 0};
    hvm_hypercall(ROS_INVOKE_FIRST, descriptor, 0);
    static u64 taken[8];
    u64 id;
    while ((id = (u64)hvm_hypercall(ROS_TAKE_EVENT, (u64)taken, 0)) == 0) cpu_relax();
    check(taken[1] == SERVICE_EVENT_TYPE && taken[2] == 4321, "service post event: the event taken", taken[1],
          SERVICE_EVENT_TYPE);
    hvm_hypercall(ROS_COMPLETE_EVENT, id, 4322);
    while (hvm_hypercall(HVM_GET_STATE, 0, 0) != STATE_IDLE) cpu_relax();
    check(READ_ONCE(call.result) == 4322, "service post event: the completion's result", call.result, 4322);
}

/* A copy of this kernel's tables in which MERGED_VA also maps a 2 MiB page holding `page`. */
static u64 tables_with_extra_mapping(u64 page_pa) {
    u64 *pml4 = page_alloc(1), *pdpt = page_alloc(1), *pd = page_alloc(1);
    const u64 *live = phys_to_virt(read_cr3() & ~0xfffUL);
    memcpy(pml4, live, PAGE_SIZE);
    memcpy(pdpt, phys_to_virt(live[0] & 0x000ffffffffff000UL), PAGE_SIZE);
    memset(pd, 0, PAGE_SIZE);
    pd[0] = page_pa | 0x83;
    pdpt[MERGED_VA >> 30] = virt_to_phys(pd) | 3;
    pml4[0] = virt_to_phys(pdpt) | 3;
    return virt_to_phys(pml4);
}

int hvm_ros_test_run(void) {
    u64 hrt_base = ALIGN_UP(boot.ram_end, 2UL << 20);
    hrt_delta = hrt_base - LINK_BASE;   /* this image runs at its link address, so its own bias is 0 */
    kprintf("hvmtest: HRT image expected at 0x%lx\n", hrt_base);
    while (hvm_hypercall(HVM_GET_STATE, 0, 0) != STATE_IDLE) delay_us(1000);

    u64 descriptor = virt_to_phys(&call);
    u64 echoed = invoke(ROS_INVOKE_FIRST, probe_echo, 41, descriptor);
    check(echoed == 124, "invoke on the first HRT core", echoed, 124);

    static u64 counter;
    counter = 0;
    invoke(ROS_INVOKE_ALL, probe_count, virt_to_phys(&counter), descriptor);
    u64 hrt_cores = READ_ONCE(counter);
    check(hrt_cores >= 1, "invoke on every HRT core", hrt_cores, hrt_cores);

    u64 state = invoke(ROS_INVOKE_FIRST, probe_state, 0, descriptor);
    check(state == STATE_CALL, "state seen by the HRT during a call", state, STATE_CALL);

    test_services(descriptor, hrt_cores);

    /* an event: the HRT posts it, this side takes and completes it, the HRT acks it and gets the result */
    u64 id = invoke(ROS_INVOKE_FIRST, probe_post_event, 1234, descriptor);
    u64 pending = invoke(ROS_INVOKE_FIRST, probe_ack_event, id, descriptor);
    check(pending == STILL_PENDING, "event: ack before completion says pending", pending, STILL_PENDING);
    static u64 taken[8];
    u64 took = (u64)hvm_hypercall(ROS_TAKE_EVENT, (u64)taken, 0);
    check(took == id && taken[0] == id && taken[1] == EVENT_TYPE && taken[2] == 1234, "event: taken with its record",
          took, id);
    check(hvm_hypercall(ROS_COMPLETE_EVENT, id, 5678) == 0, "event: completed", 0, 0);
    u64 acked = invoke(ROS_INVOKE_FIRST, probe_ack_event, id, descriptor);
    check(acked == 5678, "event: the HRT's ack returns the result", acked, 5678);

    /* merge: the HRT then sees this address space's lower half, MERGED_VA included */
    u8 *buffer = page_alloc(1024);
    u64 page_pa = ALIGN_UP(virt_to_phys(buffer), 2UL << 20);
    *(volatile u64 *)phys_to_virt(page_pa + 64) = MARKER;
    u64 saved_cr3 = read_cr3();
    write_cr3(tables_with_extra_mapping(page_pa));
    check(hvm_hypercall(ROS_MERGE, 0, WAIT) == 0, "merge", 0, 0);
    u64 merged_descriptor = MERGED_VA + 128;
    *(struct call_descriptor *)phys_to_virt(page_pa + 128) =
        (struct call_descriptor){(u64)probe_read + hrt_delta, MERGED_VA + 64, 0};
    hvm_hypercall(ROS_INVOKE_FIRST, merged_descriptor, WAIT);
    u64 seen = ((volatile struct call_descriptor *)phys_to_virt(page_pa + 128))->result;
    check(seen == MARKER, "merged lower half: the HRT read through this process's mapping", seen, MARKER);
    check(hvm_hypercall(ROS_UNMERGE, 0, WAIT) == 0, "unmerge", 0, 0);
    write_cr3(saved_cr3);
    u64 direct = invoke(ROS_INVOKE_FIRST, probe_read, page_pa + 64, descriptor);
    check(direct == MARKER, "unmerged: the identity map is back", direct, MARKER);

    /* GDT sync: every HRT core takes this core's FS base; cleanup gives them theirs back (0) */
    static u64 slots[MAX_CPUS];
    u64 fs = 0x7f0012345000UL;
    wrmsr(MSR_FS_BASE, fs);
    check(hvm_hypercall(ROS_GDT_SYNC, 0, WAIT) == 0, "GDT sync", 0, 0);
    invoke(ROS_INVOKE_ALL, probe_fs_base, virt_to_phys(slots), descriptor);
    u64 synced = 0;
    for (u64 i = 0; i < hrt_cores; i++) synced += READ_ONCE(slots[i]) == fs;
    check(synced == hrt_cores, "GDT sync: HRT cores with this FS base", synced, hrt_cores);
    check(hvm_hypercall(ROS_GDT_CLEANUP, 0, WAIT) == 0, "GDT cleanup", 0, 0);
    u64 after = invoke(ROS_INVOKE_FIRST, probe_fs_base, virt_to_phys(slots), descriptor);
    check(after == 0, "GDT cleanup: FS base restored", after, 0);
    wrmsr(MSR_FS_BASE, 0);
    page_free(buffer, 1024);

    kprintf("hvmtest: %d failed\n", failures);
    if (!failures) kprintf("ALL PASS\n");
    return failures;
}

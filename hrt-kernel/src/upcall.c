/* The upcall handler (HRT mode): the HVM has written a request into the comm page and interrupted this
 * core (vector hrt_int_vector, or #GP with error code 0xf00df00d). Requests and replies: docs/hvm-abi.md. */
#include "kernel.h"

#define REQ_NULL 0x0
#define REQ_CALL 0x20
#define REQ_PARCALL 0x21
#define REQ_MERGE 0x30
#define REQ_UNMERGE 0x31
#define REQ_GDT_SYNC 0x51
#define REQ_GDT_CLEANUP 0x52

static u64 flush_tlb(u64 unused) {
    (void)unused;
    paging_flush_tlb();
    return 0;
}

static void flush_every_core(void) {
    for (int i = 0; i < cpu_count; i++) smp_call(i, flush_tlb, 0);
}

/* The ROS's FS base becomes ours, so that code of the merged process reaches its thread-local storage;
 * its GS base goes where SWAPGS would fetch it. Selectors are not taken: in 64-bit mode only the bases
 * of FS and GS matter, and the ROS GDT itself lies in the ROS kernel's half, which the HRT does not map. */
static void apply_gdt_sync(const struct hvm_gdt_sync *s) {
    wrmsr(MSR_FS_BASE, s->fs_base);
    wrmsr(MSR_KERNEL_GS_BASE, s->gs_base);
}

static u64 gdt_sync_here(u64 cleanup) {
    struct hvm_gdt_sync s = {0};
    if (!cleanup && hvm_gdt_sync_read(&s) < 0) kprintf("upcall: core %d: GDT sync read failed\n", this_cpu()->index);
    apply_gdt_sync(&s);
    return 0;
}

void upcall_handle(void) {
    volatile u64 *comm = phys_to_virt(boot.comm_page_gpa);
    u64 request = comm[0];
    switch (request) {
    case REQ_NULL:
        break;
    case REQ_CALL:
    case REQ_PARCALL: {
        service_call((volatile struct call_descriptor *)comm[1]);
        hvm_function_done();
        break;
    }
    case REQ_MERGE:
        paging_merge(comm[1]);
        flush_every_core();
        hvm_merge_done();
        break;
    case REQ_UNMERGE:
        paging_unmerge();
        flush_every_core();
        hvm_merge_done();
        break;
    case REQ_GDT_SYNC:
    case REQ_GDT_CLEANUP: {
        bool cleanup = request == REQ_GDT_CLEANUP;
        struct hvm_gdt_sync s = {0};
        if (!cleanup) s = (struct hvm_gdt_sync){comm[1], comm[2], comm[3], comm[4]};
        apply_gdt_sync(&s);
        for (int i = 1; i < cpu_count; i++) smp_call(i, gdt_sync_here, cleanup);
        hvm_gdt_sync_done();
        break;
    }
    default:
        kprintf("upcall: core %d: unknown request 0x%lx\n", this_cpu()->index, request);
        break;
    }
}

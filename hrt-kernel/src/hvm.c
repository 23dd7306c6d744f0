/* Hypercalls of the HRT side: vmcall with rax = 0xf00d, rbx = 0x6464646464646464, rcx = sub-op,
 * arguments in rdx, rsi; the result in rax (-1: error), and in rdx for an event's result. */
#include "kernel.h"

#define HVM_RAX 0xf00dUL
#define HVM_RBX 0x6464646464646464UL

static i64 hypercall2(u64 op, u64 arg, u64 arg2, u64 *rdx_out) {
    u64 rax = HVM_RAX, rdx = arg;
    __asm__ volatile("vmcall" : "+a"(rax), "+d"(rdx) : "b"(HVM_RBX), "c"(op), "S"(arg2) : "memory");
    if (rdx_out) *rdx_out = rdx;
    return (i64)rax;
}

static i64 hypercall(u64 op, u64 arg, u64 *rdx_out) {
    return hypercall2(op, arg, 0, rdx_out);
}

/* Any sub-op with rdx and rsi (the ROS-side driver of "hvmtest" uses this). */
i64 hvm_hypercall(u64 op, u64 rdx, u64 rsi) {
    return hypercall2(op, rdx, rsi, NULL);
}

i64 hvm_ready(void) { return hypercall(HVM_READY, 0, NULL); }
i64 hvm_get_state(void) { return hypercall(HVM_GET_STATE, 0, NULL); }
i64 hvm_post_event(const struct hvm_event *e) { return hypercall(HVM_POST_EVENT, (u64)e, NULL); }
i64 hvm_ack_event(u64 id, u64 *result) { return hypercall(HVM_ACK_EVENT, id, result); }
i64 hvm_function_done(void) { return hypercall(HVM_FUNCTION_DONE, 0, NULL); }
i64 hvm_merge_done(void) { return hypercall(HVM_MERGE_DONE, 0, NULL); }
i64 hvm_gdt_sync_read(struct hvm_gdt_sync *out) { return hypercall(HVM_GDT_SYNC_READ, (u64)out, NULL); }
i64 hvm_gdt_sync_done(void) { return hypercall(HVM_GDT_SYNC_DONE, 0, NULL); }

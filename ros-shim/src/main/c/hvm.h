/*
 * The HVM's hypercall interface as a Linux process on a ROS core uses it (docs/hvm-abi.md): vmcall from
 * ring 3, rax = 0xf00d, rbx = 0x6464646464646464, rcx = sub-op, arguments in rdx and rsi, result in rax.
 */
#ifndef HVMCTL_HVM_H
#define HVMCTL_HVM_H

#include <stdint.h>

enum hvm_subop {
    HVM_NULL = 0x0,
    HVM_RESET_HRT = 0x2,
    HVM_INSTALL = 0x8,
    HVM_STATE = 0xf,          /* rdx = 0: get state; rdx = buffer: take event */
    HVM_COMPLETE_EVENT = 0x1f,
    HVM_INVOKE_FIRST = 0x20,
    HVM_INVOKE_ALL = 0x21,
    HVM_MERGE = 0x30,
    HVM_UNMERGE = 0x31,
    HVM_SIGNAL_HANDLER = 0x40,
};

enum hrt_state { HRT_IDLE = 0, HRT_CALL = 1, HRT_PARCALL = 2, HRT_MERGE = 3, HRT_BOOTING = 4, HRT_GDTSYNC = 5 };

/* Flags of invoke, merge and unmerge: the hypercall returns only once the HRT is IDLE again. */
#define HVM_WAIT 1u

#define HVM_ERROR UINT64_MAX

/* What 0x20/0x21 point to; the AeroKernel writes result. 32-byte aligned so it never straddles a page. */
struct hvm_call {
    uint64_t function;
    uint64_t argument;
    uint64_t result;
} __attribute__((aligned(32)));

/* What "take event" (0xf with a buffer) fills. */
struct hvm_event {
    uint64_t id;
    uint64_t type;
    uint64_t args[6];
};

static inline uint64_t hvm_hypercall(uint64_t subop, uint64_t a0, uint64_t a1)
{
    uint64_t rax = 0xf00d, rbx = 0x6464646464646464ull;
    __asm__ volatile("vmcall" : "+a"(rax), "+b"(rbx), "+c"(subop), "+d"(a0), "+S"(a1) : : "memory");
    return rax;
}

/*
 * Whether this process runs on a Multiverse HVM: a null hypercall must answer 0. Elsewhere vmcall raises
 * #UD (SIGILL; SIGSEGV under some hypervisors), caught here, or another hypervisor answers (KVM gives -1
 * to ring 3). Returns 0, or -1 with a "not running on a Multiverse HVM (...)" message.
 */
int hvm_probe(void);

/* The HRT's state (0xf with rdx = 0). */
static inline uint64_t hvm_state(void)
{
    return hvm_hypercall(HVM_STATE, 0, 0);
}

/*
 * Polls the HRT's state, yielding the CPU between polls, until it is no longer `busy`; gives up after
 * `seconds` of guest time. Returns the final state, or HVM_ERROR on timeout.
 */
uint64_t hvm_wait_while(uint64_t busy, double seconds);

/*
 * Takes the oldest posted event into `event` (0xf with a buffer), yielding the CPU between attempts;
 * gives up after `seconds` of guest time. Returns its id, 0 on timeout, or HVM_ERROR.
 */
uint64_t hvm_take_event(struct hvm_event *event, double seconds);

/*
 * The guest physical address of `p` (from /proc/self/pagemap, which shows frame numbers to root only),
 * or 0 with an error message set when it cannot be known. The page is touched first so it is present.
 */
uint64_t gpa_of(volatile void *p);

#endif

/*
 * The AeroKernel services hvmctl invokes. A call descriptor's function field holding a number below
 * HRT_SERVICE_LIMIT names one of these (no kernel address is ever hard-coded in the ROS); the AeroKernel
 * maps the number to its function. Any larger value is a function GVA, called as such.
 */
#ifndef HVMCTL_SERVICES_H
#define HVMCTL_SERVICES_H

#define HRT_SERVICE_LIMIT 0x1000u

enum hrt_service {
    /* result = argument. */
    HRT_SERVICE_ECHO = 1,
    /* Atomically adds 1 to result: after an invoke on every HRT core, result = the number of HRT cores. */
    HRT_SERVICE_COUNT = 2,
    /*
     * argument = address of a 4096-byte, page-aligned buffer (a process's own virtual address after a
     * merge): result = the 64-bit wrapping sum of its 512 little-endian u64 words, then every word w is
     * replaced by ~w.
     */
    HRT_SERVICE_MEMTEST = 3,
    /*
     * Posts an event (0x10) {type = HRT_EVENT_TEST, args[0] = argument, args[1..5] = 0}, polls its ack
     * (0x1e) until it is DONE, and sets result = the result the ROS completed it with.
     */
    HRT_SERVICE_POST_EVENT = 4,
};

/* The event type of HRT_SERVICE_POST_EVENT; hvmctl completes it with args[0] + 1. */
#define HRT_EVENT_TEST 0x7e57u

#endif

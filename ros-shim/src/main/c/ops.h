/*
 * hvmctl's operations. Each runs on a Multiverse HVM (hvm_probe() first), records what it measured with
 * report() and returns 0, or returns -1 with fail()'s message.
 */
#ifndef HVMCTL_OPS_H
#define HVMCTL_OPS_H

#include <stdint.h>

/* `n` null hypercalls: null.calls, null.min_cycles, null.median_cycles. */
int op_null(unsigned n);

/* Installs the HRT image in `file` (0x8): install.bytes, install.cycles. */
int op_install(const char *file);

/* Resets the HRT (0x2); with `wait`, until it has booted: reset_hrt.cycles from the reset to IDLE. */
int op_reset_hrt(int wait);

/*
 * Calls `function` (a service number, services.h, or a function GVA) with `argument` on the first HRT core
 * or all of them, the descriptor passed by its guest physical address (the process is not merged); without
 * `wait` the HRT's state is polled until IDLE: invoke_first.* or invoke_all.* cycles and result.
 */
int op_invoke(int all, uint64_t function, uint64_t argument, int wait, uint64_t *result);

/* Merge, HRT access to a process buffer by its virtual address, unmerge: merge.*, unmerge.cycles. */
int op_merge_test(void);

/* An event the HRT posts taken, completed and acked, with the ROS signal handler installed: event.*. */
int op_event_test(void);

/* What Linux sees of the ROS partition: linux.cpus (/proc/cpuinfo), linux.memtotal_kb (/proc/meminfo). */
int op_linux(void);

#endif

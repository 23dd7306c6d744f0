/* What an operation found: named values for the caller to print, or one error message. */
#ifndef HVMCTL_REPORT_H
#define HVMCTL_REPORT_H

#include <stdint.h>

/* Records `name` = `value` (cycles are named "*.cycles" and the like). */
void report(const char *name, uint64_t value);

/* Prints the values recorded since the last call, each as `prefix name=value`, and forgets them. */
void report_print(const char *prefix);

/* Sets the error message (printf format) and returns -1, for `return fail(...)`. */
int fail(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* The last message fail() set. */
const char *failure(void);

#endif

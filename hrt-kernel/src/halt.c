/* Ending: isa-debug-exit (port 0xf4: status = value << 1 | 1), or halting this core for good. */
#include "kernel.h"
#include <stdarg.h>

#define DEBUG_EXIT_PORT 0xf4

void halt_forever(void) {
    for (;;) __asm__ volatile("cli; hlt");
}

void machine_exit(int code) {
    outb(DEBUG_EXIT_PORT, (u8)code);
    halt_forever();
}

/* A fatal kernel error. Standalone, the machine exits with a failure status; as the HRT, only this core
 * stops (ending the machine would take the ROS down with it). */
void panic(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    kprintf_unlocked("PANIC on core %d: ", this_cpu()->index);
    kvprintf_unlocked(fmt, ap);
    va_end(ap);
    if (!boot.hrt) machine_exit(0x7f);
    halt_forever();
}

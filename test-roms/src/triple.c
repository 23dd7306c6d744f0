/*
 * Deliberate triple fault: an IDT with limit 0 makes the #UD undeliverable (#GP),
 * the #GP as well (#DF), and the #DF too: the CPU shuts down.  Multiverse stops
 * with status 1 and a "triple fault" diagnostic; QEMU -no-reboot exits with
 * status 0.  So this ROM is not in the generic QEMU comparison (qemu-skip.txt).
 */
#include "rom.h"

int rom_main(u32 mb_magic, u32 mb_info)
{
    (void)mb_magic;
    (void)mb_info;
    rt_puts("triple: loading an empty IDT and executing UD2\n");
    struct {
        u16 limit;
        u64 base;
    } __attribute__((packed)) empty = {0, 0};
    __asm__ volatile("lidt %0\n\tud2" : : "m"(empty));
    rt_puts("FAIL: execution continued after a triple fault\n");
    return ROM_EXIT_FAIL;
}

/*
 * Host runtime: runs a ROM's rom_main() as a Linux process (make hostcheck) so
 * the hard-coded expectations can be checked against the build machine's CPU.
 * Only ROMs that use no privileged instructions can run this way.
 */
#include <stdio.h>
#include <stdlib.h>

#include "multiboot.h"
#include "rom.h"

void rt_putc(char c)
{
    putchar(c);
}

void rt_exit(int code)
{
    fflush(stdout);
    exit(code);
}

/* Linked with -no-pie, so these addresses fit the 32-bit multiboot fields. */
static struct mb_info mbi;
static char cmdline[4096];

int main(int argc, char **argv)
{
    size_t n = 0;
    for (int i = 0; i < argc && n < sizeof(cmdline); i++)
        n += (size_t)snprintf(cmdline + n, sizeof(cmdline) - n, "%s%s", i ? " " : "", argv[i]);
    mbi.flags = MB_INFO_CMDLINE;
    mbi.cmdline = (u32)(uintptr_t)cmdline;
    rt_exit(rom_main(MULTIBOOT_BOOTLOADER_MAGIC, (u32)(uintptr_t)&mbi));
}

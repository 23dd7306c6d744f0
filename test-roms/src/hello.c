/* README demo: a banner, the Multiboot memory size and command line. */
#include "multiboot.h"
#include "rom.h"

int rom_main(u32 mb_magic, u32 mb_info)
{
    rt_puts("Hello from Multiverse! This demo ROM entered 64-bit long mode and is printing "
            "through COM1.\n");
    if (mb_magic != MULTIBOOT_BOOTLOADER_MAGIC) {
        rt_printf("Not loaded by a Multiboot loader (magic 0x%x).\n", mb_magic);
        return ROM_EXIT_FAIL;
    }
    const struct mb_info *mbi = MB_PTR(const struct mb_info, mb_info);
    if (mbi->flags & MB_INFO_MEMORY)
        rt_printf("Memory: %u KiB lower, %u KiB upper (about %u MiB of RAM).\n", mbi->mem_lower,
                  mbi->mem_upper, (mbi->mem_upper + 1024 + 512) / 1024);
    else
        rt_puts("Memory: not reported by the loader.\n");
    if ((mbi->flags & MB_INFO_CMDLINE) && mbi->cmdline)
        rt_printf("Command line: \"%s\"\n", MB_PTR(const char, mbi->cmdline));
    else
        rt_puts("Command line: none.\n");
    rt_puts("Goodbye.\nALL PASS\n");
    return ROM_EXIT_PASS;
}

package dev.multiverse.machine.loader;

import dev.multiverse.machine.BootException;

/**
 * The fields of a bzImage's setup header (the kernel's x86 boot protocol, Documentation/arch/x86/boot.rst)
 * that a 64-bit boot protocol loader needs, checked for an image that can be entered in 64-bit mode.
 *
 * @param version       boot protocol version, 0x20C for 2.12
 * @param setupSectors  512-byte setup sectors after the boot sector (0 in the file means 4)
 * @param headerEnd     file offset just past the header, from the jump at 0x200 over it
 * @param loadflags     the header's loadflags byte
 * @param initrdAddrMax highest address the initrd's last byte may have
 * @param cmdlineSize   longest command line the kernel accepts, without its NUL
 * @param prefAddress   the address the kernel was linked to run at (LOAD_PHYSICAL_ADDR)
 * @param initSize      bytes from the load address the kernel needs while it decompresses and starts
 */
record SetupHeader(int version, int setupSectors, int headerEnd, int loadflags, long initrdAddrMax,
                   long cmdlineSize, long prefAddress, long initSize) {
    static final int START = 0x1F1;
    static final int SETUP_SECTS = 0x1F1, JUMP = 0x200, VERSION = 0x206, TYPE_OF_LOADER = 0x210, LOADFLAGS = 0x211,
            CODE32_START = 0x214, RAMDISK_IMAGE = 0x218, RAMDISK_SIZE = 0x21C, CMD_LINE_PTR = 0x228,
            INITRD_ADDR_MAX = 0x22C, XLOADFLAGS = 0x236, CMDLINE_SIZE = 0x238, PREF_ADDRESS = 0x258, INIT_SIZE = 0x260;
    /** Where struct boot_params's header area ends (edd_mbr_sig_buffer follows). */
    static final int LIMIT = 0x290;
    /** xloadflags first appears in 2.12; it says whether the kernel has the 64-bit entry at 0x200. */
    static final int MIN_VERSION = 0x20C;
    static final int XLF_KERNEL_64 = 1;

    /** Reads and checks the header of {@code file}, a bzImage ({@link BzImage#is}). */
    static SetupHeader parse(byte[] file, String name) throws BootException {
        int version = LeBytes.u16(file, VERSION);
        if (version < MIN_VERSION) {
            throw new BootException(String.format("%s: bzImage with boot protocol %d.%02d: the 64-bit boot protocol"
                    + " needs 2.12 or later", name, version >> 8, version & 0xff));
        }
        if ((LeBytes.u16(file, XLOADFLAGS) & XLF_KERNEL_64) == 0) {
            throw new BootException(name + ": bzImage without a 64-bit entry point (xloadflags XLF_KERNEL_64 is clear)");
        }
        int headerEnd = Math.min(JUMP + 2 + (file[JUMP + 1] & 0xff), LIMIT);
        if (headerEnd < INIT_SIZE + 4) {
            throw new BootException(String.format("%s: bzImage setup header ends at 0x%x, before init_size (0x%x)",
                    name, headerEnd, INIT_SIZE));
        }
        if (headerEnd > file.length) {
            throw new BootException(name + ": bzImage setup header runs past the end of the file");
        }
        long prefAddress = LeBytes.u32(file, PREF_ADDRESS) | LeBytes.u32(file, PREF_ADDRESS + 4) << 32;
        return new SetupHeader(version, setupSectors(file), headerEnd, file[LOADFLAGS] & 0xff,
                LeBytes.u32(file, INITRD_ADDR_MAX), LeBytes.u32(file, CMDLINE_SIZE), prefAddress,
                LeBytes.u32(file, INIT_SIZE));
    }

    /** The 512-byte setup sectors after the boot sector of a bzImage {@code file} (0 in the file means 4). */
    static int setupSectors(byte[] file) {
        return file[SETUP_SECTS] == 0 ? 4 : file[SETUP_SECTS] & 0xff;
    }

    /** File offset of the protected-mode part: after the boot sector and the setup sectors. */
    int kernelOffset() {
        return (setupSectors + 1) * 512;
    }
}

package dev.multiverse.machine.loader;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The Linux boot protocol's "zero page" (struct boot_params, 4 KiB): the bzImage's setup header copied
 * at 0x1F1 with the fields a boot loader fills, the E820 memory map and the ACPI RSDP's address. The
 * rest stays zero: in particular screen_info (orig_video_isVGA 0: the kernel leaves VGA alone) and the
 * sentinel at 0x1EF (zero: the loader zeroed the page itself).
 */
final class BootParams {
    static final int SIZE = 4096;
    static final int ACPI_RSDP_ADDR = 0x070, EXT_RAMDISK_IMAGE = 0x0C0, EXT_RAMDISK_SIZE = 0x0C4,
            EXT_CMD_LINE_PTR = 0x0C8, E820_ENTRIES = 0x1E8, E820_TABLE = 0x2D0;
    static final int E820_ENTRY_SIZE = 20, E820_MAX_ENTRIES = 128;
    /** "No assigned boot loader id" (boot.rst, type_of_loader). */
    static final int UNDEFINED_LOADER = 0xFF;
    static final int LOADED_HIGH = 0x01, CAN_USE_HEAP = 0x80;
    /** acpi_rsdp_addr is read from 2.14 on. */
    static final int RSDP_VERSION = 0x20E;

    private BootParams() {
    }

    /**
     * The zero page for a kernel with header {@code header} (from {@code file}) loaded at {@code kernelAddress},
     * its command line at {@code cmdline}, the initrd at {@code initrd} for {@code initrdSize} bytes (0, 0: none).
     */
    static byte[] build(byte[] file, SetupHeader header, long kernelAddress, long cmdline, long initrd, long initrdSize,
                        long rsdpAddress, List<LowMemory.Range> memoryMap) {
        ByteBuffer page = LeBytes.buffer(SIZE);
        page.put(SetupHeader.START, file, SetupHeader.START, header.headerEnd() - SetupHeader.START);
        page.put(SetupHeader.TYPE_OF_LOADER, (byte) UNDEFINED_LOADER);
        // No real-mode setup code runs, so there is no heap to announce.
        page.put(SetupHeader.LOADFLAGS, (byte) ((header.loadflags() | LOADED_HIGH) & ~CAN_USE_HEAP));
        page.putInt(SetupHeader.CODE32_START, (int) kernelAddress);
        page.putInt(SetupHeader.CMD_LINE_PTR, (int) cmdline).putInt(EXT_CMD_LINE_PTR, (int) (cmdline >>> 32));
        page.putInt(SetupHeader.RAMDISK_IMAGE, (int) initrd).putInt(EXT_RAMDISK_IMAGE, (int) (initrd >>> 32));
        page.putInt(SetupHeader.RAMDISK_SIZE, (int) initrdSize).putInt(EXT_RAMDISK_SIZE, (int) (initrdSize >>> 32));
        if (header.version() >= RSDP_VERSION) {
            page.putLong(ACPI_RSDP_ADDR, rsdpAddress);
        }
        page.put(E820_ENTRIES, (byte) memoryMap.size());
        int at = E820_TABLE;
        for (LowMemory.Range r : memoryMap) {
            page.putLong(at, r.base()).putLong(at + 8, r.length()).putInt(at + 16, r.type());
            at += E820_ENTRY_SIZE;
        }
        return page.array();
    }
}

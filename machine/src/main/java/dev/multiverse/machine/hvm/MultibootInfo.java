package dev.multiverse.machine.hvm;

import dev.multiverse.machine.loader.Multiboot2Info;

import java.nio.ByteBuffer;

/**
 * The Multiboot 2 information an HRT kernel starts with (docs/hvm-abi.md, "HRT boot"): command line (type
 * 1), basic memory (4), memory map (6: the ROS's and the HRT's RAM as two available ranges), the HRT
 * information tag (0xf00df00d) and the end tag, each 8-byte aligned.
 */
final class MultibootInfo {
    static final int TAG_HRT = 0xf00df00d, HRT_TAG_SIZE = 88;
    private static final int MMAP_ENTRIES = 2, TYPE_AVAILABLE = 1;
    /** Conventional memory below 640 KiB and extended memory from 1 MiB, in KiB, as basic memory reports them. */
    private static final long LOWER_KIB = 640, EXTENDED_START = 1 << 20;

    private MultibootInfo() {
    }

    static int size(String cmdline) {
        return Multiboot2Info.FRAME_SIZE + Multiboot2Info.stringSize(cmdline) + Multiboot2Info.BASIC_MEMINFO_SIZE
                + Multiboot2Info.memoryMapSize(MMAP_ENTRIES) + HRT_TAG_SIZE;
    }

    /**
     * The information block for {@code layout}; {@code totalApics} counts every core (the first HRT core's APIC
     * ID is the ROS's core count), {@code tscKhz} is the rate of the cores' time-stamp counters.
     */
    static byte[] build(HrtLayout layout, HvmConfig hvm, long memorySize, HrtImage image, int totalApics,
                        long tscKhz) {
        Multiboot2Info info = new Multiboot2Info(size(hvm.hrtAppend()))
                .string(Multiboot2Info.TAG_CMDLINE, hvm.hrtAppend())
                .basicMemory(LOWER_KIB, Math.min((memorySize - EXTENDED_START) >> 10, 0xffff_ffffL))
                .memoryMap(MMAP_ENTRIES)
                .memoryRange(0, layout.firstHrtGpa(), TYPE_AVAILABLE)
                .memoryRange(layout.firstHrtGpa(), memorySize - layout.firstHrtGpa(), TYPE_AVAILABLE);
        ByteBuffer hrt = info.tag(TAG_HRT, HRT_TAG_SIZE);
        hrt.putInt(totalApics).putInt(hvm.rosCores()).putInt(0).putInt(0);
        hrt.putLong(tscKhz);
        hrt.putLong(mappedFlags(image.hrtFlags(), layout.pageSize())).putLong(layout.maxMemMapped())
                .putLong(layout.firstHrtGpa()).putLong(layout.bootStateGpa()).putLong(layout.gvaOffset())
                .putLong(layout.commPageGpa());
        hrt.put((byte) image.upcallVector()).put(new byte[7]);
        return info.end();
    }

    /** The tag's flags with the page-size bits replaced by the one size the map uses. */
    static long mappedFlags(long flags, long pageSize) {
        long sizes = HrtImage.FLAG_PAGE_4K | HrtImage.FLAG_PAGE_2M | HrtImage.FLAG_PAGE_1G | HrtImage.FLAG_PAGE_512G;
        long used = pageSize == HrtImage.PAGE_1G ? HrtImage.FLAG_PAGE_1G
                : pageSize == HrtImage.PAGE_2M ? HrtImage.FLAG_PAGE_2M : HrtImage.FLAG_PAGE_4K;
        return flags & ~sizes | used;
    }
}

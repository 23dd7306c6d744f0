package dev.multiverse.machine.hvm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The Multiboot 2 information an HRT kernel starts with (docs/hvm-abi.md, "HRT boot"): command line (type
 * 1), basic memory (4), memory map (6: the ROS's and the HRT's RAM as two available ranges), the HRT
 * information tag (0xf00df00d) and the end tag, each 8-byte aligned.
 */
final class MultibootInfo {
    static final int TAG_CMDLINE = 1, TAG_BASIC_MEMINFO = 4, TAG_MMAP = 6, TAG_END = 0;
    static final int TAG_HRT = 0xf00df00d, HRT_TAG_SIZE = 88;
    private static final int MMAP_ENTRY_SIZE = 24, MMAP_ENTRIES = 2, TYPE_AVAILABLE = 1;
    /** Conventional memory below 640 KiB and extended memory from 1 MiB, in KiB, as basic memory reports them. */
    private static final long LOWER_KIB = 640, EXTENDED_START = 1 << 20;

    private MultibootInfo() {
    }

    static int size(String cmdline) {
        return 8 + align8(8 + cString(cmdline).length) + 16 + 16 + MMAP_ENTRY_SIZE * MMAP_ENTRIES + HRT_TAG_SIZE + 8;
    }

    /**
     * The information block for {@code layout}; {@code totalApics} counts every core, {@code firstHrtApic} is
     * the first HRT core's APIC ID, {@code tscKhz} the rate of the cores' time-stamp counters.
     */
    static byte[] build(HrtLayout layout, HvmConfig hvm, long memorySize, HrtImage image, int totalApics,
                        long tscKhz) {
        int size = size(hvm.hrtAppend());
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(size).putInt(0);
        byte[] cmdline = cString(hvm.hrtAppend());
        b.putInt(TAG_CMDLINE).putInt(8 + cmdline.length).put(cmdline);
        b.position(align8(b.position()));
        b.putInt(TAG_BASIC_MEMINFO).putInt(16).putInt((int) LOWER_KIB)
                .putInt((int) Math.min((memorySize - EXTENDED_START) >> 10, 0xffff_ffffL));
        b.putInt(TAG_MMAP).putInt(16 + MMAP_ENTRY_SIZE * MMAP_ENTRIES).putInt(MMAP_ENTRY_SIZE).putInt(0);
        b.putLong(0).putLong(layout.firstHrtGpa()).putInt(TYPE_AVAILABLE).putInt(0);
        b.putLong(layout.firstHrtGpa()).putLong(memorySize - layout.firstHrtGpa()).putInt(TYPE_AVAILABLE).putInt(0);
        b.putInt(TAG_HRT).putInt(HRT_TAG_SIZE);
        b.putInt(totalApics).putInt(hvm.rosCores()).putInt(0).putInt(0);
        b.putLong(tscKhz);
        b.putLong(mappedFlags(image.hrtFlags(), layout.pageSize())).putLong(layout.maxMemMapped())
                .putLong(layout.firstHrtGpa()).putLong(layout.bootStateGpa()).putLong(layout.gvaOffset())
                .putLong(layout.commPageGpa());
        b.put((byte) image.upcallVector()).put(new byte[7]);
        b.putInt(TAG_END).putInt(8);
        return b.array();
    }

    /** The tag's flags with the page-size bits replaced by the one size the map uses. */
    static long mappedFlags(long flags, long pageSize) {
        long sizes = HrtImage.FLAG_PAGE_4K | HrtImage.FLAG_PAGE_2M | HrtImage.FLAG_PAGE_1G | HrtImage.FLAG_PAGE_512G;
        long used = pageSize == HrtImage.PAGE_1G ? HrtImage.FLAG_PAGE_1G
                : pageSize == HrtImage.PAGE_2M ? HrtImage.FLAG_PAGE_2M : HrtImage.FLAG_PAGE_4K;
        return flags & ~sizes | used;
    }

    private static int align8(int v) {
        return (v + 7) & ~7;
    }

    private static byte[] cString(String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(text, text.length + 1);
    }
}

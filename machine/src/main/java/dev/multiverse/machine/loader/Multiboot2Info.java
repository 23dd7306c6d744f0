package dev.multiverse.machine.loader;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a Multiboot 2 information block (Multiboot 2 specification, section 3.6): the total size, then tags
 * of type, size and payload, each starting 8-byte aligned, and the end tag. The sizes are known before the
 * contents (a loader places modules after the block, then writes their addresses into it), so the writer
 * gives each tag's size as well as writing it. Used for kernels booted with Multiboot 2 and for HRT kernels.
 */
public final class Multiboot2Info {
    public static final int TAG_END = 0, TAG_CMDLINE = 1, TAG_LOADER_NAME = 2, TAG_MODULE = 3, TAG_BASIC_MEMINFO = 4,
            TAG_MMAP = 6;
    /** The fixed header and the end tag. */
    public static final int FRAME_SIZE = 16;
    public static final int BASIC_MEMINFO_SIZE = 16;
    private static final int MMAP_ENTRY_SIZE = 24;

    private final ByteBuffer block;

    /** A block of {@code size} bytes (the sum of {@link #FRAME_SIZE} and every tag's size), its header written. */
    public Multiboot2Info(int size) {
        block = LeBytes.buffer(size);
        block.putInt(size).putInt(0);
    }

    public static int stringSize(String s) {
        return align8(8 + cString(s).length);
    }

    public static int moduleSize(String args) {
        return align8(16 + cString(args).length);
    }

    public static int memoryMapSize(int entries) {
        return 16 + MMAP_ENTRY_SIZE * entries;
    }

    /** A tag with a NUL-terminated string (command line, boot loader name). */
    public Multiboot2Info string(int type, String s) {
        byte[] bytes = cString(s);
        block.putInt(type).putInt(8 + bytes.length).put(bytes);
        return pad();
    }

    public Multiboot2Info module(long start, long end, String args) {
        byte[] s = cString(args);
        block.putInt(TAG_MODULE).putInt(16 + s.length).putInt((int) start).putInt((int) end).put(s);
        return pad();
    }

    public Multiboot2Info basicMemory(long lowerKiB, long upperKiB) {
        block.putInt(TAG_BASIC_MEMINFO).putInt(BASIC_MEMINFO_SIZE).putInt((int) lowerKiB).putInt((int) upperKiB);
        return this;
    }

    /** The memory map's header, for {@code entries} calls of {@link #memoryRange} to follow. */
    public Multiboot2Info memoryMap(int entries) {
        block.putInt(TAG_MMAP).putInt(memoryMapSize(entries)).putInt(MMAP_ENTRY_SIZE).putInt(0);
        return this;
    }

    /** One memory map entry; {@code type} in the E820 numbering (1 available). */
    public Multiboot2Info memoryRange(long base, long length, int type) {
        block.putLong(base).putLong(length).putInt(type).putInt(0);
        return this;
    }

    /** The tag of {@code type} whose payload the caller writes into the returned buffer ({@code size} in all). */
    public ByteBuffer tag(int type, int size) {
        return block.putInt(type).putInt(size);
    }

    /** The end tag; the block is complete. */
    public byte[] end() {
        block.putInt(TAG_END).putInt(8);
        return block.array();
    }

    private Multiboot2Info pad() {
        block.position(align8(block.position()));
        return this;
    }

    private static int align8(int v) {
        return (v + 7) & ~7;
    }

    private static byte[] cString(String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(text, text.length + 1);
    }
}

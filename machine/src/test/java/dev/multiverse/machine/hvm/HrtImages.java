package dev.multiverse.machine.hvm;

import dev.multiverse.machine.TestKernels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds HRT images for tests: ELF64 files whose one segment starts with a Multiboot 2 header carrying the HRT tag. */
final class HrtImages {
    static final int MB2_MAGIC = 0xE85250D6;
    /** Bytes of the header (fixed part, HRT tag, end tag) before the code. */
    static final int HEADER_SIZE = 16 + 56 + 8;

    long flags = HrtImage.FLAG_PAGE_2M;
    long maxMem;
    long gvaOffset;
    long gvaEntry;
    long commPage;
    int vector = 0xf0;
    long paddr = 0x200_0000;
    /** Code after the header, where the ELF entry points. */
    byte[] code = {(byte) 0xF4};
    /** Zero-filled bytes after the code (bss). */
    long bss;
    boolean withHrtTag = true;
    boolean elf32;

    /** A Multiboot 2 header with the HRT tag (or none) as the fields say. */
    byte[] header() {
        int length = withHrtTag ? HEADER_SIZE : HEADER_SIZE - 56;
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MB2_MAGIC).putInt(0).putInt(length).putInt(-(MB2_MAGIC + length));
        if (withHrtTag) {
            b.putShort((short) HrtImage.HRT_TAG).putShort((short) 0).putInt(HrtImage.HRT_TAG_SIZE);
            b.putLong(flags).putLong(maxMem).putLong(gvaOffset).putLong(gvaEntry).putLong(commPage);
            b.put((byte) vector).put(new byte[7]);
        }
        b.putShort((short) 0).putShort((short) 0).putInt(8);
        return b.array();
    }

    byte[] build() {
        byte[] data = TestKernels.concat(header(), code);
        TestKernels k = elf32 ? TestKernels.elf32().machine(3) : TestKernels.elf64();
        return k.entry(paddr + HEADER_SIZE)
                .segment(new TestKernels.Segment(paddr, paddr, data, data.length + bss)).build();
    }
}

package dev.multiverse.machine.loader;

import dev.multiverse.machine.TestKernels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Multiboot 2 headers and PVH notes for loader tests, on top of {@link TestKernels}' ELF files. */
final class BootImages {
    static final int MB2_MAGIC = 0xE85250D6;

    private BootImages() {
    }

    /** A header tag: type, flags, size = 8 + 4 * fields, then the fields. */
    static byte[] tag(int type, int flags, int... fields) {
        ByteBuffer b = le(8 + 4 * fields.length).putShort((short) type).putShort((short) flags).putInt(8 + 4 * fields.length);
        for (int f : fields) b.putInt(f);
        return b.array();
    }

    /** A Multiboot 2 header for i386 with {@code tags} (each padded to 8 bytes) and an end tag. */
    static byte[] mb2Header(byte[]... tags) {
        return mb2Header(0, true, tags);
    }

    static byte[] mb2Header(int arch, boolean endTag, byte[]... tags) {
        int length = 16;
        for (byte[] t : tags) length += align8(t.length);
        if (endTag) length += 8;
        ByteBuffer b = le(length).putInt(MB2_MAGIC).putInt(arch).putInt(length).putInt(-(MB2_MAGIC + arch + length));
        for (byte[] t : tags) b.put(t).position(align8(b.position()));
        if (endTag) b.putShort((short) 0).putShort((short) 0).putInt(8);
        return b.array();
    }

    /** An ELF32 file with one segment at {@code address}: {@code prefix} (a header) then a HLT, entered at the HLT. */
    static byte[] elf32With(byte[] prefix, long address) {
        byte[] data = TestKernels.concat(prefix, TestKernels.bytes(0xF4));
        return TestKernels.elf32().entry(address + prefix.length).segment(TestKernels.Segment.at(address, data)).build();
    }

    /** A note: name size, value size, type, name (NUL-padded to 4), value (padded to 4). */
    static byte[] note(String name, int type, byte[] value) {
        byte[] n = (name + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer b = le(12 + align4(n.length) + align4(value.length)).putInt(n.length).putInt(value.length).putInt(type);
        b.put(n).position(12 + align4(n.length));
        b.put(value);
        return b.array();
    }

    static byte[] u32(long v) {
        return le(4).putInt((int) v).array();
    }

    static byte[] u64(long v) {
        return le(8).putLong(v).array();
    }

    /**
     * An ELF file (64-bit if {@code is64}) with a code segment at 1 MiB (a HLT, which is the ELF entry) and
     * {@code notes} in a PT_NOTE segment; extra {@code prefix} bytes go before the HLT.
     */
    static byte[] elfWithNotes(boolean is64, byte[] prefix, byte[]... notes) {
        TestKernels k = is64 ? TestKernels.elf64() : TestKernels.elf32();
        byte[] code = TestKernels.concat(prefix, TestKernels.bytes(0xF4));
        byte[] file = k.entry(0x100000 + prefix.length).segment(TestKernels.Segment.at(0x100000, code))
                .segment(TestKernels.Segment.at(0x200000, TestKernels.concat(notes))).build();
        int phdr = (is64 ? 64 : 52) + (is64 ? 56 : 32);   // the second program header
        file[phdr] = 4;                                    // PT_LOAD -> PT_NOTE
        return file;
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int align8(int v) {
        return (v + 7) & ~7;
    }

    private static int align4(int v) {
        return (v + 3) & ~3;
    }
}

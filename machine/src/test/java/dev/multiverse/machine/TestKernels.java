package dev.multiverse.machine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds small ELF and Multiboot images for tests. */
public final class TestKernels {
    public static final int MAGIC = 0x1BADB002;

    /** A loadable segment: {@code data} at {@code paddr} (linked at {@code vaddr}), {@code memSize} bytes in memory. */
    public record Segment(long vaddr, long paddr, byte[] data, long memSize) {
        public static Segment at(long address, byte[] data) {
            return new Segment(address, address, data, data.length);
        }
    }

    public record Symbol(String name, long value, long size) {
    }

    private boolean is64;
    private int machine = 3;
    private long entry;
    private final List<Segment> segments = new ArrayList<>();
    private final List<Symbol> symbols = new ArrayList<>();

    public static TestKernels elf32() {
        return new TestKernels();
    }

    public static TestKernels elf64() {
        TestKernels k = new TestKernels();
        k.is64 = true;
        k.machine = 62;
        return k;
    }

    public TestKernels machine(int m) {
        machine = m;
        return this;
    }

    public TestKernels entry(long e) {
        entry = e;
        return this;
    }

    public TestKernels segment(Segment s) {
        segments.add(s);
        return this;
    }

    public TestKernels symbol(String name, long value, long size) {
        symbols.add(new Symbol(name, value, size));
        return this;
    }

    /** The common test kernel: a Multiboot header (flags) followed by {@code code}, at 1 MiB, entered after the header. */
    public static byte[] multibootElf(int flags, byte[] code) {
        return elf32().entry(0x100000 + 12).segment(Segment.at(0x100000, concat(header(flags), code))).build();
    }

    public static byte[] header(int flags) {
        return le(12).putInt(MAGIC).putInt(flags).putInt(-(MAGIC + flags)).array();
    }

    /** A header with the a.out-kludge address fields (flags bit 16 is added). */
    public static byte[] aoutHeader(int flags, long headerAddr, long loadAddr, long loadEnd, long bssEnd, long entry) {
        int f = flags | 1 << 16;
        return le(32).putInt(MAGIC).putInt(f).putInt(-(MAGIC + f)).putInt((int) headerAddr).putInt((int) loadAddr)
                .putInt((int) loadEnd).putInt((int) bssEnd).putInt((int) entry).array();
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) b.put(p);
        return b.array();
    }

    public static byte[] bytes(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (byte) v[i];
        return out;
    }

    public static Path write(Path dir, String name, byte[] data) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, data);
        return p;
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    public byte[] build() {
        int ehsize = is64 ? 64 : 52, phentsize = is64 ? 56 : 32, shentsize = is64 ? 64 : 40;
        int symentsize = is64 ? 24 : 16;
        int dataStart = align(ehsize + phentsize * segments.size(), 16);
        long[] offsets = new long[segments.size()];
        int at = dataStart;
        for (int i = 0; i < segments.size(); i++) {
            offsets[i] = at;
            at = align(at + segments.get(i).data().length, 16);
        }
        byte[] strtab = null;
        int symtabOff = 0, strtabOff = 0, shoff = 0;
        int[] nameOffsets = new int[symbols.size()];
        if (!symbols.isEmpty()) {
            StringBuilder names = new StringBuilder("\0");
            for (int i = 0; i < symbols.size(); i++) {
                nameOffsets[i] = names.length();
                names.append(symbols.get(i).name()).append('\0');
            }
            strtab = names.toString().getBytes(StandardCharsets.US_ASCII);
            symtabOff = at;
            at += symentsize * (symbols.size() + 1);
            strtabOff = at;
            at = align(at + strtab.length, 8);
            shoff = at;
            at += shentsize * 3;
        }
        ByteBuffer b = le(at);
        b.put(new byte[]{0x7F, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), 1, 1});
        b.putShort(16, (short) 2).putShort(18, (short) machine).putInt(20, 1);
        if (is64) {
            b.putLong(24, entry).putLong(32, ehsize).putLong(40, shoff);
            b.putShort(52, (short) ehsize).putShort(54, (short) phentsize).putShort(56, (short) segments.size());
            b.putShort(58, (short) shentsize).putShort(60, (short) (symbols.isEmpty() ? 0 : 3));
        } else {
            b.putInt(24, (int) entry).putInt(28, ehsize).putInt(32, shoff);
            b.putShort(40, (short) ehsize).putShort(42, (short) phentsize).putShort(44, (short) segments.size());
            b.putShort(46, (short) shentsize).putShort(48, (short) (symbols.isEmpty() ? 0 : 3));
        }
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            int ph = ehsize + i * phentsize;
            if (is64) {
                b.putInt(ph, 1).putInt(ph + 4, 7).putLong(ph + 8, offsets[i]).putLong(ph + 16, s.vaddr())
                        .putLong(ph + 24, s.paddr()).putLong(ph + 32, s.data().length).putLong(ph + 40, s.memSize());
            } else {
                b.putInt(ph, 1).putInt(ph + 4, (int) offsets[i]).putInt(ph + 8, (int) s.vaddr())
                        .putInt(ph + 12, (int) s.paddr()).putInt(ph + 16, s.data().length)
                        .putInt(ph + 20, (int) s.memSize()).putInt(ph + 24, 7);
            }
            b.put((int) offsets[i], s.data());
        }
        if (!symbols.isEmpty()) {
            for (int i = 0; i < symbols.size(); i++) {
                Symbol s = symbols.get(i);
                int e = symtabOff + (i + 1) * symentsize;
                if (is64) {
                    b.putInt(e, nameOffsets[i]).put(e + 4, (byte) 0x12).putShort(e + 6, (short) 1)
                            .putLong(e + 8, s.value()).putLong(e + 16, s.size());
                } else {
                    b.putInt(e, nameOffsets[i]).putInt(e + 4, (int) s.value()).putInt(e + 8, (int) s.size())
                            .put(e + 12, (byte) 0x12).putShort(e + 14, (short) 1);
                }
            }
            b.put(strtabOff, strtab);
            int symSize = symentsize * (symbols.size() + 1);
            sectionHeader(b, shoff + shentsize, 2, symtabOff, symSize, 2, symentsize);
            sectionHeader(b, shoff + 2 * shentsize, 3, strtabOff, strtab.length, 0, 0);
        }
        return b.array();
    }

    private void sectionHeader(ByteBuffer b, int sh, int type, long offset, long size, int link, int entsize) {
        b.putInt(sh + 4, type);
        if (is64) {
            b.putLong(sh + 24, offset).putLong(sh + 32, size).putInt(sh + 40, link).putLong(sh + 56, entsize);
        } else {
            b.putInt(sh + 16, (int) offset).putInt(sh + 20, (int) size).putInt(sh + 24, link).putInt(sh + 36, entsize);
        }
    }

    private static int align(int v, int a) {
        return (v + a - 1) & -a;
    }
}

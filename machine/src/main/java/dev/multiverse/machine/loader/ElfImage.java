package dev.multiverse.machine.loader;

import dev.multiverse.machine.BootException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed little-endian ELF32 or ELF64 file: header fields, program headers, and the symbol table when
 * there is one (symbols only name addresses in diagnostics, so a missing or damaged table is not an error).
 */
public final class ElfImage {
    public static final int ELFCLASS32 = 1, ELFCLASS64 = 2;
    public static final int EM_386 = 3, EM_X86_64 = 62;
    public static final int PT_LOAD = 1, PT_NOTE = 4;
    private static final int SHT_SYMTAB = 2;
    private static final int STT_OBJECT = 1, STT_FUNC = 2;

    /** One program header. Offsets and sizes are in bytes; addresses are as the file states them. */
    public record ProgramHeader(int type, int flags, long offset, long vaddr, long paddr, long fileSize, long memSize) {
    }

    /** A named address range from the symbol table (size 0 for labels without one). */
    public record Symbol(String name, long value, long size) {
    }

    private final int elfClass;
    private final int machine;
    private final long entry;
    private final List<ProgramHeader> programHeaders;
    private final Symbol[] symbols;

    private ElfImage(int elfClass, int machine, long entry, List<ProgramHeader> programHeaders, Symbol[] symbols) {
        this.elfClass = elfClass;
        this.machine = machine;
        this.entry = entry;
        this.programHeaders = programHeaders;
        this.symbols = symbols;
    }

    /** True if {@code data} starts with the ELF magic. */
    public static boolean isElf(byte[] data) {
        return data.length >= 4 && data[0] == 0x7F && data[1] == 'E' && data[2] == 'L' && data[3] == 'F';
    }

    /** Parses {@code data}; {@code name} (the file name) starts every error message. */
    public static ElfImage parse(byte[] data, String name) throws BootException {
        if (!isElf(data)) {
            throw new BootException(name + ": not an ELF file");
        }
        if (data.length < 52) {
            throw new BootException(name + ": truncated ELF file (" + data.length + " bytes, shorter than its header)");
        }
        int elfClass = data[4];
        if (elfClass != ELFCLASS32 && elfClass != ELFCLASS64) {
            throw new BootException(name + ": unknown ELF class " + elfClass);
        }
        if (data[5] != 1) {
            throw new BootException(name + ": big-endian ELF file; x86 images are little-endian");
        }
        boolean is64 = elfClass == ELFCLASS64;
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (is64 && data.length < 64) {
            throw new BootException(name + ": truncated ELF file (" + data.length + " bytes, shorter than its header)");
        }
        int machine = Short.toUnsignedInt(b.getShort(18));
        long entry = is64 ? b.getLong(24) : Integer.toUnsignedLong(b.getInt(24));
        long phoff = is64 ? b.getLong(32) : Integer.toUnsignedLong(b.getInt(28));
        long shoff = is64 ? b.getLong(40) : Integer.toUnsignedLong(b.getInt(32));
        int phentsize = Short.toUnsignedInt(b.getShort(is64 ? 54 : 42));
        int phnum = Short.toUnsignedInt(b.getShort(is64 ? 56 : 44));
        int shentsize = Short.toUnsignedInt(b.getShort(is64 ? 58 : 46));
        int shnum = Short.toUnsignedInt(b.getShort(is64 ? 60 : 48));

        int minPhent = is64 ? 56 : 32;
        if (phnum > 0 && (phentsize < minPhent || !fits(data, phoff, (long) phentsize * phnum))) {
            throw new BootException(name + ": truncated or malformed ELF file (program headers lie beyond its end)");
        }
        List<ProgramHeader> phdrs = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            int at = (int) (phoff + (long) i * phentsize);
            ProgramHeader ph = is64
                    ? new ProgramHeader(b.getInt(at), b.getInt(at + 4), b.getLong(at + 8), b.getLong(at + 16),
                            b.getLong(at + 24), b.getLong(at + 32), b.getLong(at + 40))
                    : new ProgramHeader(b.getInt(at), b.getInt(at + 24), u32(b, at + 4), u32(b, at + 8),
                            u32(b, at + 12), u32(b, at + 16), u32(b, at + 20));
            if (ph.type() == PT_LOAD) {
                if (ph.fileSize() > ph.memSize()) {
                    throw new BootException(String.format("%s: malformed ELF segment %d (file size 0x%x exceeds memory size 0x%x)",
                            name, i, ph.fileSize(), ph.memSize()));
                }
                if (!fits(data, ph.offset(), ph.fileSize())) {
                    throw new BootException(String.format("%s: truncated ELF file (segment %d's data at offset 0x%x lies beyond its end)",
                            name, i, ph.offset()));
                }
            }
            phdrs.add(ph);
        }
        Symbol[] symbols = readSymbols(data, b, is64, shoff, shentsize, shnum);
        return new ElfImage(elfClass, machine, entry, List.copyOf(phdrs), symbols);
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }

    private static boolean fits(byte[] data, long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= data.length && length <= data.length - offset;
    }

    private static Symbol[] readSymbols(byte[] data, ByteBuffer b, boolean is64, long shoff, int shentsize, int shnum) {
        int minShent = is64 ? 64 : 40;
        if (shnum == 0 || shentsize < minShent || !fits(data, shoff, (long) shentsize * shnum)) {
            return new Symbol[0];
        }
        List<Symbol> out = new ArrayList<>();
        for (int s = 0; s < shnum; s++) {
            int sh = (int) (shoff + (long) s * shentsize);
            if (b.getInt(sh + 4) != SHT_SYMTAB) continue;
            long offset = is64 ? b.getLong(sh + 24) : u32(b, sh + 16);
            long size = is64 ? b.getLong(sh + 32) : u32(b, sh + 20);
            int link = b.getInt(is64 ? sh + 40 : sh + 24);
            int entSize = is64 ? 24 : 16;
            if (!fits(data, offset, size) || link <= 0 || link >= shnum) continue;
            int strSh = (int) (shoff + (long) link * shentsize);
            long strOff = is64 ? b.getLong(strSh + 24) : u32(b, strSh + 16);
            long strSize = is64 ? b.getLong(strSh + 32) : u32(b, strSh + 20);
            if (!fits(data, strOff, strSize)) continue;
            for (long at = offset; at + entSize <= offset + size; at += entSize) {
                int e = (int) at;
                int nameOff = b.getInt(e);
                int info = Byte.toUnsignedInt(data[is64 ? e + 4 : e + 12]);
                int shndx = Short.toUnsignedInt(b.getShort(is64 ? e + 6 : e + 14));
                long value = is64 ? b.getLong(e + 8) : u32(b, e + 4);
                long symSize = is64 ? b.getLong(e + 16) : u32(b, e + 8);
                int type = info & 0xF;
                boolean named = type == STT_FUNC || type == STT_OBJECT || type == 0;
                if (!named || shndx == 0 || nameOff <= 0 || nameOff >= strSize) continue;
                String symName = cString(data, (int) (strOff + nameOff), (int) (strOff + strSize));
                if (!symName.isEmpty()) out.add(new Symbol(symName, value, symSize));
            }
        }
        Symbol[] sorted = out.toArray(new Symbol[0]);
        Arrays.sort(sorted, (x, y) -> Long.compareUnsigned(x.value(), y.value()));
        return sorted;
    }

    private static String cString(byte[] data, int from, int limit) {
        int end = from;
        while (end < limit && data[end] != 0) end++;
        return new String(data, from, end - from, StandardCharsets.UTF_8);
    }

    public boolean is64() {
        return elfClass == ELFCLASS64;
    }

    public int machine() {
        return machine;
    }

    public long entry() {
        return entry;
    }

    public List<ProgramHeader> programHeaders() {
        return programHeaders;
    }

    public List<Symbol> symbols() {
        return List.of(symbols);
    }

    /** "name+0xoff" for the symbol covering {@code address}, or null if none does. */
    public String symbolize(long address) {
        int lo = 0, hi = symbols.length - 1, best = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(symbols[mid].value(), address) <= 0) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (best < 0) return null;
        Symbol s = symbols[best];
        long off = address - s.value();
        if (s.size() != 0 && Long.compareUnsigned(off, s.size()) >= 0) return null;
        return off == 0 ? s.name() : s.name() + "+0x" + Long.toHexString(off);
    }
}

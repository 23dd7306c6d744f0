package dev.multiverse.machine.debug;

import dev.multiverse.machine.BootException;
import dev.multiverse.machine.loader.ElfImage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Names for addresses, from ELF symbol tables and System.map files (one "ADDRESS TYPE NAME" per line), each
 * loaded at an offset (where the file's code really runs minus where it was linked). A name defined again
 * (a file loaded at an offset after the kernel) means its latest definition; an address is named by the nearest symbol at or below it that covers it
 * (symbols of unknown size cover up to the next symbol).
 */
public final class SymbolTable {
    /** One symbol: {@code size} 0 when unknown. */
    public record Symbol(String name, long address, long size) {
    }

    private final List<Symbol> sorted = new ArrayList<>();
    private final Map<String, Symbol> byName = new HashMap<>();

    /** Adds the symbols of an ELF image, moved by {@code offset}. */
    public void addElf(ElfImage elf, long offset) {
        for (ElfImage.Symbol s : elf.symbols()) add(new Symbol(s.name(), s.value() + offset, s.size()));
        sort();
    }

    /**
     * Adds the symbols of {@code file}: an ELF file's symbol table, or a System.map. Returns how many it
     * had; throws IOException with a one-line message when the file cannot be read or is neither.
     */
    public int load(Path file, long offset) throws IOException {
        byte[] data = Files.readAllBytes(file);
        int before = sorted.size();
        if (ElfImage.isElf(data)) {
            try {
                addElf(ElfImage.parse(data, file.toString()), offset);
            } catch (BootException e) {
                throw new IOException(e.getMessage());
            }
            return sorted.size() - before;
        }
        int line = 0;
        for (String text : new String(data, StandardCharsets.UTF_8).split("\\R")) {
            line++;
            if (text.isBlank()) continue;
            String[] f = text.strip().split("\\s+");
            long address;
            try {
                if (f.length != 3 || f[1].length() != 1) throw new NumberFormatException();
                address = Long.parseUnsignedLong(f[0], 16);
            } catch (NumberFormatException e) {
                throw new IOException(file + " is neither ELF nor System.map (line " + line + ": \"" + text.strip() + "\")");
            }
            add(new Symbol(f[2], address + offset, 0));
        }
        sort();
        return sorted.size() - before;
    }

    private void add(Symbol s) {
        sorted.add(s);
        byName.put(s.name(), s);
    }

    private void sort() {
        sorted.sort(Comparator.comparing(Symbol::address, Long::compareUnsigned));
    }

    /** The address of {@code name}, if known. */
    public OptionalLong address(String name) {
        Symbol s = byName.get(name);
        return s == null ? OptionalLong.empty() : OptionalLong.of(s.address());
    }

    /** "name" or "name+0xoff" for {@code address}, or null when no symbol covers it. */
    public String symbolize(long address) {
        int lo = 0, hi = sorted.size() - 1, best = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(sorted.get(mid).address(), address) <= 0) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (best < 0) return null;
        // Among symbols at the same address prefer one with a size (a function over a bare label).
        Symbol s = sorted.get(best);
        for (int i = best; i >= 0 && sorted.get(i).address() == s.address(); i--) {
            if (sorted.get(i).size() != 0) {
                s = sorted.get(i);
                break;
            }
        }
        long off = address - s.address();
        if (s.size() != 0 && Long.compareUnsigned(off, s.size()) >= 0) return null;
        return off == 0 ? s.name() : s.name() + "+0x" + Long.toHexString(off);
    }

    /** Every name, for completion. */
    public java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(byName.keySet());
    }

    public int size() {
        return sorted.size();
    }
}

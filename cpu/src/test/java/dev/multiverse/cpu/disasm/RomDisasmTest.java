package dev.multiverse.cpu.disasm;

import dev.multiverse.cpu.decode.Decoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every instruction of every test ROM, decoded at objdump's boundaries and disassembled, against
 * {@code objdump -d}: same length, same text. ROM layout (test-roms' link script): the code section that
 * holds {@code _start} is 32-bit from {@code _start} on (the Multiboot header before it is data), every
 * other code section is 64-bit.
 */
class RomDisasmTest {
    private static final Pattern SECTION = Pattern.compile("^\\s*\\d+\\s+(\\S+)\\s+([0-9a-f]+)\\s+([0-9a-f]+)\\s.*");
    private static final Pattern START = Pattern.compile("(?m)^([0-9a-f]+) [Tt] _start$");

    @TempDir
    Path scratch;

    private record CodeRange(long start, long end, int codeSize) {
        String arch() {
            return codeSize == Decoder.CODE64 ? "i386:x86-64" : "i386";
        }
    }

    @Test
    void everyRomInstructionMatchesObjdump() throws IOException {
        List<String> roms = romNames();
        assertFalse(roms.isEmpty(), "no ROMs in roms/index.txt");
        Map<Reference.Verdict, Map<String, List<String>>> problems = new EnumMap<>(Reference.Verdict.class);
        int compared = 0, mismatched = 0;
        StringBuilder perRom = new StringBuilder();
        for (String rom : roms) {
            Path elf = Objdump.write(scratch, rom + ".elf", resource("roms/" + rom + ".elf"));
            int count = 0;
            for (CodeRange range : codeRanges(elf)) {
                List<Objdump.Line> lines = Objdump.disassemble(elf, scratch, "-m", range.arch(),
                        "--start-address=0x" + Long.toHexString(range.start()),
                        "--stop-address=0x" + Long.toHexString(range.end()));
                for (Reference ref : Reference.decodeAll(lines, range.codeSize())) {
                    count++;
                    Reference.Verdict v = ref.verdict();
                    if (v != Reference.Verdict.MATCH) {
                        mismatched++;
                        problems.computeIfAbsent(v, k -> new TreeMap<>())
                                .computeIfAbsent(ref.mnemonic(), k -> new ArrayList<>())
                                .add(rom + " " + ref.describe());
                    }
                }
            }
            perRom.append(String.format("  %-10s %6d instructions%n", rom, count));
            compared += count;
        }
        String summary = String.format("objdump comparison: %d instructions in %d ROMs, %d differ%n%s",
                compared, roms.size(), mismatched, perRom);
        System.out.print(summary);
        if (mismatched > 0) {
            fail(summary + report(problems));
        }
    }

    private static String report(Map<Reference.Verdict, Map<String, List<String>>> problems) {
        Map<Reference.Verdict, String> titles = new LinkedHashMap<>();
        titles.put(Reference.Verdict.NOT_DECODED, "not decoded (no opcode row yet: the CPU does not implement them)");
        titles.put(Reference.Verdict.LENGTH, "length differs from objdump");
        titles.put(Reference.Verdict.TEXT, "text differs from objdump");
        StringBuilder sb = new StringBuilder();
        titles.forEach((verdict, title) -> {
            Map<String, List<String>> byMnemonic = problems.get(verdict);
            if (byMnemonic == null) return;
            sb.append(title).append(":\n");
            byMnemonic.forEach((mnemonic, cases) -> {
                sb.append(String.format("  %-24s x%-5d e.g. %s%n", mnemonic, cases.size(), cases.getFirst()));
            });
        });
        return sb.toString();
    }

    private static List<String> romNames() throws IOException {
        return new String(resource("roms/index.txt"), StandardCharsets.UTF_8).lines()
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = RomDisasmTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing classpath resource " + name);
            return in.readAllBytes();
        }
    }

    /** Code sections from {@code objdump -h}, split into 32-bit entry code and 64-bit code. */
    private static List<CodeRange> codeRanges(Path elf) throws IOException {
        Matcher start = START.matcher(Objdump.run("nm", elf.toString()));
        if (!start.find()) throw new IOException(elf + " has no _start symbol");
        long entry = Long.parseLong(start.group(1), 16);
        List<CodeRange> ranges = new ArrayList<>();
        String[] lines = Objdump.run("objdump", "-h", elf.toString()).split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            Matcher m = SECTION.matcher(lines[i]);
            if (m.matches() && lines[i + 1].contains("CODE")) {
                long vma = Long.parseLong(m.group(3), 16);
                long end = vma + Long.parseLong(m.group(2), 16);
                if (entry >= vma && entry < end) {
                    ranges.add(new CodeRange(entry, end, Decoder.CODE32));
                } else {
                    ranges.add(new CodeRange(vma, end, Decoder.CODE64));
                }
            }
        }
        return ranges;
    }
}

package dev.multiverse.cpu.disasm;

import org.junit.jupiter.api.DynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Assembles a snippet of source with {@code as}, disassembles it with {@code objdump}, and makes one test per
 * instruction that our decoder and disassembler must print as objdump does (skipped when no opcode row
 * decodes it yet). Snippet classes per instruction family call this.
 */
final class Snippets {
    private Snippets() {
    }

    static Stream<DynamicTest> compare(Path scratch, String label, String directive, String source, int codeSize, String asFlag,
                                        String... objdumpOptions) throws IOException {
        Path asm = Objdump.write(scratch, label + ".s", (directive + "\n" + source).getBytes(StandardCharsets.UTF_8));
        Path object = scratch.resolve(label + ".o");
        Objdump.run("as", asFlag, "-o", object.toString(), asm.toString());
        List<Objdump.Line> lines = Objdump.disassemble(object, scratch, objdumpOptions);
        List<DynamicTest> tests = new ArrayList<>();
        for (Reference ref : Reference.decodeAll(lines, codeSize)) {
            String name = label + "-bit: " + ref.expected() + "  [" + ref.line().hex() + "]";
            tests.add(DynamicTest.dynamicTest(name, () -> {
                if (ref.verdict() == Reference.Verdict.NOT_DECODED) {
                    abort("no opcode row yet for " + ref.line().hex());
                }
                assertEquals(ref.line().bytes().length, ref.insn().length, () -> "length of " + ref.describe());
                assertEquals(ref.expected(), Objdump.normalize(ref.ours()), () -> ref.describe());
            }));
        }
        return tests.stream();
    }
}

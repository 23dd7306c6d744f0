package dev.multiverse.cpu.disasm;

import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.insn.Insn;

import java.util.List;

/** One instruction of an objdump listing decoded by us at objdump's address, and how the two compare. */
record Reference(Objdump.Line line, Insn insn, String ours) {
    enum Verdict { MATCH, NOT_DECODED, LENGTH, TEXT }

    /** Decodes every line of a contiguous listing at its own address. */
    static List<Reference> decodeAll(List<Objdump.Line> lines, int codeSize) {
        byte[] code = Objdump.code(lines);
        long start = lines.isEmpty() ? 0 : lines.getFirst().address();
        return lines.stream().map(line -> {
            int offset = (int) (line.address() - start);
            // Past the end of the listing reads as zeros, as past the end of a section would.
            Insn insn = Decoder.decode(i -> offset + i < code.length ? code[offset + i] : 0, codeSize);
            return new Reference(line, insn, Disassembler.format(insn, line.address()));
        }).toList();
    }

    Verdict verdict() {
        if (insn.row.mnemonic().equals("(bad)") && !expected().equals("(bad)")) return Verdict.NOT_DECODED;
        if (insn.length != line.bytes().length) return Verdict.LENGTH;
        return Objdump.normalize(ours).equals(expected()) ? Verdict.MATCH : Verdict.TEXT;
    }

    String expected() {
        return Objdump.normalize(line.text());
    }

    /** objdump's mnemonic with its prefix words: the text before the first operand. */
    String mnemonic() {
        StringBuilder sb = new StringBuilder();
        for (String word : expected().split(" ")) {
            if (!word.matches("[a-z][a-z0-9_.,]*|\\(bad\\)")) break;
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(word);
        }
        return sb.toString();
    }

    String describe() {
        return String.format("0x%x: %s  objdump \"%s\"  ours \"%s\"%s", line.address(), line.hex(), expected(),
                Objdump.normalize(ours), insn.length != line.bytes().length ? " (length " + insn.length + ")" : "");
    }
}

package dev.multiverse.cpu.disasm;

import dev.multiverse.cpu.insn.Insn;

import java.util.List;

/**
 * Renders decoded instructions as text, in the AT&T syntax of GNU {@code objdump -d} (the text after its
 * bytes column): prefix words, mnemonic with objdump's size suffixes, operands source first, branch
 * targets as absolute addresses, and the {@code # address} comment of RIP-relative operands. objdump is
 * the reference the tests hold this to, down to its quirks ({@code data16 cs nopw}, {@code %riz}).
 */
public final class Disassembler {
    /** objdump pads the prefixes and mnemonic to this width before the operands. */
    private static final int MNEMONIC_WIDTH = 6;

    private Disassembler() {
    }

    /** The instruction at {@code rip} as objdump would print it (branch targets absolute). */
    public static String format(Insn insn, long rip) {
        if (insn.row.mnemonic().equals("(bad)")) {
            return "(bad)";
        }
        Rendering r = new Rendering(insn, rip);
        if (r.memoryOperandInRegisterForm()) {
            return "(bad)";
        }
        List<String> operands = Operands.of(r);
        String mnemonic = Mnemonics.of(r);
        StringBuilder line = new StringBuilder(PrefixNames.of(r)).append(mnemonic);
        if (!operands.isEmpty()) {
            while (line.length() < MNEMONIC_WIDTH) {
                line.append(' ');
            }
            line.append(' ').append(String.join(",", operands));
        }
        if (r.comment() != null) {
            line.append("        # ").append(r.comment());
        }
        return line.toString();
    }
}

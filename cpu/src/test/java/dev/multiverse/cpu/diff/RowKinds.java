package dev.multiverse.cpu.diff;

import dev.multiverse.cpu.insn.OperandKind;
import dev.multiverse.cpu.insn.Row;

import java.util.Set;

/** Which part of the register state a row works on, for case generation and comparison. */
final class RowKinds {
    /** Instructions that save or restore the x87 and SSE state as a memory image. */
    static final Set<String> STATE_IMAGES = Set.of("fxsave", "fxrstor", "xsave", "xrstor", "xsaveopt");

    private RowKinds() {
    }

    /**
     * An x87, MMX or SSE row, one with an XMM or MMX operand, or a state save/restore: its cases carry an
     * {@link FxsaveImage}.
     */
    static boolean usesFpu(Row row) {
        if (row.has(Row.SSE | Row.MMX | Row.X87) || STATE_IMAGES.contains(row.mnemonic())) return true;
        for (OperandKind k : row.operands()) {
            if (k.simd()) return true;
        }
        return false;
    }

    /** A row that reads or writes MMX registers: the x87 registers are reported by their MMX names. */
    static boolean usesMmx(Row row) {
        if (row.has(Row.MMX)) return true;
        for (OperandKind k : row.operands()) {
            if (k.source == OperandKind.Source.MMX_REG || k.source == OperandKind.Source.MMX_RM) return true;
        }
        return false;
    }
}

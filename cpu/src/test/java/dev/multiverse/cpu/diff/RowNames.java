package dev.multiverse.cpu.diff;

import dev.multiverse.cpu.insn.OperandKind;
import dev.multiverse.cpu.insn.Row;

import java.util.stream.Collectors;

/** Human-readable names of rows for reports: mnemonic and operand kinds, with the opcode. */
final class RowNames {
    private RowNames() {
    }

    static String form(Row row) {
        String ops = row.operands().stream().map(OperandKind::name).collect(Collectors.joining(","));
        return ops.isEmpty() ? row.mnemonic() : row.mnemonic() + " " + ops;
    }

    static String opcode(Row row) {
        String map = switch (row.map()) {
            case 1 -> "0f ";
            case 2 -> "0f 38 ";
            case 3 -> "0f 3a ";
            default -> "";
        };
        String prefix = row.prefix() != 0 ? String.format("%02x ", row.prefix()) : "";
        String ext = row.modrm() >= 0 ? String.format(" %02x", row.modrm()) : row.ext() >= 0 ? " /" + row.ext() : "";
        return prefix + map + String.format("%02x", row.opcode()) + ext;
    }
}

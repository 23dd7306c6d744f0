package dev.multiverse.cpu.diff;

import dev.multiverse.cpu.insn.Row;

import java.util.HexFormat;
import java.util.List;

/**
 * One differential case: an instruction encoding of a table row and the state it starts from.
 *
 * @param id             position in the generated list (stable for a given table)
 * @param row            the opcode-table row the encoding is meant to select
 * @param code           the instruction bytes, placed at {@link DiffLayout#INSN}
 * @param gpr            initial RAX..R15 in encoding order
 * @param rflags         initial RFLAGS: random status flags and DF, with IF and bit 1 set as at user level
 * @param fpu            initial x87/MMX/SSE state as an {@link FxsaveImage}, or null for rows that use none
 * @param patches        bytes written over the initial data-area contents for this case
 * @param undefinedFlags RFLAGS bits the SDM calls undefined for this instruction and these inputs
 */
record DiffCase(int id, Row row, byte[] code, long[] gpr, long rflags, byte[] fpu, List<Patch> patches, long undefinedFlags) {
    record Patch(long address, byte[] bytes) {
    }

    /** Row name used to group results: mnemonic and operand kinds, e.g. {@code shl Ev,CL}. */
    String form() {
        return RowNames.form(row);
    }

    String hex() {
        return HexFormat.ofDelimiter(" ").formatHex(code);
    }
}

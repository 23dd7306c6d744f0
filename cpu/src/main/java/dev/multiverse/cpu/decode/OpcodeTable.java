package dev.multiverse.cpu.decode;

import dev.multiverse.cpu.decode.rows.AluRows;
import dev.multiverse.cpu.decode.rows.BitRows;
import dev.multiverse.cpu.decode.rows.ControlRows;
import dev.multiverse.cpu.decode.rows.DataRows;
import dev.multiverse.cpu.decode.rows.ExtendedStateRows;
import dev.multiverse.cpu.decode.rows.LegacyRows;
import dev.multiverse.cpu.decode.rows.MiscRows;
import dev.multiverse.cpu.decode.rows.MulDivRows;
import dev.multiverse.cpu.decode.rows.ShiftRows;
import dev.multiverse.cpu.decode.rows.SimdIntegerRows;
import dev.multiverse.cpu.decode.rows.SimdMoveRows;
import dev.multiverse.cpu.decode.rows.SseFloatRows;
import dev.multiverse.cpu.decode.rows.StackRows;
import dev.multiverse.cpu.decode.rows.StringRows;
import dev.multiverse.cpu.decode.rows.SystemRows;
import dev.multiverse.cpu.decode.rows.X87Rows;
import dev.multiverse.cpu.insn.Row;

import java.util.ArrayList;
import java.util.List;

/**
 * The opcode table: every instruction form the CPU knows, one {@link Row} each. Families contribute their
 * rows from {@code decode.rows}; the decoder, disassembler, interpreter and test generators all read this.
 */
public final class OpcodeTable {
    private static final List<Row>[][] SLOTS = build();

    private OpcodeTable() {
    }

    private static List<Row>[][] build() {
        TableBuilder t = new TableBuilder();
        AluRows.register(t);
        DataRows.register(t);
        ControlRows.register(t);
        SystemRows.register(t);
        MulDivRows.register(t);
        ShiftRows.register(t);
        BitRows.register(t);
        StringRows.register(t);
        StackRows.register(t);
        MiscRows.register(t);
        LegacyRows.register(t);
        SimdMoveRows.register(t);
        ExtendedStateRows.register(t);
        SimdIntegerRows.register(t);
        SseFloatRows.register(t);
        X87Rows.register(t);
        return t.slots;
    }

    /** The candidate rows for one opcode byte of a map, most specific first; empty if none. */
    public static List<Row> candidates(int map, int opcode) {
        List<Row> rows = SLOTS[map][opcode & 0xff];
        return rows == null ? List.of() : rows;
    }

    /** Every distinct row (for generators and documentation). */
    public static List<Row> allRows() {
        List<Row> all = new ArrayList<>();
        for (List<Row>[] map : SLOTS) {
            for (List<Row> rows : map) {
                if (rows != null) {
                    for (Row r : rows) {
                        if (!all.contains(r)) all.add(r);
                    }
                }
            }
        }
        return all;
    }
}

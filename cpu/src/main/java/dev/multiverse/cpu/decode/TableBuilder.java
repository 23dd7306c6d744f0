package dev.multiverse.cpu.decode;

import dev.multiverse.cpu.exec.SimdAvailability;
import dev.multiverse.cpu.insn.OperandKind;
import dev.multiverse.cpu.insn.Row;
import dev.multiverse.cpu.insn.Semantic;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects opcode rows. An opcode is written as one byte (0x00-0xFF), 0x0Fxx for the two-byte map, or
 * 0x0F38xx / 0x0F3Axx for the three-byte maps. Operands are a comma-separated list of
 * {@link OperandKind} names, destination first.
 */
public final class TableBuilder {
    /** Condition-code suffixes in encoding order, as objdump spells them. */
    public static final String[] CONDITIONS = {"o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"};

    @SuppressWarnings("unchecked")
    final List<Row>[][] slots = new List[4][256];

    private static int map(int opcode) {
        if (opcode <= 0xff) return 0;
        if (opcode <= 0xffff) return 1;
        return (opcode >> 8) == 0x0f38 ? 2 : 3;
    }

    private static List<OperandKind> parse(String operands) {
        List<OperandKind> kinds = new ArrayList<>();
        if (!operands.isEmpty()) {
            for (String name : operands.split(",")) {
                kinds.add(OperandKind.valueOf(name.trim()));
            }
        }
        return List.copyOf(kinds);
    }

    private void put(int slotOpcode, Row row) {
        List<Row> list = slots[row.map()][slotOpcode & 0xff];
        if (list == null) {
            list = new ArrayList<>();
            slots[row.map()][slotOpcode & 0xff] = list;
        }
        for (Row other : list) {
            if (other.ext() == row.ext() && other.modrm() == row.modrm() && other.prefix() == row.prefix()
                    && (other.flags() & (Row.NO64 | Row.ONLY64 | Row.REGONLY | Row.MEMONLY))
                    == (row.flags() & (Row.NO64 | Row.ONLY64 | Row.REGONLY | Row.MEMONLY))) {
                throw new IllegalStateException("duplicate opcode row: " + row + " vs " + other);
            }
        }
        // More specific rows first: exact ModRM, then mandatory prefix, then group extension.
        int rank = rank(row);
        int at = 0;
        while (at < list.size() && rank(list.get(at)) >= rank) at++;
        list.add(at, row);
    }

    private static int rank(Row r) {
        return (r.modrm() >= 0 ? 4 : 0) + (r.prefix() != 0 ? 2 : 0) + (r.ext() >= 0 ? 1 : 0);
    }

    public void add(int prefix, int opcode, int ext, int modrm, String mnemonic, String operands, Semantic s, int flags) {
        if ((flags & Row.LOCK) != 0) {
            flags |= Row.RMW;
        }
        Row row = new Row(map(opcode), opcode & 0xff, ext, modrm, prefix, mnemonic, parse(operands),
                SimdAvailability.guard(s, flags), flags);
        put(opcode, row);
    }

    public void op(int opcode, String mnemonic, String operands, Semantic s, int flags) {
        add(0, opcode, -1, -1, mnemonic, operands, s, flags);
    }

    public void op(int opcode, String mnemonic, String operands, Semantic s) {
        op(opcode, mnemonic, operands, s, 0);
    }

    /** A group opcode: ModRM.reg selects the row. */
    public void grp(int opcode, int ext, String mnemonic, String operands, Semantic s, int flags) {
        add(0, opcode, ext, -1, mnemonic, operands, s, flags);
    }

    /** An opcode that needs one exact ModRM byte (e.g. 0F 01 F8 = SWAPGS). */
    public void exact(int opcode, int modrm, String mnemonic, String operands, Semantic s, int flags) {
        add(0, opcode, (modrm >> 3) & 7, modrm, mnemonic, operands, s, flags | Row.REGONLY);
    }

    /** A form selected by a mandatory prefix (0x66, 0xF3, 0xF2). */
    public void prefixed(int prefix, int opcode, String mnemonic, String operands, Semantic s, int flags) {
        add(prefix, opcode, -1, -1, mnemonic, operands, s, flags);
    }

    /** An opcode with the register in its low three bits: one row serving opcode..opcode+7. */
    public void opReg(int opcode, String mnemonic, String operands, Semantic s, int flags) {
        if ((flags & Row.LOCK) != 0) {
            flags |= Row.RMW;
        }
        Row row = new Row(map(opcode), opcode & 0xff, -1, -1, 0, mnemonic, parse(operands), s, flags);
        for (int r = 0; r < 8; r++) {
            put(opcode + r, row);
        }
    }

    /** Sixteen condition-code forms (Jcc, SETcc, CMOVcc): {@code prefix} + condition is the mnemonic. */
    public void opCc(int opcode, String prefix, String operands, Semantic s, int flags) {
        for (int cc = 0; cc < 16; cc++) {
            op(opcode + cc, prefix + CONDITIONS[cc], operands, s, flags);
        }
    }
}

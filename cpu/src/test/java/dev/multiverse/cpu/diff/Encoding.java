package dev.multiverse.cpu.diff;

import dev.multiverse.cpu.insn.Row;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of one 64-bit-mode instruction, assembled from a row and the chosen forms: legacy prefixes,
 * the mandatory prefix, REX, the opcode (with a register in its low bits for +r rows), ModRM, SIB,
 * displacement and immediates.
 */
final class Encoding {
    final Row row;
    /** Legacy prefixes in emission order (the mandatory prefix comes after them). */
    final List<Integer> prefixes = new ArrayList<>();
    boolean rex;
    boolean rexW, rexR, rexX, rexB;
    /** Register in the opcode's low three bits for +r rows, or -1. */
    int opcodeRegister = -1;
    /** ModRM fields, or modrm < 0 when the row has none. */
    int mod = -1, reg, rm;
    MemoryForm memory;
    long disp;
    private final List<long[]> immediates = new ArrayList<>();

    Encoding(Row row) {
        this.row = row;
    }

    /** Adds an immediate of {@code bytes} bytes (value set later); returns its index. */
    int immediate(int bytes) {
        immediates.add(new long[]{bytes, 0});
        return immediates.size() - 1;
    }

    void setImmediate(int index, long value) {
        immediates.get(index)[1] = value;
    }

    long immediateValue(int index) {
        return immediates.get(index)[1];
    }

    boolean hasModrm() {
        return mod >= 0;
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int p : prefixes) out.write(p);
        if (row.prefix() != 0) out.write(row.prefix());
        if (rex) out.write(0x40 | (rexW ? 8 : 0) | (rexR ? 4 : 0) | (rexX ? 2 : 0) | (rexB ? 1 : 0));
        switch (row.map()) {
            case 1 -> out.write(0x0f);
            case 2 -> { out.write(0x0f); out.write(0x38); }
            case 3 -> { out.write(0x0f); out.write(0x3a); }
            default -> { }
        }
        out.write(row.opcode() | (opcodeRegister >= 0 ? opcodeRegister & 7 : 0));
        if (hasModrm()) {
            out.write(mod << 6 | (reg & 7) << 3 | (rm & 7));
            if (memory != null && memory.sib()) out.write(memory.sibByte());
            int dispSize = memory == null ? 0 : memory.base() == MemoryForm.RIP || memory.base() == MemoryForm.NONE ? 4 : memory.dispSize();
            writeLittleEndian(out, disp, dispSize);
        }
        for (long[] imm : immediates) writeLittleEndian(out, imm[1], (int) imm[0]);
        return out.toByteArray();
    }

    /** Instruction length: fixed by the forms, whatever the displacement and immediate values. */
    int length() {
        return bytes().length;
    }

    private static void writeLittleEndian(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = 0; i < bytes; i++) out.write((int) (v >>> (8 * i)) & 0xff);
    }
}

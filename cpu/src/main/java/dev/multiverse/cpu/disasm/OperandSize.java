package dev.multiverse.cpu.disasm;

import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.insn.OperandKind;
import dev.multiverse.cpu.insn.Row;

/**
 * Whether the operand-size prefix (66) and REX.W select an instruction's operand size, as objdump
 * judges it: a size prefix that changes nothing is printed by name ({@code data16}, {@code rex.W}), and
 * the mnemonic suffix of stack and branch instructions appears only when the size differs from the
 * mode's default ({@code pushw}, {@code retw}, {@code iretq}).
 */
final class OperandSize {
    private OperandSize() {
    }

    /** The operand size the instruction has without 66 or REX.W. */
    static int defaultSize(Insn insn) {
        return switch (insn.codeSize) {
            case Decoder.CODE64 -> insn.row.has(Row.DEF64) || insn.row.has(Row.FORCE64) ? 8 : 4;
            case Decoder.CODE32 -> 4;
            default -> 2;
        };
    }

    /** The operand size objdump names in a suffix: REX.W and 66 count only where they select the size. */
    static int effectiveSize(Insn insn) {
        if (rexWUsed(insn)) return 8;
        if (insn.has(Insn.OPSIZE) && sensitiveTo66(insn)) return insn.codeSize == Decoder.CODE16 ? 4 : 2;
        return defaultSize(insn);
    }

    /** True if a 66 byte is consumed: a mandatory prefix, or it selects the operand size. */
    static boolean prefix66Used(Insn insn) {
        return insn.row.prefix() == 0x66 || (insn.has(Insn.OPSIZE) && sensitiveTo66(insn));
    }

    private static boolean sensitiveTo66(Insn insn) {
        Row r = insn.row;
        if (insn.codeSize == Decoder.CODE64 && r.has(Row.FORCE64)) return false;
        if (r.has(Row.NO66) || insn.has(Insn.REXW)) return false;    // REX.W wins over 66, used or not
        if (Opcodes.sizedOnlyAsRegister(insn)) return !insn.hasMemoryOperand();
        if (Opcodes.isDescriptorTable(insn)) return insn.codeSize != Decoder.CODE64;
        if (Opcodes.isX87Environment(insn)) return true;
        if (Opcodes.is(insn, 0, 0x90) && r.prefix() == 0) return true;     // XCHG rAX forms, NOP as xchg %ax,%ax
        for (OperandKind k : r.operands()) {
            if (k != OperandKind.M && (k.size == 'v' || k.size == 'z' || k.size == 's' || k.size == 'p')) return true;
        }
        if (Opcodes.isSegmentPushPop(insn)) return true;
        return r.map() == 0 && switch (r.opcode()) {
            case 0x60, 0x61, 0x98, 0x99, 0x9c, 0x9d,
                 0xa5, 0xa7, 0xab, 0xad, 0xaf, 0x6d, 0x6f,                  // string instructions on words
                 0xc2, 0xc3, 0xc8, 0xc9, 0xca, 0xcb, 0xcf -> true;
            default -> false;
        };
    }

    /** True if REX.W is present and selects a 64-bit operand size (rather than being redundant). */
    static boolean rexWUsed(Insn insn) {
        if (!insn.has(Insn.REXW)) return false;
        Row r = insn.row;
        if (insn.codeSize == Decoder.CODE64 && (r.has(Row.DEF64) || r.has(Row.FORCE64))) return false;
        if (Opcodes.isPlainNop(insn) || Opcodes.isFarIndirect(insn)) return false;
        if (Opcodes.sizedOnlyAsRegister(insn)) return !insn.hasMemoryOperand();
        if (r.map() == 0) {
            switch (r.opcode()) {
                case 0x9a, 0xea, 0x6d, 0x6f -> {
                    return false;
                }
                case 0x98, 0x99, 0xa5, 0xa7, 0xab, 0xad, 0xaf, 0xca, 0xcb, 0xcf -> {
                    return true;
                }
                default -> {
                }
            }
        }
        if (r.map() == 1 && (r.opcode() == 0x07 || r.opcode() == 0x35 || (r.opcode() == 0xc7 && r.ext() == 1))) {
            return true;        // SYSRET, SYSEXIT, CMPXCHG16B
        }
        if (Opcodes.savesStateWithWidePointers(insn)) return true;   // FXSAVE64, XSAVE64...
        if (Opcodes.isExplicitLengthStringCompare(insn)) return true;
        for (OperandKind k : r.operands()) {
            if (k != OperandKind.M && (k.size == 'v' || k.size == 's' || k.size == 'y')) return true;
        }
        return false;
    }

    /** The AT&T suffix letter for an operand size. */
    static char letter(int size) {
        return switch (size) {
            case 1 -> 'b';
            case 2 -> 'w';
            case 4 -> 'l';
            default -> 'q';
        };
    }
}

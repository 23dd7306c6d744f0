package dev.multiverse.cpu.disasm;

import dev.multiverse.cpu.decode.TableBuilder;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.insn.OperandKind;
import dev.multiverse.cpu.insn.Row;

import java.util.List;

/**
 * AT&T mnemonics as objdump prints them. Rows carry Intel names; most are the same in AT&T, and the rest
 * are chosen here by opcode ({@code movzbl}, {@code cltq}, {@code jrcxz}, {@code movabs}, {@code lret}...).
 * Size suffixes follow objdump's three habits: an instruction whose only sized operand is in memory gets
 * one ({@code movl $0x1,(%rax)}); stack and branch instructions get one only when a prefix changes their
 * default size ({@code pushw}, {@code retw}); and a few always do ({@code movsb}, {@code movzwl}).
 */
final class Mnemonics {
    private static final String[] SHIFTS = {"rol", "ror", "rcl", "rcr", "shl", "shr", "shl", "sar"};
    private static final String[] COMPARE_PREDICATES = {"eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord"};
    private static final String[] CONDITIONS = TableBuilder.CONDITIONS;

    private Mnemonics() {
    }

    static String of(Rendering r) {
        Row row = r.insn.row;
        String name = switch (row.map()) {
            case 0 -> oneByte(r);
            case 1 -> twoByte(r);
            // CRC32 names its source size when the source is in memory: crc32w (%rax),%eax.
            default -> Opcodes.isCrc32(r.insn) && r.insn.hasMemoryOperand() ? "crc32" + OperandSize.letter(r.insn.size1)
                    : Opcodes.isExplicitLengthStringCompare(r.insn) && OperandSize.rexWUsed(r.insn) ? row.mnemonic() + "q"
                    // PEXTRD and PINSRD with REX.W move a quadword and are spelled PEXTRQ, PINSRQ.
                    : Opcodes.isDwordElementMove(r.insn) && OperandSize.rexWUsed(r.insn) ? row.mnemonic().replaceFirst("d$", "q")
                    : null;
        };
        return name != null ? name : row.mnemonic() + memorySuffix(r.insn);
    }

    private static String oneByte(Rendering r) {
        Insn insn = r.insn;
        Row row = insn.row;
        int op = row.opcode();
        if (op >= 0x70 && op <= 0x7f) return "j" + CONDITIONS[op & 15] + hint(r);
        if (op >= 0xb8 && op <= 0xbf && insn.opSize == 8) return "movabs";
        return switch (op) {
            case 0x06, 0x0e, 0x16, 0x1e, 0x68, 0x6a -> "push" + sizeSuffix(insn);
            case 0x07, 0x17, 0x1f, 0x8f -> "pop" + sizeSuffix(insn);
            case 0x60 -> "pusha" + sizeSuffix(insn);
            case 0x61 -> "popa" + sizeSuffix(insn);
            case 0x9c -> "pushf" + sizeSuffix(insn);
            case 0x9d -> "popf" + sizeSuffix(insn);
            case 0x63 -> Opcodes.isMovsxd(insn) ? (OperandSize.rexWUsed(insn) ? "movslq" : "movsxd") : null;
            case 0x6c, 0x6d -> "ins" + stringSuffix(insn, Math.min(insn.opSize, 4));
            case 0x6e, 0x6f -> "outs" + stringSuffix(insn, Math.min(insn.opSize, 4));
            case 0xa4, 0xa5 -> "movs" + stringSuffix(insn, insn.opSize);
            case 0xa6, 0xa7 -> "cmps" + stringSuffix(insn, insn.opSize);
            case 0xaa, 0xab -> "stos";
            case 0xac, 0xad -> "lods";
            case 0xae, 0xaf -> "scas";
            case 0x8c, 0x8d, 0x8e -> row.mnemonic();
            case 0x90 -> row.prefix() != 0 ? row.mnemonic() : Opcodes.isPlainNop(insn) ? "nop" : "xchg";
            case 0x98 -> switch (insn.opSize) {
                case 2 -> "cbtw";
                case 4 -> "cwtl";
                default -> "cltq";
            };
            case 0x99 -> switch (insn.opSize) {
                case 2 -> "cwtd";
                case 4 -> "cltd";
                default -> "cqto";
            };
            case 0x9a -> "lcall" + sizeSuffix(insn);
            case 0xea -> "ljmp" + sizeSuffix(insn);
            case 0x9b -> "fwait";
            // FNSTENV and friends name the image size a 66 prefix selects: fnstenvs, or fnstenvl in 16-bit code.
            case 0xd9, 0xdd -> Opcodes.isX87Environment(insn) && insn.has(Insn.OPSIZE)
                    ? row.mnemonic() + (insn.opSize == 2 ? 's' : 'l') : null;
            case 0xa0, 0xa1, 0xa2, 0xa3 -> r.long64 && insn.addrSize == 8 ? "movabs" : "mov";
            case 0xc0, 0xc1, 0xd0, 0xd1, 0xd2, 0xd3 -> SHIFTS[row.ext() & 7] + memorySuffix(insn);
            case 0xc2, 0xc3 -> "ret" + sizeSuffix(insn);
            case 0xca, 0xcb -> "lret" + sizeSuffix(insn);
            case 0xcf -> "iret" + sizeSuffix(insn);
            case 0xc8 -> "enter" + sizeSuffix(insn);
            case 0xc9 -> "leave" + sizeSuffix(insn);
            case 0xcc -> "int3";
            case 0xcd -> "int";
            case 0xce -> "into";
            case 0xf1 -> "int1";
            case 0xd7 -> "xlat";
            case 0xe0 -> "loopne" + loopSuffix(r) + hint(r);
            case 0xe1 -> "loope" + loopSuffix(r) + hint(r);
            case 0xe2 -> "loop" + loopSuffix(r) + hint(r);
            case 0xe3 -> {
                r.useAddressSize();
                String name = switch (insn.addrSize) {
                    case 2 -> "jcxz";
                    case 4 -> "jecxz";
                    default -> "jrcxz";
                };
                yield name + hint(r);
            }
            case 0xe8 -> "call" + sizeSuffix(insn);
            case 0xe9 -> "jmp" + sizeSuffix(insn);
            case 0xeb -> "jmp";
            case 0xff -> switch (row.ext()) {
                case 2 -> "call" + sizeSuffix(insn);
                case 3 -> "lcall" + sizeSuffix(insn);
                case 4 -> "jmp" + sizeSuffix(insn);
                case 5 -> "ljmp" + sizeSuffix(insn);
                case 6 -> "push" + sizeSuffix(insn);
                default -> null;
            };
            default -> null;
        };
    }

    private static String twoByte(Rendering r) {
        Insn insn = r.insn;
        Row row = insn.row;
        int op = row.opcode();
        if (op >= 0x40 && op <= 0x4f) return "cmov" + CONDITIONS[op & 15];
        if (op >= 0x80 && op <= 0x8f) return "j" + CONDITIONS[op & 15] + hint(r);
        if (op >= 0x90 && op <= 0x9f) return "set" + CONDITIONS[op & 15];
        return switch (op) {
            case 0x00 -> row.mnemonic();
            // SGDT/SIDT/LGDT/LIDT name their operand size outside 64-bit code, where it selects a 24- or 32-bit base.
            case 0x01 -> Opcodes.isDescriptorTable(insn) && !r.long64
                    ? row.mnemonic() + OperandSize.letter(insn.opSize) : row.mnemonic();
            // SYSRET/SYSEXIT name their return mode in 64-bit code: l (compatibility) or q with REX.W.
            case 0x07 -> r.long64 ? "sysret" + (OperandSize.rexWUsed(insn) ? 'q' : 'l') : "sysret";
            case 0x35 -> r.long64 ? "sysexit" + (OperandSize.rexWUsed(insn) ? 'q' : 'l') : "sysexit";
            case 0xa0, 0xa8 -> "push" + sizeSuffix(insn);
            case 0xa1, 0xa9 -> "pop" + sizeSuffix(insn);
            case 0xb6, 0xb7 -> "movz" + OperandSize.letter(insn.size1) + OperandSize.letter(insn.size0);
            case 0xbe, 0xbf -> "movs" + OperandSize.letter(insn.size1) + OperandSize.letter(insn.size0);
            case 0xc7 -> row.ext() == 1 ? (OperandSize.rexWUsed(insn) ? "cmpxchg16b" : "cmpxchg8b") : null;
            // FXSAVE64, XSAVE64...: REX.W selects the image with 64-bit instruction and data pointers.
            case 0xae -> Opcodes.savesStateWithWidePointers(insn) && insn.has(Insn.REXW) ? row.mnemonic() + "64" : null;
            // MOVD with REX.W moves 64 bits and is spelled MOVQ.
            case 0x6e, 0x7e -> row.mnemonic().equals("movd") && OperandSize.rexWUsed(insn) ? "movq" : null;
            // cmpps $1 -> cmpltps; cvtsi2ss/sd from memory name its size in 64-bit code (cvtsi2sdl, cvtsi2sdq).
            case 0xc2 -> Opcodes.namesComparePredicate(insn)
                    ? "cmp" + COMPARE_PREDICATES[(int) insn.imm & 7] + row.mnemonic().substring(3) : null;
            case 0x2a -> r.long64 && insn.loc1 == Insn.MEM && row.mnemonic().startsWith("cvtsi2")
                    ? row.mnemonic() + OperandSize.letter(insn.size1) : null;
            default -> null;
        };
    }

    /**
     * objdump's suffix for instructions whose size is otherwise implicit in a memory operand: present only
     * when no register operand shows the size.
     */
    private static String memorySuffix(Insn insn) {
        List<OperandKind> kinds = insn.row.operands();
        int memorySize = 0;
        for (int n = 0; n < Math.min(kinds.size(), 3); n++) {
            OperandKind k = kinds.get(n);
            switch (k.source) {
                case REG, OPREG, SREG, CREG, DREG, RM_REG -> {
                    return "";
                }
                case FIXED -> {
                    if (k != OperandKind.CL && k != OperandKind.DX) return "";
                }
                case RM -> {
                    if (insn.loc(n) != Insn.MEM) return "";
                    if (k.size == 'b' || k.size == 'v') memorySize = insn.size(n);
                }
                default -> {
                }
            }
        }
        return memorySize == 0 ? "" : String.valueOf(OperandSize.letter(memorySize));
    }

    /**
     * objdump's suffix for stack, branch and far-transfer instructions: the size letter when a prefix makes
     * it differ from the mode's default, unless a general register operand shows it.
     */
    private static String sizeSuffix(Insn insn) {
        List<OperandKind> kinds = insn.row.operands();
        for (int n = 0; n < Math.min(kinds.size(), 3); n++) {
            OperandKind.Source s = kinds.get(n).source;
            int loc = insn.loc(n);
            boolean generalRegister = (s == OperandKind.Source.RM && loc != Insn.MEM) || s == OperandKind.Source.REG
                    || s == OperandKind.Source.OPREG || s == OperandKind.Source.FIXED;
            if (generalRegister) return "";
        }
        int size = OperandSize.effectiveSize(insn);
        return size == OperandSize.defaultSize(insn) ? "" : String.valueOf(OperandSize.letter(size));
    }

    private static String stringSuffix(Insn insn, int size) {
        return String.valueOf(OperandSize.letter((insn.row.opcode() & 1) == 0 ? 1 : size));
    }

    /** LOOP names its count register's width only when 67 changes it ({@code loopl} in 64-bit code). */
    private static String loopSuffix(Rendering r) {
        r.useAddressSize();
        return r.insn.has(Insn.ADDRSIZE) ? String.valueOf(OperandSize.letter(r.insn.addrSize)) : "";
    }

    /**
     * CS or DS (not both) before a conditional branch is a static prediction hint: {@code je,pn} /
     * {@code je,pt}; it consumes the last segment byte, whatever segment that names.
     */
    private static String hint(Rendering r) {
        boolean cs = r.layout.has(0x2e), ds = r.layout.has(0x3e);
        if (cs == ds) return "";
        r.useBranchHint();
        return cs ? ",pn" : ",pt";
    }
}

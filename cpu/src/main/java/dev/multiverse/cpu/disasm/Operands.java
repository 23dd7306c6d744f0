package dev.multiverse.cpu.disasm;

import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.insn.OperandKind;
import dev.multiverse.cpu.insn.Row;

import java.util.ArrayList;
import java.util.List;

/**
 * The operand list in AT&T order (source first) and objdump's spelling: registers, {@code $} immediates,
 * absolute branch targets, memory operands with objdump's choices of when to show a zero displacement or
 * a {@code %riz} index, implicit string operands, and {@code *} before indirect branch targets.
 */
final class Operands {
    private Operands() {
    }

    static List<String> of(Rendering r) {
        Insn insn = r.insn;
        if (Opcodes.isString(insn)) return stringOperands(r);
        if (Opcodes.isXlat(insn)) return List.of(stringSource(r, 3));
        if (Opcodes.isPlainNop(insn)) return List.of();
        Row row = insn.row;
        if (row.operands().isEmpty() && Opcodes.isSegmentPushPop(insn)) {
            // PUSH/POP of a segment register: the register is in the opcode (bits 3-5).
            return List.of(Registers.segment(row.opcode() >> 3));
        }
        if (row.map() == 1 && row.opcode() == 0x01 && row.operands().isEmpty()) {
            if (row.modrm() == 0xc8) {          // MONITOR: address in rAX, extensions in ECX and EDX
                r.useAddressSize();
                return List.of(Registers.gpr(0, insn.addrSize), "%ecx", "%edx");
            }
            if (row.modrm() == 0xc9) return List.of("%eax", "%ecx");     // MWAIT
        }

        List<OperandKind> kinds = row.operands();
        int count = Math.min(kinds.size(), 3);
        int[] slot = new int[count];
        int next = 0;
        for (int n = 0; n < count; n++) {
            slot[n] = next;
            switch (kinds.get(n).source) {
                case IMM, REL, CONST -> next++;
                case FARPTR -> next += 2;
                default -> {
                }
            }
        }
        List<String> out = new ArrayList<>(count + 1);
        if (Opcodes.hasImplicitXmm0(insn)) out.add("%xmm0");
        boolean intelOrder = Opcodes.keepsIntelOrder(insn);
        for (int j = 0; j < count; j++) {
            int n = intelOrder ? j : count - 1 - j;
            String text = operand(r, kinds.get(n), n, slot[n]);
            if (text != null) out.add(text);
        }
        return out;
    }

    private static String operand(Rendering r, OperandKind kind, int n, int slot) {
        Insn insn = r.insn;
        int loc = insn.loc(n), size = insn.size(n);
        boolean indirect = Opcodes.isIndirectBranch(insn) || Opcodes.isFarIndirect(insn);
        return switch (kind.source) {
            case RM, RM_REG, MEM -> {
                String text;
                if (loc == Insn.MEM) {
                    text = memory(r);
                } else {
                    r.useRex(Rendering.REX_B);
                    // objdump's spelling, not the operand size read: MOVSXD's source always as 32-bit.
                    int named = Opcodes.namesRegisterAtOperandSize(insn) ? insn.opSize : Opcodes.isMovsxd(insn) ? 4 : size;
                    text = register(r, loc, named);
                }
                yield indirect ? "*" + text : text;
            }
            case REG -> {
                r.useRex(Rendering.REX_R);
                yield register(r, loc, size);
            }
            case OPREG -> {
                r.useRex(Rendering.REX_B);
                yield register(r, loc, size);
            }
            case FIXED -> switch (kind) {
                case CL -> "%cl";
                case DX -> isPortIo(insn) ? "(%dx)" : "%dx";
                default -> register(r, loc, size);
            };
            case CONST -> null;     // the 1 of shift-by-one is implied, as objdump prints it
            case IMM -> Opcodes.namesComparePredicate(insn) ? null : "$0x" + Long.toHexString(immediate(insn, slot) & mask(size));
            case REL -> "0x" + Long.toHexString(target(r, kind, immediate(insn, slot)));
            case MOFFS -> segmentText(r) + absolute(insn.disp, insn.addrSize);
            case SREG -> Registers.segment(insn.reg);     // objdump leaves a REX.R here unused
            case CREG -> {
                r.useRex(Rendering.REX_R);
                yield Registers.control(insn.reg);
            }
            case DREG -> {
                r.useRex(Rendering.REX_R);
                yield Registers.debug(insn.reg);
            }
            case FARPTR -> "$0x" + Long.toHexString(immediate(insn, slot + 1)) + ",$0x"
                    + Long.toHexString(immediate(insn, slot));
            case STRING -> null;    // implicit; string instructions are rendered from their opcode
            case XMM_REG -> {
                r.useRex(Rendering.REX_R);
                yield "%xmm" + loc;
            }
            case XMM_RM -> {
                if (loc == Insn.MEM) yield memory(r);
                r.useRex(Rendering.REX_B);
                yield "%xmm" + loc;
            }
            case MMX_REG -> "%mm" + loc;
            case MMX_RM -> loc == Insn.MEM ? memory(r) : "%mm" + loc;
            case X87_TOP -> "%st";
            case X87_RM -> "%st(" + loc + ")";
        };
    }

    private static boolean isPortIo(Insn insn) {
        return Opcodes.oneByte(insn, 0xec, 0xef);
    }

    private static long immediate(Insn insn, int slot) {
        return slot == 0 ? insn.imm : insn.imm2;
    }

    private static long mask(int size) {
        return size >= 8 ? -1L : (1L << (8 * size)) - 1;
    }

    private static String register(Rendering r, int loc, int size) {
        if (size == 1 && loc >= 4 && loc < 8) r.useByteRegister();     // SPL..DIL exist only with REX
        return Registers.gpr(loc, size);
    }

    /**
     * A relative branch's absolute target. A 16-bit displacement wraps within the 64 KiB the instruction
     * lies in (16-bit code, where {@code rip} may be a linear address as in objdump) or to 16 bits
     * (a 66-prefixed branch in 32-bit code); 32-bit code wraps at 4 GiB.
     */
    private static long target(Rendering r, OperandKind kind, long displacement) {
        Insn insn = r.insn;
        long next = r.rip + insn.length;
        long t = next + displacement;
        if (kind == OperandKind.Jz && insn.opSize == 2) {
            return (t & 0xffff) | (insn.codeSize == Decoder.CODE16 ? next & ~0xffffL : 0);
        }
        return insn.codeSize == Decoder.CODE64 ? t : t & 0xffff_ffffL;
    }

    /** {@code %fs:} and the like when a segment override applies to the operand (64-bit code ignores ES/CS/SS/DS). */
    private static String segmentText(Rendering r) {
        int seg = r.insn.seg;
        if (!r.hasSegmentPrefix() || r.notrack() || (r.long64 && seg != Insn.FS && seg != Insn.GS)) return "";
        r.useSegment();
        return Registers.segment(seg) + ":";
    }

    private static String memory(Rendering r) {
        Insn insn = r.insn;
        Layout layout = r.layout;
        String seg = segmentText(r);
        int addrSize = insn.addrSize;
        boolean base = insn.base != Insn.NONE, index = insn.index != Insn.NONE;
        // objdump leaves 67 unconsumed (prints addr32) on a plain 32-bit address in 16-bit code.
        if (!(insn.codeSize == Decoder.CODE16 && addrSize == 4 && !base && !index)) r.useAddressSize();
        if (addrSize == 2) {
            // The 16-bit direct address prints as a signed number too (mov -0x7800,%eax).
            if (layout.mod() == 0 && (layout.modrm() & 7) == 6) return seg + displacement(insn.disp);
            String regs = Registers.gpr(insn.base, 2) + (index ? "," + Registers.gpr(insn.index, 2) : "");
            return seg + (layout.mod() != 0 ? displacement(insn.disp) : "") + "(" + regs + ")";
        }
        r.useRex(Rendering.REX_B);
        if (insn.base == Insn.RIP) {
            // objdump computes the comment's address in 64 bits even for %eip.
            r.comment("0x" + Long.toHexString(r.rip + insn.length + insn.disp));
            return seg + displacement(insn.disp) + (addrSize == 4 ? "(%eip)" : "(%rip)");
        }
        boolean sib = layout.sib() >= 0;
        if (sib) r.useRex(Rendering.REX_X);
        int scale = insn.scale;
        boolean noRegisters = sib && !base && !index;
        // With a SIB byte but no registers, objdump shows the index that is not there (%eiz) where the
        // plain displacement form would read differently: in 32-bit code, and in 64-bit code with addr32.
        boolean needIndex = noRegisters && insn.codeSize == Decoder.CODE32;
        boolean needAddr32 = noRegisters && r.long64 && addrSize == 4;
        long disp = needAddr32 ? insn.disp & 0xffff_ffffL : insn.disp;
        boolean relative = base || needIndex || needAddr32 || (sib && (index || scale != 0));
        StringBuilder sb = new StringBuilder(seg);
        if (layout.mod() != 0 || !base) {
            sb.append(relative ? displacement(disp) : absolute(disp, addrSize));
        }
        if (base || index || needIndex || needAddr32 || (sib && scale != 0)) {
            sb.append('(');
            if (base) sb.append(Registers.gpr(insn.base, addrSize));
            if (sib && (scale != 0 || needIndex || needAddr32 || index || (base && (insn.base & 7) != 4))) {
                sb.append(',').append(index ? Registers.gpr(insn.index, addrSize) : addrSize == 8 ? "%riz" : "%eiz");
                sb.append(',').append(1 << scale);
            }
            sb.append(')');
        }
        return sb.toString();
    }

    /** A displacement relative to registers: signed. */
    private static String displacement(long disp) {
        return disp < 0 ? "-0x" + Long.toHexString(-disp) : "0x" + Long.toHexString(disp);
    }

    /** An absolute address: unsigned, at the address size. */
    private static String absolute(long address, int addrSize) {
        return "0x" + Long.toHexString(address & mask(addrSize));
    }

    private static List<String> stringOperands(Rendering r) {
        Insn insn = r.insn;
        r.useAddressSize();
        int op = insn.row.opcode();
        String accumulator = Registers.gpr(0, (op & 1) == 0 ? 1 : insn.opSize);
        String destination = "%es:(" + Registers.gpr(7, insn.addrSize) + ")";
        return switch (op) {
            case 0xa4, 0xa5 -> List.of(stringSource(r, 6), destination);
            case 0xa6, 0xa7 -> List.of(destination, stringSource(r, 6));
            case 0xaa, 0xab -> List.of(accumulator, destination);
            case 0xac, 0xad -> List.of(stringSource(r, 6), accumulator);
            case 0xae, 0xaf -> List.of(destination, accumulator);
            case 0x6c, 0x6d -> List.of("(%dx)", destination);
            default -> List.of(stringSource(r, 6), "(%dx)");
        };
    }

    /**
     * The DS:rSI (or DS:rBX of XLAT) operand, which always names its segment. It consumes a segment
     * prefix even where 64-bit code ignores it (objdump then shows DS).
     */
    private static String stringSource(Rendering r, int register) {
        r.useAddressSize();
        if (r.hasSegmentPrefix()) r.useSegment();
        return Registers.segment(r.insn.seg) + ":(" + Registers.gpr(register, r.insn.addrSize) + ")";
    }
}

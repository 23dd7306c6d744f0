package dev.multiverse.cpu.disasm;

import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.insn.OperandKind;

/**
 * Where things sit in an instruction's bytes: its prefixes (in order, REX included), the ModRM and SIB
 * bytes. The decoded {@link Insn} keeps the meaning of these bytes but not their order or presence, and
 * objdump's text depends on both (which prefix comes first, {@code 0x0(%rax)} versus {@code (%rax)}).
 *
 * @param prefixes legacy prefix and REX bytes before the opcode, in order
 * @param rexIndex index in {@code prefixes} of the REX byte that applies, or -1
 * @param modrm    the ModRM byte, or -1
 * @param sib      the SIB byte, or -1
 */
record Layout(int[] prefixes, int rexIndex, int modrm, int sib) {

    static Layout of(Insn insn) {
        byte[] bytes = insn.bytes;
        boolean long64 = insn.codeSize == Decoder.CODE64;
        int pos = 0, rexIndex = -1;
        while (pos < bytes.length) {
            int b = bytes[pos] & 0xff;
            if (isLegacyPrefix(b)) {
                pos++;
            } else if (long64 && (b & 0xf0) == 0x40 && pos + 1 < bytes.length) {
                pos++;
                if (!isLegacyPrefix(bytes[pos] & 0xff)) {
                    rexIndex = pos - 1;     // a REX counts only right before the opcode
                    break;
                }
            } else {
                break;
            }
        }
        int[] prefixes = new int[pos];
        for (int k = 0; k < pos; k++) {
            prefixes[k] = bytes[k] & 0xff;
        }
        int modrm = -1, sib = -1;
        if (insn.row.needsModrm()) {
            int at = pos + switch (insn.row.map()) {
                case 0 -> 1;
                case 1 -> 2;
                default -> 3;
            };
            if (at < bytes.length) {
                modrm = bytes[at] & 0xff;
                boolean memory = modrm >> 6 != 3 && !insn.row.operands().contains(OperandKind.Ry);
                if (memory && insn.addrSize != 2 && (modrm & 7) == 4 && at + 1 < bytes.length) {
                    sib = bytes[at + 1] & 0xff;
                }
            }
        }
        return new Layout(prefixes, rexIndex, modrm, sib);
    }

    static boolean isLegacyPrefix(int b) {
        return switch (b) {
            case 0x66, 0x67, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0xf0, 0xf2, 0xf3 -> true;
            default -> false;
        };
    }

    static boolean isSegmentPrefix(int b) {
        return b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e || b == 0x64 || b == 0x65;
    }

    int rex() {
        return rexIndex < 0 ? 0 : prefixes[rexIndex];
    }

    int mod() {
        return modrm >> 6;
    }

    /** Index in {@link #prefixes} of the last byte equal to {@code value}, or -1. */
    int last(int value) {
        for (int k = prefixes.length - 1; k >= 0; k--) {
            if (prefixes[k] == value) return k;
        }
        return -1;
    }

    /** Index of the last segment-override byte (the one that takes effect), or -1. */
    int lastSegment() {
        for (int k = prefixes.length - 1; k >= 0; k--) {
            if (isSegmentPrefix(prefixes[k])) return k;
        }
        return -1;
    }

    /** Index of the last F2/F3 byte, or -1. */
    int lastRep() {
        for (int k = prefixes.length - 1; k >= 0; k--) {
            if (prefixes[k] == 0xf2 || prefixes[k] == 0xf3) return k;
        }
        return -1;
    }

    boolean has(int value) {
        return last(value) >= 0;
    }
}

package dev.multiverse.cpu.disasm;

import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.insn.Row;

/**
 * The prefix words objdump prints before a mnemonic, in byte order: LOCK and the REP family always (named
 * by what they mean to the instruction: {@code rep}, {@code repz}, {@code bnd}, {@code xrelease}...), and
 * every other prefix the instruction did not consume ({@code data16}, {@code addr32}, {@code cs},
 * {@code rex.W}). Of several prefixes of one kind only the last can be consumed.
 */
final class PrefixNames {
    private PrefixNames() {
    }

    static String of(Rendering r) {
        Layout layout = r.layout;
        int[] p = layout.prefixes();
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < p.length; k++) {
            String name = name(r, k, p[k]);
            if (name != null) {
                sb.append(name).append(' ');
            }
        }
        return sb.toString();
    }

    private static String name(Rendering r, int k, int b) {
        Layout layout = r.layout;
        if (b == 0xf0) return "lock";
        if (b == 0xf2 || b == 0xf3) return repName(r, k, b);
        if (b == 0x66) {
            if (k == layout.last(0x66) && OperandSize.prefix66Used(r.insn)) return null;
            return r.insn.codeSize == Decoder.CODE16 ? "data32" : "data16";
        }
        if (b == 0x67) {
            if (k == layout.last(0x67) && r.addressSizeUsed()) return null;
            return r.insn.codeSize == Decoder.CODE32 ? "addr16" : "addr32";
        }
        if (Layout.isSegmentPrefix(b)) {
            // Whichever segment the instruction uses, objdump consumes the last segment byte.
            if (k != layout.lastSegment()) return Registers.segmentPrefixName(b);
            if (r.notrack()) return "notrack";
            return r.branchHint() || r.segmentUsed() ? null : Registers.segmentPrefixName(b);
        }
        return k == layout.rexIndex() && r.rexUsed() ? null : rexName(b);
    }

    /**
     * F3 and F2 are named by what the last of each kind means to the instruction: a mandatory prefix (not
     * shown), {@code rep} on a string instruction, {@code bnd} on a branch, {@code xacquire}/{@code xrelease}
     * on a locked read-modify-write (or a store, for {@code xrelease}). Any other is {@code repz}/{@code repnz}.
     */
    private static String repName(Rendering r, int k, int b) {
        Insn insn = r.insn;
        Layout layout = r.layout;
        boolean f3 = b == 0xf3;
        String plain = f3 ? "repz" : "repnz";
        if (k == layout.lastRep() && insn.row.prefix() == b) return null;
        if (k != layout.last(b)) return plain;
        if (Opcodes.isString(insn)) return f3 && !Opcodes.isStringCompare(insn) ? "rep" : plain;
        if (Opcodes.isNearBranch(insn)) return f3 ? plain : "bnd";
        boolean memoryDestination = insn.loc0 == Insn.MEM;
        boolean xchg = Opcodes.is(insn, 0, 0x86) || Opcodes.is(insn, 0, 0x87);
        if (memoryDestination && ((layout.has(0xf0) && insn.row.has(Row.LOCK)) || xchg)) {
            return f3 ? "xrelease" : "xacquire";
        }
        boolean store = Opcodes.is(insn, 0, 0x88) || Opcodes.is(insn, 0, 0x89)
                || Opcodes.group(insn, 0, 0xc6, 0) || Opcodes.group(insn, 0, 0xc7, 0);
        if (f3 && k == layout.lastRep() && memoryDestination && store) return "xrelease";
        return plain;
    }

    private static String rexName(int b) {
        if ((b & 15) == 0) return "rex";
        return "rex." + ((b & 8) != 0 ? "W" : "") + ((b & 4) != 0 ? "R" : "") + ((b & 2) != 0 ? "X" : "")
                + ((b & 1) != 0 ? "B" : "");
    }
}

package dev.multiverse.cpu.disasm;

import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.insn.OperandKind;

/**
 * One instruction being rendered, with the record of which prefixes its text has consumed. objdump prints
 * every prefix that the instruction did not use by its own name ({@code cs nopw ...}, {@code rex.W push}),
 * so the operand and mnemonic renderers mark what they use and {@link PrefixNames} prints the rest.
 */
final class Rendering {
    static final int REX_B = 1, REX_X = 2, REX_R = 4, REX_W = 8;

    final Insn insn;
    final long rip;
    final Layout layout;
    final boolean long64;

    private boolean addressSizeUsed, segmentUsed, branchHint, byteRegister;
    private int rexUsed;
    /** objdump's {@code # address} comment of a RIP-relative operand, or null. */
    private String comment;

    Rendering(Insn insn, long rip) {
        this.insn = insn;
        this.rip = rip;
        this.layout = Layout.of(insn);
        this.long64 = insn.codeSize == Decoder.CODE64;
    }

    void useAddressSize() {
        addressSizeUsed = true;
    }

    void useSegment() {
        segmentUsed = true;
    }

    void useBranchHint() {
        branchHint = true;
    }

    void useRex(int bits) {
        rexUsed |= bits;
    }

    void useByteRegister() {
        byteRegister = true;
    }

    void comment(String text) {
        comment = text;
    }

    boolean addressSizeUsed() {
        return addressSizeUsed;
    }

    boolean segmentUsed() {
        return segmentUsed;
    }

    boolean branchHint() {
        return branchHint;
    }

    String comment() {
        return comment;
    }

    /** True if every bit of the REX prefix was used (a bare REX counts when it selects SPL..DIL). */
    boolean rexUsed() {
        int bits = layout.rex() & 15;
        int used = rexUsed | (OperandSize.rexWUsed(insn) ? REX_W : 0);
        return bits == 0 ? byteRegister : (bits & ~used) == 0;
    }

    /** A memory-only operand (LEA, LGDT, far pointers...) encoded with a register ModRM: undefined. */
    boolean memoryOperandInRegisterForm() {
        if (layout.modrm() < 0 || layout.mod() != 3) return false;
        for (OperandKind k : insn.row.operands()) {
            if (k.source == OperandKind.Source.MEM) return true;
        }
        return false;
    }

    /** True if some segment-override byte is present (objdump consumes the last one when a segment is used). */
    boolean hasSegmentPrefix() {
        return layout.lastSegment() >= 0;
    }

    /**
     * True if a 3E prefix marks an indirect branch NOTRACK; objdump then names the last segment byte
     * {@code notrack} and shows no segment. In 64-bit code a 66 prefix rules it out.
     */
    boolean notrack() {
        return Opcodes.isIndirectBranch(insn) && layout.has(0x3e) && !(long64 && layout.has(0x66));
    }
}

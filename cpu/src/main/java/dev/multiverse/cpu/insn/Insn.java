package dev.multiverse.cpu.insn;

/**
 * A decoded instruction: immutable, cached in blocks and executed many times. Operands are resolved at
 * decode time to <em>locations</em>: a general register number (0..15, or {@link #AH}..{@link #BH} for the
 * legacy high-byte registers), {@link #MEM} for the one ModRM/moffs memory operand, or {@link #IMM}.
 */
public final class Insn {
    public static final int AH = 16, CH = 17, DH = 18, BH = 19;
    public static final int MEM = 32, IMM = 33, NONE = -1;
    /** {@link #base} value for RIP-relative addressing. */
    public static final int RIP = 16;

    /** Prefix bits. */
    public static final int LOCK = 1, REP = 2, REPNE = 4, OPSIZE = 8, ADDRSIZE = 16, REXW = 32;

    /** Segment register numbers. */
    public static final int ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;

    public final Row row;
    public final Semantic semantic;
    /** Instruction length in bytes. */
    public final int length;
    /** The raw bytes (for traces and the disassembler). */
    public final byte[] bytes;
    /** Operand size (1, 2, 4, 8) for 'v' operands; byte forms have 1. */
    public final int opSize;
    /** Address size (2, 4, 8). */
    public final int addrSize;
    public final int prefixes;
    /** 1 = 16-bit, 2 = 32-bit, 3 = 64-bit code: the mode it was decoded for. */
    public final int codeSize;

    /** Memory operand: effective segment, base and index registers (or {@link #NONE}), scale as a shift, displacement. */
    public final int seg, base, index, scale;
    public final long disp;

    /** Immediates: the first and (ENTER, far pointers) the second. Relative targets are sign-extended displacements. */
    public final long imm, imm2;

    /** ModRM.reg with REX.R (also the segment/control/debug register number), and ModRM.rm with REX.B; -1 if none. */
    public final int reg, rm;
    /** Operand locations and sizes, destination first. */
    public final int loc0, loc1, loc2;
    public final int size0, size1, size2;
    /** Number of explicit operands. */
    public final int operandCount;

    Insn(Builder b) {
        row = b.row;
        semantic = b.row.semantic();
        length = b.length;
        bytes = b.bytes;
        opSize = b.opSize;
        addrSize = b.addrSize;
        prefixes = b.prefixes;
        codeSize = b.codeSize;
        seg = b.seg;
        base = b.base;
        index = b.index;
        scale = b.scale;
        disp = b.disp;
        imm = b.imm;
        imm2 = b.imm2;
        reg = b.reg;
        rm = b.rm;
        loc0 = b.loc[0];
        loc1 = b.loc[1];
        loc2 = b.loc[2];
        size0 = b.size[0];
        size1 = b.size[1];
        size2 = b.size[2];
        operandCount = b.operandCount;
    }

    public boolean has(int prefix) {
        return (prefixes & prefix) != 0;
    }

    /** True if operand {@code n} is the memory operand. */
    public boolean isMem(int n) {
        return (n == 0 ? loc0 : n == 1 ? loc1 : loc2) == MEM;
    }

    public boolean hasMemoryOperand() {
        return loc0 == MEM || loc1 == MEM || loc2 == MEM;
    }

    public int loc(int n) {
        return n == 0 ? loc0 : n == 1 ? loc1 : loc2;
    }

    public int size(int n) {
        return n == 0 ? size0 : n == 1 ? size1 : size2;
    }

    @Override
    public String toString() {
        return row.mnemonic() + "/" + length;
    }

    /** Mutable form filled in by the decoder. */
    public static final class Builder {
        public Row row;
        public int length;
        public byte[] bytes;
        public int opSize, addrSize, prefixes, codeSize;
        public int seg = DS, base = NONE, index = NONE, scale;
        public long disp, imm, imm2;
        public int reg = -1, rm = -1;
        public final int[] loc = {NONE, NONE, NONE};
        public final int[] size = new int[3];
        public int operandCount;

        public Insn build() {
            return new Insn(this);
        }
    }
}

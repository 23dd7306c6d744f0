package dev.multiverse.cpu.insn;

import java.util.List;

/**
 * One opcode form of the opcode table: the single source of truth that the decoder, disassembler and
 * interpreter read.
 *
 * @param map      0 = one-byte map, 1 = 0F, 2 = 0F 38, 3 = 0F 3A
 * @param opcode   the opcode byte within the map
 * @param ext      ModRM.reg required (group opcodes), or -1
 * @param modrm    the exact ModRM byte required (e.g. 0F 01 F8 SWAPGS), or -1
 * @param prefix   mandatory prefix: 0 none, 0x66, 0xF3 or 0xF2
 * @param mnemonic lower-case mnemonic, as the disassembler prints it
 * @param operands operand kinds, destination first (Intel order)
 * @param semantic what it does
 * @param flags    {@link #LOCK}, {@link #DEF64}, ...
 */
public record Row(int map, int opcode, int ext, int modrm, int prefix, String mnemonic, List<OperandKind> operands,
                  Semantic semantic, int flags) {
    /** LOCK is allowed (with a memory destination). */
    public static final int LOCK = 1;
    /** Operand size defaults to 64 bits in 64-bit mode (push, pop, near branches through memory...). */
    public static final int DEF64 = 1 << 1;
    /** Operand size is 64 bits in 64-bit mode whatever the prefixes (near Jcc/JMP/CALL/RET, as Intel CPUs do). */
    public static final int FORCE64 = 1 << 2;
    /** Invalid in 64-bit mode (#UD). */
    public static final int NO64 = 1 << 3;
    /** Valid only in 64-bit mode (the opcode means something else, or #UD, elsewhere). */
    public static final int ONLY64 = 1 << 4;
    /** ModRM.mod must be 3 (register form). */
    public static final int REGONLY = 1 << 5;
    /** ModRM.mod must not be 3 (memory form). */
    public static final int MEMONLY = 1 << 6;
    /** Ends a decoded block: control transfer, or a change of mode, paging or interrupt state. */
    public static final int ENDS_BLOCK = 1 << 7;
    /** Takes REP/REPE/REPNE (string instructions). */
    public static final int REP = 1 << 8;
    /** Operand size is always 32 bits unless REX.W (e.g. MOVSXD/MOV CR use y sizes). */
    public static final int NO66 = 1 << 9;
    /** Reads and writes its destination (set for every LOCK-able row): memory is checked for writing before the read. */
    public static final int RMW = 1 << 10;
    /** An SSE instruction: #UD without CR4.OSFXSR or with CR0.EM, #NM with CR0.TS (checked before the semantic runs). */
    public static final int SSE = 1 << 11;
    /** An MMX instruction: #UD with CR0.EM, #NM with CR0.TS, #MF with an x87 exception pending. */
    public static final int MMX = 1 << 12;
    /** An x87 instruction: #NM with CR0.EM or CR0.TS. */
    public static final int X87 = 1 << 13;
    /** A 16-byte memory operand that need not be aligned (MOVUPS, LDDQU...); legacy SSE otherwise requires alignment. */
    public static final int UNALIGNED = 1 << 14;

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public boolean needsModrm() {
        if (ext >= 0 || modrm >= 0) {
            return true;
        }
        for (OperandKind k : operands) {
            if (k.needsModrm()) {
                return true;
            }
        }
        return false;
    }
}

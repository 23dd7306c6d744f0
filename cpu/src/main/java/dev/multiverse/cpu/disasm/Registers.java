package dev.multiverse.cpu.disasm;

import dev.multiverse.cpu.insn.Insn;

/** AT&T register names as objdump spells them ({@code %r8d}, {@code %spl}, {@code %db7}). */
final class Registers {
    private static final String[] Q = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
    private static final String[] D = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
            "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"};
    private static final String[] W = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
            "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w"};
    private static final String[] B = {"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
            "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"};
    private static final String[] HIGH = {"ah", "ch", "dh", "bh"};
    private static final String[] SEGMENTS = {"es", "cs", "ss", "ds", "fs", "gs", "?", "?"};

    private Registers() {
    }

    /** A general register location ({@code 0..15} or {@link Insn#AH}..{@link Insn#BH}) at an operand size. */
    static String gpr(int loc, int size) {
        if (loc >= Insn.AH && loc <= Insn.BH) {
            return "%" + HIGH[loc - Insn.AH];
        }
        String[] names = switch (size) {
            case 1 -> B;
            case 2 -> W;
            case 4 -> D;
            default -> Q;
        };
        return "%" + names[loc & 15];
    }

    static String segment(int n) {
        return "%" + SEGMENTS[n & 7];
    }

    /** Segment name as the bare prefix mnemonic ({@code cs nopw ...}). */
    static String segmentPrefixName(int prefixByte) {
        return switch (prefixByte) {
            case 0x26 -> "es";
            case 0x2e -> "cs";
            case 0x36 -> "ss";
            case 0x3e -> "ds";
            case 0x64 -> "fs";
            default -> "gs";
        };
    }

    static String control(int n) {
        return "%cr" + n;
    }

    static String debug(int n) {
        return "%db" + n;
    }
}

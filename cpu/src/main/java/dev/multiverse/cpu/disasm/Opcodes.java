package dev.multiverse.cpu.disasm;

import dev.multiverse.cpu.decode.Decoder;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.insn.Row;

/**
 * Opcode families whose AT&T text objdump builds in a particular way (string instructions, branches,
 * stack operations...). Opcodes are identified by map and byte, as in the opcode table, so that the text
 * does not depend on how a row spells its Intel mnemonic.
 */
final class Opcodes {
    private Opcodes() {
    }

    static boolean is(Insn insn, int map, int opcode) {
        return insn.row.map() == map && insn.row.opcode() == opcode;
    }

    static boolean oneByte(Insn insn, int from, int to) {
        int op = insn.row.opcode();
        return insn.row.map() == 0 && op >= from && op <= to;
    }

    static boolean group(Insn insn, int map, int opcode, int ext) {
        return is(insn, map, opcode) && insn.row.ext() == ext;
    }

    /** MOVS, CMPS, STOS, LODS, SCAS, INS, OUTS. */
    static boolean isString(Insn insn) {
        return oneByte(insn, 0xa4, 0xa7) || oneByte(insn, 0xaa, 0xaf) || oneByte(insn, 0x6c, 0x6f);
    }

    /** The string instructions that compare (REPE/REPNE rather than REP). */
    static boolean isStringCompare(Insn insn) {
        return is(insn, 0, 0xa6) || is(insn, 0, 0xa7) || is(insn, 0, 0xae) || is(insn, 0, 0xaf);
    }

    /** Jcc, LOOPcc and JrCXZ: the branches that take CS/DS as not-taken/taken hints. */
    static boolean isConditionalBranch(Insn insn) {
        int op = insn.row.opcode();
        return oneByte(insn, 0x70, 0x7f) || oneByte(insn, 0xe0, 0xe3) || (insn.row.map() == 1 && op >= 0x80 && op <= 0x8f);
    }

    /** CALL/JMP through a register or memory (NOTRACK applies). */
    static boolean isIndirectBranch(Insn insn) {
        return group(insn, 0, 0xff, 2) || group(insn, 0, 0xff, 4);
    }

    /** Near branches that F2 marks as BND. */
    static boolean isNearBranch(Insn insn) {
        return isIndirectBranch(insn) || is(insn, 0, 0xe8) || is(insn, 0, 0xe9) || is(insn, 0, 0xeb)
                || is(insn, 0, 0xc2) || is(insn, 0, 0xc3) || (isConditionalBranch(insn) && !oneByte(insn, 0xe0, 0xe3));
    }

    /** Far branches through memory (their operand is printed with a '*'). */
    static boolean isFarIndirect(Insn insn) {
        return group(insn, 0, 0xff, 3) || group(insn, 0, 0xff, 5);
    }

    /** 90 (not 91-97: one row serves them all) without REX.B and without 66: NOP rather than XCHG. */
    static boolean isPlainNop(Insn insn) {
        return is(insn, 0, 0x90) && insn.row.prefix() == 0 && insn.rm == 0 && !insn.has(Insn.OPSIZE);
    }

    /** MOV to or from a segment register (8C, 8E). */
    static boolean isSegmentMove(Insn insn) {
        return is(insn, 0, 0x8c) || is(insn, 0, 0x8e);
    }

    /**
     * Instructions with a 16-bit memory operand whose register form has the operand size: MOV to and from
     * a segment register, SLDT, STR, SMSW ({@code mov %eax,%ds}, {@code sldt %eax}, {@code data16 mov %ds,(%rax)}).
     */
    static boolean sizedOnlyAsRegister(Insn insn) {
        return isSegmentMove(insn) || group(insn, 1, 0x00, 0) || group(insn, 1, 0x00, 1) || group(insn, 1, 0x01, 4);
    }

    /** Register forms objdump names at the operand size whatever the row's E size: the above, LAR and LSL. */
    static boolean namesRegisterAtOperandSize(Insn insn) {
        return sizedOnlyAsRegister(insn) || is(insn, 1, 0x02) || is(insn, 1, 0x03);
    }

    /** MOVSXD (63 in 64-bit code; ARPL elsewhere). */
    static boolean isMovsxd(Insn insn) {
        return is(insn, 0, 0x63) && insn.codeSize == Decoder.CODE64;
    }

    /** PUSH/POP ES, CS, SS, DS (one-byte map) and FS, GS (0F A0/A1/A8/A9). */
    static boolean isSegmentPushPop(Insn insn) {
        int op = insn.row.opcode();
        return switch (insn.row.map()) {
            case 0 -> op == 0x06 || op == 0x07 || op == 0x0e || op == 0x16 || op == 0x17 || op == 0x1e || op == 0x1f;
            case 1 -> op == 0xa0 || op == 0xa1 || op == 0xa8 || op == 0xa9;
            default -> false;
        };
    }

    /** FXSAVE, FXRSTOR, XSAVE, XRSTOR, XSAVEOPT (0F AE /0 /1 /4 /5 /6 with memory): REX.W names their 64-bit-pointer forms. */
    static boolean savesStateWithWidePointers(Insn insn) {
        Row r = insn.row;
        return r.map() == 1 && r.opcode() == 0xae && r.has(Row.MEMONLY) && r.prefix() == 0
                && (r.ext() <= 1 || (r.ext() >= 4 && r.ext() <= 6));
    }

    /** CRC32 (F2 0F 38 F0/F1): its destination register does not show the source size. */
    static boolean isCrc32(Insn insn) {
        Row r = insn.row;
        return r.map() == 2 && (r.opcode() == 0xf0 || r.opcode() == 0xf1) && r.prefix() == 0xf2;
    }

    /** PCMPESTRM and PCMPESTRI (66 0F 3A 60/61): REX.W makes their lengths RAX and RDX, spelled with a q suffix. */
    static boolean isExplicitLengthStringCompare(Insn insn) {
        Row r = insn.row;
        return r.map() == 3 && (r.opcode() == 0x60 || r.opcode() == 0x61) && r.prefix() == 0x66;
    }

    /** PEXTRD and PINSRD (66 0F 3A 16, 22), which REX.W makes quadword moves. */
    static boolean isDwordElementMove(Insn insn) {
        return insn.row.prefix() == 0x66 && (is(insn, 3, 0x16) || is(insn, 3, 0x22));
    }

    /** PBLENDVB, BLENDVPS, BLENDVPD (66 0F 38 10, 14, 15): objdump shows their implicit XMM0 mask. */
    static boolean hasImplicitXmm0(Insn insn) {
        return insn.row.prefix() == 0x66 && (is(insn, 2, 0x10) || is(insn, 2, 0x14) || is(insn, 2, 0x15));
    }

    /** CMPPS/CMPPD/CMPSS/CMPSD with a predicate (imm8 0-7) that objdump names in the mnemonic and does not print. */
    static boolean namesComparePredicate(Insn insn) {
        return is(insn, 1, 0xc2) && (insn.imm & 0xff) < 8;
    }

    /** SGDT, SIDT, LGDT, LIDT. */
    static boolean isDescriptorTable(Insn insn) {
        Row r = insn.row;
        return r.map() == 1 && r.opcode() == 0x01 && r.modrm() < 0 && r.ext() >= 0 && r.ext() <= 3;
    }

    /**
     * FLDENV, FNSTENV, FRSTOR, FNSAVE (D9 /4 /6, DD /4 /6 with memory): the operand size picks the 14/28-byte
     * environment (94/108-byte state), so 66 is used and objdump names the size it selects.
     */
    static boolean isX87Environment(Insn insn) {
        Row r = insn.row;
        return r.map() == 0 && (r.opcode() == 0xd9 || r.opcode() == 0xdd) && r.has(Row.MEMONLY)
                && (r.ext() == 4 || r.ext() == 6);
    }

    /** XLAT: an implicit DS:[rBX + AL] operand. */
    static boolean isXlat(Insn insn) {
        return is(insn, 0, 0xd7);
    }

    /** Operands printed in Intel order even in AT&T syntax (ENTER, BOUND). */
    static boolean keepsIntelOrder(Insn insn) {
        return is(insn, 0, 0xc8) || is(insn, 0, 0x62);
    }
}

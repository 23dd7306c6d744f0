package dev.multiverse.cpu.decode;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.Invalid;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.insn.OperandKind;
import dev.multiverse.cpu.insn.Row;

import java.util.List;

/**
 * Decodes one instruction in 16-, 32- or 64-bit code: legacy prefixes, REX, the opcode maps, ModRM/SIB,
 * displacements (RIP-relative in 64-bit mode) and immediates. Decoding never raises a guest exception
 * other than a page fault while fetching: an undefined opcode decodes to a row whose semantic raises #UD
 * when executed, and an over-long instruction to one that raises #GP(0), as the CPU would at that RIP.
 */
public final class Decoder {
    public static final int CODE16 = 1, CODE32 = 2, CODE64 = 3;
    public static final int MAX_LENGTH = 15;

    /** Instruction bytes, by offset from the instruction's first byte. May throw a page fault. */
    @FunctionalInterface
    public interface ByteSource {
        int byteAt(int offset);
    }

    static final Row UNDEFINED = new Row(0, 0, -1, -1, 0, "(bad)", List.of(), Invalid::undefined, Row.ENDS_BLOCK);
    static final Row TOO_LONG = new Row(0, 0, -1, -1, 0, "(bad)", List.of(), Invalid::tooLong, Row.ENDS_BLOCK);

    private static final int[] BASE16 = {3, 3, 5, 5, 6, 7, 5, 3};          // BX BX BP BP SI DI BP BX
    private static final int[] INDEX16 = {6, 7, 6, 7, -1, -1, -1, -1};     // SI DI SI DI

    private final ByteSource src;
    private int pos;

    private Decoder(ByteSource src) {
        this.src = src;
    }

    private int next() {
        if (pos >= MAX_LENGTH) {
            throw TooLong.INSTANCE;
        }
        return src.byteAt(pos++) & 0xff;
    }

    /** Signals the 15-byte limit inside the decoder; never escapes it. */
    private static final class TooLong extends RuntimeException {
        static final TooLong INSTANCE = new TooLong();

        private TooLong() {
            super(null, null, false, false);
        }
    }

    public static Insn decode(ByteSource src, int codeSize) {
        Decoder d = new Decoder(src);
        Insn.Builder b = new Insn.Builder();
        b.codeSize = codeSize;
        try {
            d.decodeInto(b);
        } catch (TooLong e) {
            b = new Insn.Builder();
            b.codeSize = codeSize;
            b.row = TOO_LONG;
            d.pos = MAX_LENGTH;
        }
        b.length = d.pos;
        byte[] bytes = new byte[d.pos];
        for (int i = 0; i < d.pos && b.row != TOO_LONG; i++) {
            bytes[i] = (byte) src.byteAt(i);
        }
        b.bytes = bytes;
        return b.build();
    }

    private void decodeInto(Insn.Builder b) {
        final boolean long64 = b.codeSize == CODE64;
        int prefixes = 0, segOverride = -1, rex = 0, lastRepPrefix = 0;
        int op;
        while (true) {
            op = next();
            switch (op) {
                case 0x66 -> prefixes |= Insn.OPSIZE;
                case 0x67 -> prefixes |= Insn.ADDRSIZE;
                // In 64-bit mode ES/CS/SS/DS prefixes are ignored and cannot displace an FS/GS override.
                case 0x26 -> segOverride = long64 && segOverride >= Insn.FS ? segOverride : Insn.ES;
                case 0x2e -> segOverride = long64 && segOverride >= Insn.FS ? segOverride : Insn.CS;
                case 0x36 -> segOverride = long64 && segOverride >= Insn.FS ? segOverride : Insn.SS;
                case 0x3e -> segOverride = long64 && segOverride >= Insn.FS ? segOverride : Insn.DS;
                case 0x64 -> segOverride = Insn.FS;
                case 0x65 -> segOverride = Insn.GS;
                case 0xf0 -> prefixes |= Insn.LOCK;
                case 0xf2, 0xf3 -> lastRepPrefix = op;
                default -> {
                    if (long64 && (op & 0xf0) == 0x40) {
                        rex = op;
                        op = next();
                        if (isLegacyPrefix(op)) {
                            // A REX that is not immediately before the opcode is ignored.
                            pos--;
                            rex = 0;
                            continue;
                        }
                    }
                }
            }
            if (!isLegacyPrefix(op)) break;
        }
        if (lastRepPrefix == 0xf3) prefixes |= Insn.REP;
        if (lastRepPrefix == 0xf2) prefixes |= Insn.REPNE;

        int map = 0;
        if (op == 0x0f) {
            op = next();
            map = 1;
            if (op == 0x38 || op == 0x3a) {
                map = op == 0x38 ? 2 : 3;
                op = next();
            }
        }
        List<Row> candidates = OpcodeTable.candidates(map, op);
        int modrm = -1;
        if (!candidates.isEmpty() && candidates.getFirst().needsModrm()) {
            modrm = next();
        }
        int mandatory = (prefixes & Insn.OPSIZE) != 0 ? 0x66 : 0;
        if (lastRepPrefix != 0) mandatory = lastRepPrefix;  // F2/F3 take precedence over 66 as a mandatory prefix
        Row row = select(candidates, modrm, mandatory, (prefixes & Insn.OPSIZE) != 0, b.codeSize);
        if (row == null) {
            b.row = UNDEFINED;
            return;
        }
        if (row.prefix() == 0xf3) prefixes &= ~Insn.REP;
        if (row.prefix() == 0xf2) prefixes &= ~Insn.REPNE;
        if (row.prefix() == 0x66) prefixes &= ~Insn.OPSIZE;
        b.row = row;

        // Operand and address sizes.
        boolean opsize = (prefixes & Insn.OPSIZE) != 0;
        boolean rexW = (rex & 8) != 0;
        if (rexW) prefixes |= Insn.REXW;
        int opSize;
        if (long64) {
            if (row.has(Row.FORCE64)) opSize = 8;
            else if (rexW) opSize = 8;
            else if (opsize && !row.has(Row.NO66)) opSize = 2;
            else opSize = row.has(Row.DEF64) ? 8 : 4;
        } else if (b.codeSize == CODE32) {
            opSize = opsize && !row.has(Row.NO66) ? 2 : 4;
        } else {
            opSize = opsize && !row.has(Row.NO66) ? 4 : 2;
        }
        boolean addrsize = (prefixes & Insn.ADDRSIZE) != 0;
        int addrSize = switch (b.codeSize) {
            case CODE64 -> addrsize ? 4 : 8;
            case CODE32 -> addrsize ? 2 : 4;
            default -> addrsize ? 4 : 2;
        };
        b.opSize = opSize;
        b.addrSize = addrSize;
        b.prefixes = prefixes;

        int rexR = (rex & 4) << 1, rexX = (rex & 2) << 2, rexB = (rex & 1) << 3;
        boolean memory = false;
        int defaultSeg = Insn.DS;
        if (modrm >= 0) {
            int mod = modrm >> 6, rmBits = modrm & 7;
            b.reg = ((modrm >> 3) & 7) | rexR;
            boolean registerForm = mod == 3 || row.operands().contains(OperandKind.Ry);
            if (registerForm) {
                b.rm = rmBits | rexB;
            } else {
                memory = true;
                defaultSeg = addrSize == 2 ? decodeModrm16(b, mod, rmBits) : decodeModrm32(b, mod, rmBits, rexX, rexB, long64);
            }
        }
        // ES, CS, SS and DS overrides are ignored in 64-bit mode: the default segment (DS, or SS for
        // rSP/rBP bases) still decides between #GP and #SS for a non-canonical address.
        boolean ignoredOverride = long64 && segOverride >= 0 && segOverride < Insn.FS;
        b.seg = segOverride >= 0 && !ignoredOverride ? segOverride : defaultSeg;

        // Operands, in order; immediates are read in operand order after the displacement.
        List<OperandKind> kinds = row.operands();
        int immCount = 0;
        for (int n = 0; n < kinds.size(); n++) {
            OperandKind k = kinds.get(n);
            int size = sizeOf(k.size, opSize);
            int loc;
            switch (k.source) {
                case RM, RM_REG -> loc = memory ? Insn.MEM : regLoc(b.rm, size, rex);
                case MEM -> loc = Insn.MEM;
                case XMM_RM -> loc = memory ? Insn.MEM : b.rm;
                case XMM_REG -> loc = b.reg;
                // MMX registers are eight: REX.R and REX.B do not extend them.
                case MMX_RM -> loc = memory ? Insn.MEM : b.rm & 7;
                case MMX_REG -> loc = b.reg & 7;
                // x87 registers by stack position, eight of them: REX.B does not extend ST(i).
                case X87_RM -> loc = b.rm & 7;
                case X87_TOP -> loc = 0;
                case REG -> loc = regLoc(b.reg, size, rex);
                case SREG, CREG, DREG -> loc = b.reg;
                case OPREG -> {
                    b.rm = (op & 7) | rexB;
                    loc = regLoc(b.rm, size, rex);
                }
                case FIXED -> {
                    if (k == OperandKind.eAX) size = Math.min(opSize, 4);
                    loc = k.fixedRegister();
                }
                case CONST -> {
                    loc = Insn.IMM;
                    setImm(b, immCount++, 1);
                }
                case IMM, REL -> {
                    int bytes = switch (k.size) {
                        case 'b', 's' -> 1;
                        case 'w' -> 2;
                        case 'z' -> Math.min(opSize, 4);
                        default -> opSize;
                    };
                    long v = readImm(bytes);
                    if (k.size != 's' && k.source == OperandKind.Source.IMM) {
                        v &= bytes == 8 ? -1L : (1L << (8 * bytes)) - 1;
                        if (k.size == 'z' && opSize == 8) v = (int) v;   // imm32 sign-extended to 64 bits
                    }
                    setImm(b, immCount++, v);
                    loc = Insn.IMM;
                }
                case MOFFS -> {
                    b.disp = readImm(addrSize) & (addrSize == 8 ? -1L : (1L << (8 * addrSize)) - 1);
                    memory = true;
                    loc = Insn.MEM;
                }
                case FARPTR -> {
                    long offset = readImm(opSize == 2 ? 2 : 4) & (opSize == 2 ? 0xffffL : 0xffff_ffffL);
                    setImm(b, immCount++, offset);
                    setImm(b, immCount++, readImm(2) & 0xffff);
                    loc = Insn.IMM;
                }
                default -> loc = Insn.NONE; // STRING: implicit
            }
            if (n < 3) {
                b.loc[n] = loc;
                b.size[n] = size;
            }
        }
        b.operandCount = Math.min(kinds.size(), 3);
        if (long64 && row.has(Row.NO64)) {
            b.row = UNDEFINED;
        } else if ((prefixes & Insn.LOCK) != 0 && (!row.has(Row.LOCK) || b.loc[0] != Insn.MEM)) {
            b.row = UNDEFINED;
        }
    }

    private static boolean isLegacyPrefix(int op) {
        return switch (op) {
            case 0x66, 0x67, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0xf0, 0xf2, 0xf3 -> true;
            default -> false;
        };
    }

    private static Row select(List<Row> candidates, int modrm, int mandatory, boolean has66, int codeSize) {
        int mod = modrm >> 6, reg = (modrm >> 3) & 7;
        for (Row r : candidates) {
            if (r.ext() >= 0 && r.ext() != reg) continue;
            if (r.modrm() >= 0 && r.modrm() != modrm) continue;
            if (r.has(Row.REGONLY) && mod != 3) continue;
            if (r.has(Row.MEMONLY) && mod == 3) continue;
            if (r.has(Row.ONLY64) && codeSize != CODE64) continue;
            // MMX and SSE forms are selected by exactly one mandatory prefix (the last F2/F3, else 66, else
            // none); any other combination is #UD, as on hardware. Elsewhere 66 may also size a prefixed row.
            if (r.has(Row.SSE | Row.MMX) ? r.prefix() != mandatory
                    : r.prefix() != 0 && r.prefix() != mandatory && !(r.prefix() == 0x66 && has66 && mandatory != 0x66)) {
                continue;
            }
            // In the 0F 38 and 0F 3A maps F2 and F3 always select another instruction (MOVBE vs CRC32).
            if (r.prefix() == 0 && r.map() >= 2 && (mandatory == 0xf2 || mandatory == 0xf3)) continue;
            return r;
        }
        return null;
    }

    private static int sizeOf(char code, int opSize) {
        return switch (code) {
            case 'b' -> 1;
            case 'w' -> 2;
            case 'd' -> 4;
            case 'q' -> 8;
            case 'y' -> opSize == 8 ? 8 : 4;
            case 'l' -> Math.min(opSize, 4);
            case 'x' -> 16;
            case 't' -> 10;
            default -> opSize;
        };
    }

    /** Register location: byte registers 4-7 are AH..BH unless a REX prefix is present. */
    private static int regLoc(int reg, int size, int rex) {
        if (size == 1 && rex == 0 && reg >= 4 && reg < 8) {
            return Insn.AH + (reg - 4);
        }
        return reg;
    }

    private static void setImm(Insn.Builder b, int n, long v) {
        if (n == 0) b.imm = v;
        else b.imm2 = v;
    }

    /** Reads a little-endian immediate of {@code bytes} bytes, sign-extended to 64 bits. */
    private long readImm(int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (long) next() << (8 * i);
        }
        int shift = 64 - 8 * bytes;
        return (v << shift) >> shift;
    }

    private int decodeModrm16(Insn.Builder b, int mod, int rm) {
        if (mod == 0 && rm == 6) {
            b.disp = readImm(2);
            return Insn.DS;
        }
        b.base = BASE16[rm];
        b.index = INDEX16[rm];
        b.disp = mod == 1 ? readImm(1) : mod == 2 ? readImm(2) : 0;
        return (rm == 2 || rm == 3 || rm == 6) ? Insn.SS : Insn.DS;
    }

    private int decodeModrm32(Insn.Builder b, int mod, int rm, int rexX, int rexB, boolean long64) {
        int seg = Insn.DS;
        if (rm == 4) {
            int sib = next();
            int scale = sib >> 6, index = ((sib >> 3) & 7) | rexX, base = sib & 7;
            b.scale = scale;
            b.index = index == 4 ? Insn.NONE : index;
            if (base == 5 && mod == 0) {
                b.disp = readImm(4);
            } else {
                b.base = base | rexB;
                if (b.base == Cpu.RSP || b.base == Cpu.RBP) seg = Insn.SS;   // r12/r13 are DS-relative
            }
        } else if (rm == 5 && mod == 0) {
            b.disp = readImm(4);
            if (long64) b.base = Insn.RIP;
            return seg;
        } else {
            b.base = rm | rexB;
            if (b.base == Cpu.RBP) seg = Insn.SS;
        }
        if (mod == 1) b.disp = readImm(1);
        else if (mod == 2) b.disp = readImm(4);
        return seg;
    }
}

package dev.multiverse.cpu.diff;

import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.OperandKind;
import dev.multiverse.cpu.insn.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds one random case for one row: chooses the encoding (operand size, address size, prefixes, REX,
 * ModRM/SIB form, registers), then the starting state: registers from edge sets, random status flags and
 * DF, RSP in the stack part of the data area, and the registers that must point somewhere (memory
 * operands, string pointers, frame pointers, branch targets, counters) solved so every access lands in a
 * data area, in a page that is unmapped on both sides, or at a non-canonical address. Nothing ever points
 * at memory the native harness itself uses. Rows with XMM or MMX operands also get a whole x87/MMX/SSE
 * state ({@link SimdValues#image}), their memory operands vector values, aligned as the row requires (with
 * some misaligned cases for the #GP), and related source and destination vectors.
 */
final class CaseBuilder {
    private static final int RSP = 4, RAX = 0, RCX = 1, RDX = 2, RBX = 3, RBP = 5, RSI = 6, RDI = 7;
    private static final Set<String> SHIFTS = Set.of("rol", "ror", "rcl", "rcr", "shl", "sal", "shr", "sar", "shld", "shrd");
    private static final Set<String> BIT_TESTS = Set.of("bt", "bts", "btr", "btc");
    private static final Set<String> STRINGS = Set.of("movs", "cmps", "stos", "lods", "scas");
    private static final Set<String> STACK_USERS = Set.of("push", "pop", "call", "ret", "enter", "leave", "pushf", "popf");
    private static final Set<String> COUNTED_BRANCHES = Set.of("loop", "loope", "loopne", "jrcxz");
    /** MMX/SSE shifts whose count is the low quadword of a vector operand. */
    private static final Set<String> VECTOR_SHIFTS = Set.of("psllw", "pslld", "psllq", "psrlw", "psrld", "psrlq", "psraw", "psrad");
    /** Byte-masked stores to DS:rDI. */
    private static final Set<String> MASKED_STORES = Set.of("maskmovq", "maskmovdqu");
    private static final int LEGACY_IMAGE = 512, XSAVE_HEADER = 64;
    /**
     * XSTATE_BV bits no XCR0 can hold (supervisor components, which only IA32_XSS enables, and bit 63):
     * XRSTOR of a standard-form image with one of them is #GP on any CPU, whatever the host's XCR0.
     */
    private static final int[] NEVER_IN_XCR0 = {8, 10, 11, 12, 13, 14, 15, 16, 63};

    /** Where an operand lives. */
    private enum Where { REGISTER, MEMORY, IMMEDIATE, RELATIVE, CONSTANT, IMPLICIT, XMM, MMX }

    private record Operand(OperandKind kind, int size, Where where, int register, int immediate) {
    }

    /** What the memory operand is aimed at. */
    private enum Target { LOW, HIGH, CROSS_END, UNMAPPED, NON_CANONICAL, ANYWHERE }

    private final Row row;
    private final String mn;
    private final SplittableRandom r;
    private final Encoding enc;
    private final long[] gpr = new long[16];
    private final boolean[] fixed = new boolean[16];
    private final List<DiffCase.Patch> patches = new ArrayList<>();
    private final List<Operand> operands = new ArrayList<>();
    /** The row works on x87/MMX/SSE state: the case carries an FXSAVE image. */
    private final boolean simd;
    private byte[] fpu;

    private int opSize, addrSize = 8, length;
    private int regRegister = -1, rmRegister = -1;
    private boolean repeated;
    private long rflags;
    /** Effective address of the ModRM or moffs memory operand, once placed. */
    private long ea;
    private int memoryAccess;

    private CaseBuilder(Row row, SplittableRandom r) {
        this.row = row;
        this.mn = row.mnemonic();
        this.r = r;
        this.enc = new Encoding(row);
        this.simd = RowKinds.usesFpu(row);
    }

    /** One case for {@code row}, or null if this draw could not be made safe (the caller draws again). */
    static DiffCase build(int id, Row row, SplittableRandom r) {
        return new CaseBuilder(row, r).build(id);
    }

    private DiffCase build(int id) {
        chooseOperandSize();
        chooseModrm();
        chooseAddressSize();
        layoutOperands();
        choosePrefixes();
        chooseRex();
        length = enc.length();

        initialState();
        roles();
        if (!placeMemory()) return null;
        if (!operandValues()) return null;
        adjustments();
        if (simd) vectorOperands();

        byte[] code = enc.bytes();
        if (code.length != length || code.length > DiffLayout.MAX_INSN) return null;
        long undefined = UndefinedFlags.of(mn, operands.isEmpty() ? opSize : operands.getFirst().size(), shiftCount());
        return new DiffCase(id, row, code, gpr.clone(), rflags, fpu, List.copyOf(patches), undefined);
    }

    // ---- encoding ----

    private void chooseOperandSize() {
        boolean force64 = row.has(Row.FORCE64), def64 = row.has(Row.DEF64);
        int[] options = force64 ? new int[]{8} : def64 ? new int[]{2, 8}
                : row.has(Row.NO66) || mn.equals("bswap") || !sizePrefixAllowed() ? new int[]{4, 8} : new int[]{2, 4, 8};
        opSize = options[r.nextInt(options.length)];
        if (opSize == 2) enc.prefixes.add(0x66);
        if (opSize == 8 && !force64 && !def64) enc.rexW = true;
        // Redundant or overridden size prefixes: REX.W on default-64 forms, 66 next to REX.W or on forced-64 branches.
        if (opSize == 8 && (force64 || def64) && r.nextInt(8) == 0) enc.rexW = true;
        if (opSize == 8 && !def64 && r.nextInt(10) == 0 && sizePrefixAllowed()) enc.prefixes.add(0x66);
    }

    /**
     * Whether a 66 prefix may be drawn as operand size. Before an opcode that has mandatory-prefix forms it
     * selects another instruction (MOVAPS becomes MOVAPD, an MMX form its SSE2 form, XSAVEOPT becomes
     * CLWB); only next to a mandatory F2 or F3, which take precedence, does it size a general-register
     * operand (CRC32, POPCNT).
     */
    private boolean sizePrefixAllowed() {
        if (!simd && row.prefix() == 0) return true;
        if (row.prefix() != 0xf2 && row.prefix() != 0xf3) return false;
        for (OperandKind k : row.operands()) {
            if (k.size == 'v') return true;
        }
        return false;
    }

    private boolean memoryOperandPossible() {
        for (OperandKind k : row.operands()) {
            switch (k.source) {
                case RM, MEM, XMM_RM, MMX_RM -> { return true; }
                default -> { }
            }
        }
        return false;
    }

    private void chooseModrm() {
        if (!row.needsModrm()) return;
        if (row.modrm() >= 0) {
            enc.mod = row.modrm() >> 6;
            enc.reg = (row.modrm() >> 3) & 7;
            enc.rm = row.modrm() & 7;
            rmRegister = enc.rm;
            return;
        }
        if (row.ext() >= 0) {
            enc.reg = row.ext();
        } else {
            regRegister = r.nextInt(16);
            enc.reg = regRegister & 7;
            enc.rexR = regRegister >= 8;
        }
        boolean memory;
        if (row.has(Row.MEMONLY) || hasSource(OperandKind.Source.MEM)) memory = true;
        else if (row.has(Row.REGONLY) || !memoryOperandPossible()) memory = false;
        else memory = r.nextInt(100) < 55;
        if (memory) {
            MemoryForm f = MemoryForm.random(r);
            enc.memory = f;
            enc.mod = f.mod();
            enc.rm = f.rmField();
            enc.rexX = f.rexX();
            enc.rexB = f.rexB();
        } else {
            rmRegister = r.nextInt(16);
            enc.mod = 3;
            enc.rm = rmRegister & 7;
            enc.rexB = rmRegister >= 8;
        }
    }

    private boolean hasSource(OperandKind.Source source) {
        for (OperandKind k : row.operands()) {
            if (k.source == source) return true;
        }
        return false;
    }

    private int sizeOf(OperandKind k) {
        return switch (k.size) {
            case 'b' -> 1;
            case 'w' -> 2;
            case 'd' -> 4;
            case 'q' -> 8;
            case 'y' -> opSize == 8 ? 8 : 4;
            case 'z' -> Math.min(opSize, 4);
            case 'x' -> 16;
            default -> opSize;
        };
    }

    private void layoutOperands() {
        int opcodeRegister = -1;
        for (OperandKind k : row.operands()) {
            int size = sizeOf(k);
            Operand op = switch (k.source) {
                case RM, RM_REG -> enc.memory != null
                        ? new Operand(k, size, Where.MEMORY, -1, -1)
                        : new Operand(k, size, Where.REGISTER, rmRegister, -1);
                case MEM -> new Operand(k, size, Where.MEMORY, -1, -1);
                case REG -> new Operand(k, size, Where.REGISTER, regRegister, -1);
                case XMM_REG -> new Operand(k, size, Where.XMM, regRegister, -1);
                case XMM_RM -> enc.memory != null
                        ? new Operand(k, size, Where.MEMORY, -1, -1)
                        : new Operand(k, size, Where.XMM, rmRegister, -1);
                // Eight MMX registers: REX.R and REX.B, when drawn, select nothing.
                case MMX_REG -> new Operand(k, size, Where.MMX, regRegister & 7, -1);
                case MMX_RM -> enc.memory != null
                        ? new Operand(k, size, Where.MEMORY, -1, -1)
                        : new Operand(k, size, Where.MMX, rmRegister & 7, -1);
                case OPREG -> {
                    if (opcodeRegister < 0) {
                        opcodeRegister = r.nextInt(16);
                        enc.opcodeRegister = opcodeRegister;
                        enc.rexB = opcodeRegister >= 8;
                    }
                    yield new Operand(k, size, Where.REGISTER, opcodeRegister, -1);
                }
                case FIXED -> new Operand(k, k == OperandKind.eAX ? Math.min(opSize, 4) : size, Where.REGISTER, k.fixedRegister(), -1);
                case CONST -> new Operand(k, 1, Where.CONSTANT, -1, -1);
                case IMM -> new Operand(k, size, Where.IMMEDIATE, -1, placeholder(k.size == 's' ? 1 : k.size == 'v' ? opSize : size));
                case REL -> new Operand(k, size, Where.RELATIVE, -1, placeholder(k.size == 'b' ? 1 : 4));
                // The moffs address is encoded among the immediates, in operand order.
                case MOFFS -> new Operand(k, size, Where.MEMORY, -1, placeholder(addrSize));
                default -> new Operand(k, size, Where.IMPLICIT, -1, -1);
            };
            operands.add(op);
        }
    }

    private int placeholder(int bytes) {
        return enc.immediate(bytes);
    }

    private boolean usesMemory() {
        return enc.memory != null || hasSource(OperandKind.Source.MOFFS) || hasSource(OperandKind.Source.STRING)
                || COUNTED_BRANCHES.contains(mn) || mn.equals("xlat") || MASKED_STORES.contains(mn);
    }

    private void chooseAddressSize() {
        if (r.nextInt(100) < (usesMemory() ? 12 : 2)) {
            addrSize = 4;
            enc.prefixes.add(0x67);
        }
    }

    private boolean memoryDestination() {
        return !operands.isEmpty() && operands.getFirst().where() == Where.MEMORY;
    }

    private void choosePrefixes() {
        if (row.has(Row.REP)) {
            int k = r.nextInt(100);
            boolean compares = mn.equals("cmps") || mn.equals("scas");
            if (k < 55) {
                enc.prefixes.add(0xf3);
                repeated = true;
            } else if (compares && k < 85) {
                enc.prefixes.add(0xf2);
                repeated = true;
            }
        }
        int lockChance = row.has(Row.LOCK) ? (memoryDestination() ? 30 : 3) : 1;
        if (r.nextInt(100) < lockChance) enc.prefixes.add(0xf0);
        if (r.nextInt(100) < 5) enc.prefixes.add(new int[]{0x26, 0x2e, 0x36, 0x3e}[r.nextInt(4)]);   // ignored in 64-bit mode
        // Legacy prefixes may come in any order; keep a REP prefix last so it stays the one that counts.
        List<Integer> shuffled = new ArrayList<>(enc.prefixes);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            Integer t = shuffled.get(i);
            shuffled.set(i, shuffled.get(j));
            shuffled.set(j, t);
        }
        shuffled.sort((a, b) -> Boolean.compare(a == 0xf2 || a == 0xf3, b == 0xf2 || b == 0xf3));
        enc.prefixes.clear();
        enc.prefixes.addAll(shuffled);
    }

    private boolean hasByteRegister() {
        for (Operand op : operands) {
            if (op.where() == Where.REGISTER && op.size() == 1) return true;
        }
        return false;
    }

    private void chooseRex() {
        enc.rex = enc.rexW || enc.rexR || enc.rexX || enc.rexB;
        if (!enc.rex && !operands.isEmpty() && r.nextInt(100) < (hasByteRegister() ? 35 : 8)) enc.rex = true;
        if (!enc.rex || row.modrm() >= 0) return;
        // REX bits that select nothing: R with an opcode-extension ModRM.reg, X without a SIB index,
        // B with RIP-relative or base-less SIB addressing.
        boolean noSib = enc.memory == null || !enc.memory.sib();
        boolean noBase = enc.memory != null && (enc.memory.base() == MemoryForm.RIP || enc.memory.base() == MemoryForm.NONE);
        if (row.ext() >= 0 && enc.hasModrm() && r.nextInt(4) == 0) enc.rexR = true;
        if (noSib && enc.hasModrm() && r.nextInt(4) == 0) enc.rexX = true;
        if (noBase && r.nextInt(4) == 0) enc.rexB = true;
    }

    // ---- state ----

    private void initialState() {
        for (int i = 0; i < 16; i++) gpr[i] = OperandValues.filler(r);
        long status = r.nextLong() & Flags.STATUS;
        boolean df = r.nextInt(100) < (STRINGS.contains(mn) ? 50 : 20);
        rflags = 0x202 | status | (df ? Flags.DF : 0);
        long sp = DiffLayout.STACK + r.nextInt(-0x80, 0x80) * 8L;
        if (r.nextInt(100) < 12) sp += r.nextInt(1, 8);
        if (STACK_USERS.contains(mn)) {
            int k = r.nextInt(100);
            if (k < 4) sp = DiffLayout.LOW.base() + r.nextInt(0, 24);           // pushes run off the bottom
            else if (k < 7) sp = DiffLayout.LOW.end() - r.nextInt(0, 24);       // pops run off the top
            else if (k < 8) sp = DiffLayout.NON_CANONICAL + r.nextInt(0, 64) * 8L;
        }
        set(RSP, sp);
        if (simd) fpu = SimdValues.image(r);
    }

    private void set(int register, long value) {
        gpr[register] = value;
        fixed[register] = true;
    }

    /** Sets a register used at the address size: with 32-bit addressing the upper half is noise. */
    private void setAddress(int register, long value) {
        set(register, addrSize == 4 ? (value & 0xffff_ffffL) | (r.nextLong() << 32) : value);
    }

    private boolean df() {
        return (rflags & Flags.DF) != 0;
    }

    /** Registers an instruction uses implicitly as pointers or counters. */
    private void roles() {
        if (STRINGS.contains(mn)) stringRole();
        if (COUNTED_BRANCHES.contains(mn)) {
            long[] counts = {0, 1, 2, 3, 0x1_0000_0000L, 0x1_0000_0001L, -1L};
            set(RCX, r.nextBoolean() ? counts[r.nextInt(counts.length)] : OperandValues.filler(r));
        }
        if (mn.equals("leave") || mn.equals("enter")) {
            long bp = gpr[RSP] + r.nextInt(0, 0x40) * 8L;
            int k = r.nextInt(100);
            if (mn.equals("leave") && k < 4) bp = DiffLayout.UNMAPPED_AFTER_LOW + r.nextInt(0, 0x200) * 8L;
            else if (mn.equals("leave") && k < 6) bp = DiffLayout.NON_CANONICAL + r.nextInt(0, 0x200) * 8L;
            set(RBP, bp);
        }
        if (mn.equals("xlat")) setAddress(RBX, DiffLayout.LOW.base() + r.nextInt(DiffLayout.LOW.size() - 256));
        // The store touches only the selected bytes; whether an all-zero mask faults on a bad address is
        // implementation-specific, so the destination is always mapped.
        if (MASKED_STORES.contains(mn)) setAddress(RDI, pick(DiffLayout.LOW, mn.equals("maskmovq") ? 8 : 16, 0));
        if (mn.startsWith("xsave") || mn.equals("xrstor")) {
            // The requested-feature bitmap EDX:EAX asks for the x87 and SSE components at most: the host's XCR0
            // enables more (AVX, AVX-512...) than the emulator has.
            set(RAX, (r.nextLong() & ~0xffff_ffffL) | r.nextInt(4));
            set(RDX, r.nextLong() & ~0xffff_ffffL);
        }
        if (mn.equals("pcmpestri") || mn.equals("pcmpestrm")) {
            // Explicit string lengths: in and out of range (|length| saturates at 8 or 16 elements), either sign.
            for (int reg : new int[]{RAX, RDX}) {
                long length = r.nextInt(100) < 80 ? r.nextInt(-20, 21) : OperandValues.filler(r);
                set(reg, r.nextBoolean() ? length : (gpr[reg] & ~0xffff_ffffL) | (length & 0xffff_ffffL));
            }
        }
    }

    private int elementSize() {
        for (Operand op : operands) {
            if (op.where() == Where.IMPLICIT) return op.size();
        }
        return opSize;
    }

    private void stringRole() {
        int e = elementSize();
        long count = 1;
        if (repeated) {
            int k = r.nextInt(100);
            count = k < 10 ? 0 : k < 25 ? 1 : k < 40 ? r.nextInt(2, 5) : k < 85 ? r.nextInt(5, 41) : r.nextInt(41, e == 1 ? 600 : 200);
            setAddress(RCX, count);
        }
        boolean usesSi = false, usesDi = false;
        for (OperandKind k : row.operands()) {
            usesSi |= k == OperandKind.Xb || k == OperandKind.Xv;
            usesDi |= k == OperandKind.Yb || k == OperandKind.Yv;
        }
        if (usesSi) setAddress(RSI, stringPointer(e, Math.max(count, 1)));
        if (usesDi) setAddress(RDI, stringPointer(e, Math.max(count, 1)));
    }

    /** A pointer whose run of {@code count} elements stays in the low area, or (sometimes) runs off its end. */
    private long stringPointer(int e, long count) {
        long span = count * e;
        Area low = DiffLayout.LOW;
        if (r.nextInt(100) < 7) {
            return df() ? low.base() + r.nextLong(0, span) - e + 1 : low.end() - r.nextLong(1, span + 1);
        }
        long from = df() ? low.base() + span - e : low.base();
        long to = df() ? low.end() - e : low.end() - span;
        return from + r.nextLong(0, to - from + 1);
    }

    // ---- memory operand ----

    private int memoryAccessSize(Operand op) {
        if (op.kind() == OperandKind.M) {
            return switch (mn) {
                case "lea", "nop" -> 0;
                case "cmpxchg8b" -> enc.rexW ? 16 : 8;
                case "fxsave", "fxrstor" -> LEGACY_IMAGE;
                // The legacy region and the XSAVE header: all the x87 and SSE components use.
                case "xsave", "xsaveopt", "xrstor" -> LEGACY_IMAGE + XSAVE_HEADER;
                default -> 16;
            };
        }
        return switch (mn) {
            case "lea", "nop" -> 0;
            case "call", "jmp" -> 8;
            default -> op.size();
        };
    }

    private Operand memoryOperand() {
        for (Operand op : operands) {
            if (op.where() == Where.MEMORY) return op;
        }
        return null;
    }

    /** Extra bytes either side of the operand that the instruction may touch (BT with a register offset). */
    private int margin() {
        return BIT_TESTS.contains(mn) && operands.size() > 1 && operands.get(1).where() == Where.REGISTER ? 80 : 0;
    }

    private boolean placeMemory() {
        Operand op = memoryOperand();
        if (op == null) return true;
        memoryAccess = memoryAccessSize(op);
        Target target;
        int k = r.nextInt(100);
        if (memoryAccess == 0) target = k < 40 ? Target.ANYWHERE : k < 85 ? Target.LOW : Target.HIGH;
        else target = k < 72 ? Target.LOW : k < 82 ? Target.HIGH : k < 90 ? Target.CROSS_END
                : k < 95 ? Target.UNMAPPED : Target.NON_CANONICAL;
        boolean moffs = op.kind().source == OperandKind.Source.MOFFS;
        boolean registers = !moffs && enc.memory.base() != MemoryForm.RIP
                && (enc.memory.base() != MemoryForm.NONE || enc.memory.index() != MemoryForm.NONE);
        boolean wide = addrSize == 8 && (moffs || registers);
        if ((target == Target.HIGH || target == Target.NON_CANONICAL) && !wide) target = Target.LOW;
        if (target == Target.ANYWHERE && !registers) target = Target.LOW;

        int size = Math.max(memoryAccess, 1);
        int margin = margin();
        long t = switch (target) {
            case LOW, ANYWHERE -> pick(DiffLayout.LOW, size, margin);
            case HIGH -> pick(DiffLayout.HIGH, size, margin);
            case CROSS_END -> (r.nextBoolean() ? DiffLayout.LOW : DiffLayout.HIGH).end() - r.nextInt(1, Math.max(size, 2));
            case UNMAPPED -> DiffLayout.UNMAPPED_AFTER_LOW + (r.nextInt(DiffLayout.PAGE - size) & (aligned() ? -requiredAlignment() : -1));
            case NON_CANONICAL -> DiffLayout.NON_CANONICAL + 0x1000 + r.nextInt(1 << 16) - (r.nextBoolean() ? 0 : 0x1_0000_0000_0000L);
        };
        if (moffs) {
            if (addrSize == 4 && (t >>> 32) != 0) t = pick(DiffLayout.LOW, size, 0);
            enc.setImmediate(op.immediate(), t);
            ea = t;
        } else if (target == Target.ANYWHERE) {
            ea = anywhere();
            return true;
        } else {
            ea = solve(enc.memory, t);
            if (ea == Long.MIN_VALUE) return false;
        }
        if (target == Target.LOW || target == Target.HIGH) {
            return DiffLayout.areaOf(ea - margin, size + 2L * margin) != null;
        }
        return safe(ea) && safe(ea + size - 1);
    }

    /** The alignment the memory operand needs (else #GP(0)): legacy SSE 16-byte operands, FXSAVE and XSAVE images. */
    private int requiredAlignment() {
        if (mn.startsWith("xsave") || mn.equals("xrstor")) return 64;
        if (mn.equals("fxsave") || mn.equals("fxrstor")) return 16;
        return row.has(Row.SSE) && !row.has(Row.UNALIGNED) && memoryAccess == 16 ? 16 : 0;
    }

    /** Whether this case's operand is aligned as required: most are, a few are not and check the #GP(0). */
    private boolean aligned() {
        return requiredAlignment() > 0 && r.nextInt(100) < 92;
    }

    private long pick(Area a, int size, int margin) {
        long offset = margin + r.nextLong(0, a.size() - size - 2L * margin + 1);
        if (aligned()) offset &= -requiredAlignment();
        else if (r.nextBoolean()) offset &= -Math.min(Integer.highestOneBit(size), 16);
        if (mn.equals("cmpxchg8b") && size == 16 && r.nextInt(100) < 85) offset &= -16;
        return a.base() + offset;
    }

    /** Addresses an access may touch: the data areas, the unmapped pages around them, non-canonical space. */
    private static boolean safe(long address) {
        for (Area a : DiffLayout.AREAS) {
            if (address - (a.base() - DiffLayout.PAGE) >= 0 && address - (a.base() - DiffLayout.PAGE) < a.size() + 2L * DiffLayout.PAGE) {
                return true;
            }
        }
        long top = address >> 47;
        return top != 0 && top != -1;
    }

    private long disp32() {
        int k = r.nextInt(100);
        if (k < 50) return r.nextInt(-0x800, 0x800);
        if (k < 70) return new long[]{0, 0x7fff_ffff, -0x8000_0000L, -1, 0x10_0000}[r.nextInt(5)];
        return r.nextInt();
    }

    private long indexValue() {
        int k = r.nextInt(100);
        if (k < 20) return 0;
        if (k < 60) return r.nextInt(-64, 65);
        if (k < 80 || addrSize == 4) return r.nextInt();
        return r.nextLong();
    }

    private static boolean fitsInt(long v) {
        return v == (int) v;
    }

    /**
     * Sets the base and index registers and the displacement of {@code f} so that the effective address
     * is at or just below {@code t}; returns the effective address, or {@code Long.MIN_VALUE} if the form
     * cannot reach it.
     */
    private long solve(MemoryForm f, long t) {
        long m = addrSize == 4 ? 0xffff_ffffL : -1L;
        long nextRip = DiffLayout.INSN + length;
        int b = f.base(), x = f.index(), s = f.scale();
        if (b == MemoryForm.RIP) {
            long d = t - nextRip;
            if (!fitsInt(d)) return Long.MIN_VALUE;
            enc.disp = d;
            return (nextRip + d) & m;
        }
        if (b == MemoryForm.NONE && x == MemoryForm.NONE) {
            if (!fitsInt(t) && !(addrSize == 4 && (t >>> 32) == 0)) return Long.MIN_VALUE;
            enc.disp = t;
            return ((int) t) & m;
        }
        int dispSize = b == MemoryForm.NONE ? 4 : f.dispSize();
        long d = dispSize == 0 ? 0 : dispSize == 1 ? r.nextInt(-128, 128) : disp32();
        if (b == MemoryForm.NONE) {
            long xv;
            if (fixed[x]) {
                xv = gpr[x];
                long need = t - (xv << s);
                if (addrSize == 4) need = (int) need;
                if (fitsInt(need)) d = need;
            } else {
                xv = (t - d) >> s;
                setAddress(x, xv);
            }
            enc.disp = d;
            return ((gpr[x] << s) + d) & m;
        }
        if (b == x) {
            if (!fixed[b]) setAddress(b, Math.floorDiv(t - d, 1L + (1L << s)));
            enc.disp = d;
            return (gpr[b] + (gpr[b] << s) + d) & m;
        }
        long xv = 0;
        if (x != MemoryForm.NONE) {
            if (!fixed[x]) {
                xv = fixed[b] ? (t - d - gpr[b]) >> s : indexValue();
                setAddress(x, xv);
            }
            xv = gpr[x];
        }
        if (fixed[b]) {
            long need = t - gpr[b] - (xv << s);
            if (addrSize == 4) need = (int) need;
            if (dispSize == 4 && fitsInt(need)) d = need;
            else if (dispSize == 1 && need >= -128 && need < 128) d = need;
        } else {
            setAddress(b, t - d - (xv << s));
        }
        enc.disp = d;
        return (gpr[b] + (x == MemoryForm.NONE ? 0 : gpr[x] << s) + d) & m;
    }

    /** LEA and NOP never access their operand: any registers and displacement will do. */
    private long anywhere() {
        MemoryForm f = enc.memory;
        long m = addrSize == 4 ? 0xffff_ffffL : -1L;
        int dispSize = f.base() == MemoryForm.NONE ? 4 : f.dispSize();
        long d = dispSize == 0 ? 0 : dispSize == 1 ? r.nextInt(-128, 128) : r.nextInt();
        enc.disp = d;
        if (f.base() != MemoryForm.NONE && !fixed[f.base()]) set(f.base(), OperandValues.filler(r));
        if (f.index() != MemoryForm.NONE && !fixed[f.index()]) set(f.index(), OperandValues.filler(r));
        long a = d;
        if (f.base() != MemoryForm.NONE) a += gpr[f.base()];
        if (f.index() != MemoryForm.NONE) a += gpr[f.index()] << f.scale();
        return a & m;
    }

    // ---- operand values ----

    /** The register a register operand lives in: AH, CH, DH and BH are bits 8-15 of RAX..RBX. */
    private int physical(Operand op) {
        return op.size() == 1 && !enc.rex && op.register() >= 4 && op.register() < 8 ? op.register() - 4 : op.register();
    }

    private boolean highByte(Operand op) {
        return physical(op) != op.register();
    }

    private void setOperand(Operand op, long value) {
        int p = physical(op);
        if (highByte(op)) gpr[p] = (gpr[p] & ~0xff00L) | ((value & 0xff) << 8);
        else gpr[p] = (gpr[p] & ~OperandValues.mask(op.size())) | (value & OperandValues.mask(op.size()));
        fixed[p] = true;
    }

    private long operandValue(Operand op) {
        int p = physical(op);
        return highByte(op) ? (gpr[p] >>> 8) & 0xff : gpr[p] & OperandValues.mask(op.size());
    }

    private void patch(long address, long value, int size) {
        if (DiffLayout.areaOf(address, size) == null) return;
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) bytes[i] = (byte) (value >>> (8 * i));
        patches.add(new DiffCase.Patch(address, bytes));
    }

    private boolean isCountOperand(int n) {
        return SHIFTS.contains(mn) && n == operands.size() - 1 && n > 0;
    }

    /** SHLD/SHRD leave the result undefined when the count exceeds a 16-bit operand: keep such counts out. */
    private long limitCount(long count) {
        if ((mn.equals("shld") || mn.equals("shrd")) && opSize == 2 && (count & 0x1f) > 16) return count & 0x0f;
        return count;
    }

    private boolean operandValues() {
        for (int n = 0; n < operands.size(); n++) {
            Operand op = operands.get(n);
            switch (op.where()) {
                case REGISTER -> {
                    if (fixed[physical(op)]) {
                        // Already chosen as an address, a counter or an earlier operand.
                        if (isCountOperand(n) && limitCount(operandValue(op)) != operandValue(op)) return false;
                        if (isBitOffset(n)) return false;   // an address register as bit offset reaches anywhere
                        continue;
                    }
                    long v;
                    if (isCountOperand(n)) v = limitCount(OperandValues.shiftCount(r));
                    else if (isBranchTarget()) v = OperandValues.branchTarget(r, length);
                    else if (isBitOffset(n)) v = r.nextInt(-4 * 8 * op.size(), 5 * 8 * op.size());
                    else v = OperandValues.value(r, op.size());
                    if (!highByte(op)) gpr[op.register()] = OperandValues.register(r, op.size());
                    setOperand(op, v);
                }
                case MEMORY -> {
                    if (simd && memoryAccess > 0 && memoryAccess <= 16) {
                        long[] v = SimdValues.vector(r, memoryAccess);
                        patchVector(ea, v, memoryAccess);
                    } else if (memoryAccess > 0 && memoryAccess <= 8) {
                        long v = isBranchTarget() ? OperandValues.branchTarget(r, length) : OperandValues.value(r, memoryAccess);
                        patch(ea, v, memoryAccess);
                    }
                }
                case IMMEDIATE -> enc.setImmediate(op.immediate(), immediateValue(n, op));
                case RELATIVE -> enc.setImmediate(op.immediate(), relativeTarget(op) - (DiffLayout.INSN + length));
                default -> { }
            }
        }
        return true;
    }

    /**
     * BT/BTS/BTR/BTC with a memory operand and a register bit offset address memory around the operand
     * by the signed offset: keep it within a few operand widths.
     */
    private boolean isBitOffset(int n) {
        return BIT_TESTS.contains(mn) && n == 1 && operands.get(1).where() == Where.REGISTER
                && operands.getFirst().where() == Where.MEMORY;
    }

    private boolean isBranchTarget() {
        return (mn.equals("call") || mn.equals("jmp")) && row.has(Row.ENDS_BLOCK);
    }

    private long immediateValue(int n, Operand op) {
        if (isCountOperand(n)) return limitCount(OperandValues.shiftCount(r));
        if (BIT_TESTS.contains(mn)) return OperandValues.shiftCount(r);
        if (mn.equals("enter")) {
            if (op.kind() == OperandKind.Iw) {
                int k = r.nextInt(100);
                return k < 15 ? 0 : k < 85 ? r.nextInt(0, 0x80) * 8L + (r.nextInt(4) == 0 ? r.nextInt(8) : 0) : r.nextInt(0x10000);
            }
            int k = r.nextInt(100);
            return k < 30 ? 0 : k < 60 ? 1 : k < 85 ? r.nextInt(2, 8) : r.nextInt(256);
        }
        if (mn.equals("ret")) return r.nextInt(100) < 80 ? r.nextInt(0, 64) * 8L : r.nextInt(0x10000);
        // Vector immediates are shift counts, lane selectors, shuffle and compare controls: counts near the
        // lane widths, or any byte.
        if (simd && op.kind() == OperandKind.Ib) return r.nextBoolean() ? OperandValues.shiftCount(r) : r.nextInt(256);
        int bytes = op.kind().size == 's' || op.kind().size == 'b' ? 1 : op.kind().size == 'w' ? 2 : op.kind().size == 'v' ? opSize : Math.min(opSize, 4);
        return OperandValues.value(r, bytes);
    }

    private long relativeTarget(Operand op) {
        if (op.kind() == OperandKind.Jb) return OperandValues.nearLanding(r, length);
        if (r.nextInt(100) < 92) return OperandValues.landing(r, length);
        while (true) {
            // A far target: fetch faults there natively and in the emulator, outside the first MiB
            // (where the emulator keeps its own descriptor tables and handlers).
            long target = DiffLayout.INSN + length + r.nextInt();
            if (Long.compareUnsigned(target, 0x10_0000L) >= 0 && !DiffLayout.isLanding(target, length)
                    && (target < DiffLayout.CODE_PAGE || target >= DiffLayout.CODE_PAGE + DiffLayout.PAGE)) {
                return target;
            }
        }
    }

    // ---- vector operands ----

    private void patchVector(long address, long[] v, int size) {
        patches.removeIf(p -> p.address() == address);
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) bytes[i] = (byte) (v[i / 8] >>> (8 * (i % 8)));
        if (DiffLayout.areaOf(address, size) != null) patches.add(new DiffCase.Patch(address, bytes));
    }

    /** The bytes of the memory operand as patched (zero where not patched), as (low, high). */
    private long[] patchedVector(int size) {
        long[] v = new long[2];
        for (DiffCase.Patch p : patches) {
            if (p.address() != ea) continue;
            for (int i = 0; i < Math.min(size, p.bytes().length); i++) v[i / 8] |= (p.bytes()[i] & 0xffL) << (8 * (i % 8));
        }
        return v;
    }

    /** MMX register {@code n} is the significand of physical x87 register n, in ST slot (n - TOP) mod 8. */
    private int mmxSlot(int n) {
        return (n - FxsaveImage.top(fpu)) & 7;
    }

    private long[] vectorValue(Operand op) {
        return switch (op.where()) {
            case XMM -> new long[]{FxsaveImage.xmmLow(fpu, op.register()), FxsaveImage.xmmHigh(fpu, op.register())};
            case MMX -> new long[]{FxsaveImage.significand(fpu, mmxSlot(op.register())), 0};
            case MEMORY -> patchedVector(memoryAccess);
            default -> throw new IllegalStateException("not a vector operand: " + op);
        };
    }

    private void setVector(Operand op, long[] v) {
        switch (op.where()) {
            case XMM -> FxsaveImage.setXmm(fpu, op.register(), v[0], v[1]);
            case MMX -> FxsaveImage.setSlot(fpu, mmxSlot(op.register()), v[0], 0xffff);
            case MEMORY -> {
                if (memoryAccess > 0 && memoryAccess <= 16) patchVector(ea, v, memoryAccess);
            }
            default -> throw new IllegalStateException("not a vector operand: " + op);
        }
    }

    private boolean isVector(Operand op) {
        return op.where() == Where.XMM || op.where() == Where.MMX || (op.where() == Where.MEMORY && op.kind().simd());
    }

    /**
     * Inputs that random vectors rarely produce: a source like the destination (equal and nearly equal
     * lanes), shift counts below and around the lane widths, and string terminators for PCMPISTRI/M.
     */
    private void vectorOperands() {
        List<Operand> vectors = operands.stream().filter(this::isVector).toList();
        if (vectors.size() >= 2 && r.nextInt(100) < 30) {
            Operand dst = vectors.getFirst(), src = vectors.getLast();
            int bytes = src.where() == Where.MEMORY ? memoryAccess : src.where() == Where.MMX ? 8 : 16;
            setVector(src, SimdValues.related(r, vectorValue(dst), bytes));
        }
        if (VECTOR_SHIFTS.contains(mn) && vectors.size() >= 2 && r.nextInt(100) < 70) {
            Operand count = vectors.getLast();
            long[] v = vectorValue(count);
            v[0] = r.nextInt(4) == 0 ? OperandValues.shiftCount(r) << (8 * r.nextInt(1, 8)) : OperandValues.shiftCount(r);
            setVector(count, v);
        }
        if (mn.equals("pcmpistri") || mn.equals("pcmpistrm")) {
            for (Operand op : vectors) {
                if (r.nextBoolean()) continue;
                long[] v = vectorValue(op);
                int w = r.nextBoolean() ? 1 : 2;
                SimdValues.setLane(v, w * r.nextInt(16 / w), w, 0);
                setVector(op, v);
            }
        }
    }

    // ---- instruction-specific inputs ----

    private void adjustments() {
        switch (mn) {
            case "div", "idiv" -> dividend();
            case "cmpxchg" -> {
                if (r.nextBoolean() && !fixed[RAX]) gpr[RAX] = (gpr[RAX] & ~OperandValues.mask(operands.getFirst().size())) | destinationValue();
            }
            case "cmpxchg8b" -> {
                // Half the time memory holds the expected value, so the exchange happens.
                if (r.nextBoolean() && memoryAccess == 8) {
                    patch(ea, (gpr[RAX] & 0xffff_ffffL) | gpr[RDX] << 32, 8);
                } else if (memoryAccess == 16 && r.nextBoolean()) {
                    patch(ea, gpr[RAX], 8);
                    patch(ea + 8, gpr[RDX], 8);
                }
            }
            case "ret" -> patch(gpr[RSP], OperandValues.branchTarget(r, length), 8);
            case "popf" -> patch(gpr[RSP], (r.nextLong() & ~(Flags.TF | Flags.AC)) | 2, opSize);
            case "cmps", "scas" -> equalRuns();
            case "ldmxcsr" -> patch(ea, r.nextInt(100) < 85 ? SimdValues.mxcsr(r) : SimdValues.mxcsr(r) | 1L << r.nextInt(16, 32), 4);
            case "fxrstor" -> {
                if (r.nextInt(100) < 90) patchStateImage(false);
            }
            case "xrstor" -> {
                if (r.nextInt(100) < 90) patchStateImage(true);
            }
            default -> { }
        }
    }

    /**
     * A valid FXSAVE image (sometimes with a reserved MXCSR bit, #GP) at the memory operand, and for XRSTOR
     * a standard-form XSAVE header after it whose XSTATE_BV restores or initializes each component
     * (sometimes with a bit XCR0 never has, #GP).
     */
    private void patchStateImage(boolean header) {
        byte[] image = new byte[LEGACY_IMAGE + (header ? XSAVE_HEADER : 0)];
        byte[] tail = new byte[LEGACY_IMAGE - FxsaveImage.SIZE];
        r.nextBytes(tail);
        System.arraycopy(SimdValues.image(r), 0, image, 0, FxsaveImage.SIZE);
        System.arraycopy(tail, 0, image, FxsaveImage.SIZE, tail.length);
        if (r.nextInt(100) < 10) FxsaveImage.put(image, FxsaveImage.MXCSR, 4, SimdValues.mxcsr(r) | 1L << r.nextInt(16, 32));
        if (header) {
            long xstate = r.nextInt(4) | (r.nextInt(100) < 8 ? 1L << NEVER_IN_XCR0[r.nextInt(NEVER_IN_XCR0.length)] : 0);
            FxsaveImage.put(image, LEGACY_IMAGE, 8, xstate);
        }
        if (DiffLayout.areaOf(ea, image.length) != null) patches.add(new DiffCase.Patch(ea, image));
    }

    private long destinationValue() {
        Operand dst = operands.getFirst();
        if (dst.where() == Where.REGISTER) return operandValue(dst);
        for (DiffCase.Patch p : patches) {
            if (p.address() == ea) {
                long v = 0;
                for (int i = 0; i < dst.size(); i++) v |= (p.bytes()[i] & 0xffL) << (8 * i);
                return v;
            }
        }
        return 0;
    }

    private void dividend() {
        Operand divisor = operands.getFirst();
        int size = divisor.size();
        long d = divisor.where() == Where.REGISTER ? operandValue(divisor) : destinationValue();
        boolean signed = mn.equals("idiv");
        int k = r.nextInt(100);
        if (size == 1) {
            if (fixed[RAX] || k >= 85) return;
            long al = gpr[RAX] & 0xff;
            long ah = signed ? ((al & 0x80) != 0 ? 0xff : 0) : d == 0 ? 0 : Long.remainderUnsigned(r.nextLong(), d);
            gpr[RAX] = (gpr[RAX] & ~0xff00L) | ah << 8;
            return;
        }
        if (fixed[RDX] || k >= 85) return;
        long mask = OperandValues.mask(size);
        long low = gpr[RAX] & mask;
        long high = signed ? (OperandValues.signExtend(low, size) < 0 ? mask : 0)
                : d == 0 ? 0 : Long.remainderUnsigned(r.nextLong() & mask, d);
        gpr[RDX] = size == 4 ? high : (gpr[RDX] & ~mask) | high;
    }

    /** CMPS and SCAS under REPE/REPNE: equal elements for a while, so both end conditions are reached. */
    private void equalRuns() {
        if (!repeated || r.nextInt(100) >= 60) return;
        int e = elementSize();
        long count = gpr[RCX] & (addrSize == 4 ? 0xffff_ffffL : -1L);
        if (count == 0 || count > 600) return;
        int span = (int) count * e;
        long di = gpr[RDI] & (addrSize == 4 ? 0xffff_ffffL : -1L);
        long diStart = df() ? di - span + e : di;
        byte[] run = new byte[span];
        if (mn.equals("scas")) {
            for (int i = 0; i < span; i++) run[i] = (byte) (gpr[RAX] >>> (8 * (i % e)));
        } else {
            r.nextBytes(run);
            long si = gpr[RSI] & (addrSize == 4 ? 0xffff_ffffL : -1L);
            long siStart = df() ? si - span + e : si;
            if (DiffLayout.areaOf(siStart, span) == null) return;
            patches.add(new DiffCase.Patch(siStart, run.clone()));
        }
        if (r.nextBoolean()) run[r.nextInt(span)] ^= (byte) (1 << r.nextInt(8));
        if (DiffLayout.areaOf(diStart, span) != null) patches.add(new DiffCase.Patch(diStart, run));
    }

    /** The encoded shift or rotate count (for the undefined-flag rules), or -1 for other instructions. */
    private long shiftCount() {
        if (!SHIFTS.contains(mn)) return -1;
        Operand count = operands.getLast();
        return switch (count.where()) {
            case CONSTANT -> 1;
            case REGISTER -> operandValue(count);
            case IMMEDIATE -> enc.immediateValue(count.immediate()) & 0xff;
            default -> -1;
        };
    }
}

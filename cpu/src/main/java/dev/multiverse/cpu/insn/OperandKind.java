package dev.multiverse.cpu.insn;

/**
 * Operand kinds in the spirit of the Intel SDM opcode-map notation (Appendix A): where the operand comes
 * from (ModRM.rm, ModRM.reg, an immediate, the opcode's low bits, a fixed register...) and its size
 * ({@code b}=1, {@code w}=2, {@code d}=4, {@code q}=8, {@code v}=operand size, {@code z}=operand size with
 * at most 4 immediate bytes, {@code y}=4 or 8, {@code x}=16, {@code t}=10). SIMD registers: {@code V}/{@code W}/{@code U} name an
 * XMM register (ModRM.reg; ModRM.rm or memory; ModRM.rm register only), {@code P}/{@code Q}/{@code N} the
 * same for MMX registers; their size is that of a memory operand (scalar and half-register forms read less).
 */
public enum OperandKind {
    Eb(Source.RM, 'b'), Ew(Source.RM, 'w'), Ed(Source.RM, 'd'), Eq(Source.RM, 'q'), Ev(Source.RM, 'v'), Ey(Source.RM, 'y'),
    /** Operand size capped at 32 bits (the source of MOVSXD: 16 with 66, else 32). */
    Ez(Source.RM, 'l'),
    /** Memory only (LEA, CMPXCHG8B, far pointers, descriptor tables); size given by the semantic. */
    M(Source.MEM, 'v'), Mb(Source.MEM, 'b'), Mw(Source.MEM, 'w'), Md(Source.MEM, 'd'), Mq(Source.MEM, 'q'),
    Mp(Source.MEM, 'p'),
    /** A ten-byte memory operand: an x87 80-bit real or packed BCD integer. */
    Mt(Source.MEM, 't'),
    /** ModRM.rm always names a register (MOV to/from CR/DR ignore mod). */
    Ry(Source.RM_REG, 'y'),
    Gb(Source.REG, 'b'), Gw(Source.REG, 'w'), Gd(Source.REG, 'd'), Gq(Source.REG, 'q'), Gv(Source.REG, 'v'), Gy(Source.REG, 'y'),
    Ib(Source.IMM, 'b'), Iw(Source.IMM, 'w'), Iz(Source.IMM, 'z'), Iv(Source.IMM, 'v'),
    /** imm8 sign-extended to the operand size. */
    Ibs(Source.IMM, 's'),
    Jb(Source.REL, 'b'), Jz(Source.REL, 'z'),
    /** Register in the opcode's low three bits (extended by REX.B). */
    Zb(Source.OPREG, 'b'), Zv(Source.OPREG, 'v'),
    /** Fixed registers: AL, rAX, CL, DX. */
    AL(Source.FIXED, 'b'), AX(Source.FIXED, 'w'), rAX(Source.FIXED, 'v'), eAX(Source.FIXED, 'z'), CL(Source.FIXED, 'b'),
    DX(Source.FIXED, 'w'),
    /** The constant 1 of the shift-by-one forms. */
    ONE(Source.CONST, 'b'),
    /** Memory offset (moffs): an address-size immediate. */
    Ob(Source.MOFFS, 'b'), Ov(Source.MOFFS, 'v'),
    /** Segment, control and debug registers named by ModRM.reg. */
    Sw(Source.SREG, 'w'), Cd(Source.CREG, 'y'), Dd(Source.DREG, 'y'),
    /** Far pointer immediate: offset (operand size) then selector. */
    Ap(Source.FARPTR, 'p'),
    /** String operands: DS:rSI and ES:rDI (implicit, for disassembly). */
    Xb(Source.STRING, 'b'), Xv(Source.STRING, 'v'), Yb(Source.STRING, 'b'), Yv(Source.STRING, 'v'),
    Vx(Source.XMM_REG, 'x'),
    Wx(Source.XMM_RM, 'x'), Wq(Source.XMM_RM, 'q'), Wd(Source.XMM_RM, 'd'), Ww(Source.XMM_RM, 'w'), Wb(Source.XMM_RM, 'b'),
    /** Register-only forms (rows carry REGONLY). */
    Ux(Source.XMM_RM, 'x'), Nq(Source.MMX_RM, 'q'),
    Pq(Source.MMX_REG, 'q'), Qq(Source.MMX_RM, 'q'), Qd(Source.MMX_RM, 'd'),
    /** x87 registers: the top of the stack ST(0), and ST(i) named by ModRM.rm (REX.B does not extend it). */
    ST0(Source.X87_TOP, 't'), STi(Source.X87_RM, 't');

    public enum Source {
        RM, MEM, RM_REG, REG, IMM, REL, OPREG, FIXED, CONST, MOFFS, SREG, CREG, DREG, FARPTR, STRING,
        XMM_REG, XMM_RM, MMX_REG, MMX_RM, X87_TOP, X87_RM
    }

    public final Source source;
    public final char size;

    OperandKind(Source source, char size) {
        this.source = source;
        this.size = size;
    }

    public boolean needsModrm() {
        return switch (source) {
            case RM, MEM, RM_REG, REG, SREG, CREG, DREG, XMM_REG, XMM_RM, MMX_REG, MMX_RM, X87_RM -> true;
            default -> false;
        };
    }

    /** An XMM or MMX register, or XMM/MMX-or-memory operand. */
    public boolean simd() {
        return switch (source) {
            case XMM_REG, XMM_RM, MMX_REG, MMX_RM -> true;
            default -> false;
        };
    }

    /** The fixed register number for {@link Source#FIXED} kinds. */
    public int fixedRegister() {
        return switch (this) {
            case CL -> 1;
            case DX -> 2;
            default -> 0;
        };
    }
}

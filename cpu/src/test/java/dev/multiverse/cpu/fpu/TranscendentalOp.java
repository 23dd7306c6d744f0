package dev.multiverse.cpu.fpu;

/**
 * The instructions transcharness.c runs (the ids are its operation numbers), and what each leaves in ST0,
 * ST1 and the status word when this package computes it: the instruction-level rules the x87 rows will
 * apply around these functions (pushes and pops, nothing stored after an unmasked IE, DE or ZE, C2 for an
 * operand out of range), written out here so the test compares whole instructions with the host.
 */
enum TranscendentalOp {
    FSIN(1, false), FCOS(2, false), FSINCOS(3, false), FPTAN(4, false), FPATAN(5, true), F2XM1(6, false),
    FYL2X(7, true), FYL2XP1(8, true), FSCALE(9, true), FPREM(10, true), FPREM1(11, true), FXTRACT(12, false);

    /** An empty register reads as zero in the harness's results. */
    static final Float80 EMPTY = new Float80(0, 0);

    final int id;
    /** Whether the harness loads the second operand into ST1. */
    final boolean binary;

    TranscendentalOp(int id, boolean binary) {
        this.id = id;
        this.binary = binary;
    }

    /** Whether the result is computed by a transcendental approximation (and may then differ by an ulp). */
    boolean approximated() {
        return switch (this) {
            case FSCALE, FPREM, FPREM1, FXTRACT -> false;
            default -> true;
        };
    }

    /** The registers and status word after the instruction, as the harness reports them. */
    HostState emulate(int control, Float80 a, Float80 b) {
        FpEnv env = new FpEnv(FpEnv.Unit.X87);
        env.setControlWord(control);
        int top = binary ? 6 : 7;
        Float80 st0 = a;
        Float80 st1 = binary ? b : EMPTY;
        int codes = 0;
        boolean rounds = true;
        switch (this) {
            case FSIN, FCOS -> {
                if (Transcendental.outOfRange(a)) {
                    codes = ConditionCodes.C2;
                    rounds = false;
                } else {
                    Float80 r = this == FSIN ? Transcendental.sin(a, env) : Transcendental.cos(a, env);
                    if (stores(env, control)) st0 = r;
                }
            }
            case FSINCOS -> {
                if (Transcendental.outOfRange(a)) {
                    codes = ConditionCodes.C2;
                    rounds = false;
                } else {
                    SineCosine r = Transcendental.sinCos(a, env);
                    if (stores(env, control)) {
                        st0 = r.cosine();
                        st1 = r.sine();
                        top--;
                    }
                }
            }
            case FPTAN -> {
                if (Transcendental.outOfRange(a)) {
                    codes = ConditionCodes.C2;
                    rounds = false;
                } else {
                    PartialTangent r = Transcendental.partialTangent(a, env);
                    if (stores(env, control)) {
                        st0 = r.pushed();
                        st1 = r.tangent();
                        top--;
                    }
                }
            }
            case F2XM1 -> {
                Float80 r = Transcendental.twoToXMinusOne(a, env);
                if (stores(env, control)) st0 = r;
            }
            case FXTRACT -> {
                Extracted r = Scaling.extract(a, env);
                if (stores(env, control)) {
                    st0 = r.significand();
                    st1 = r.exponent();
                    top--;
                }
            }
            case FPATAN, FYL2X, FYL2XP1 -> {
                Float80 r = switch (this) {
                    case FPATAN -> Transcendental.partialArctangent(a, b, env);
                    case FYL2X -> Transcendental.yLog2X(a, b, env);
                    default -> Transcendental.yLog2XPlusOne(a, b, env);
                };
                if (stores(env, control)) {
                    st0 = r;
                    st1 = EMPTY;
                    top++;
                }
            }
            case FSCALE -> {
                Float80 r = Scaling.scale(a, b, env);
                if (stores(env, control)) st0 = r;
            }
            case FPREM, FPREM1 -> {
                PartialRemainder r = this == FPREM ? Remainder.truncating(a, b, env) : Remainder.nearest(a, b, env);
                if (stores(env, control)) st0 = r.remainder();
                codes = r.conditionCodes();
                rounds = false;
            }
        }
        int flags = env.flags();
        if (rounds && env.roundedUp()) codes |= ConditionCodes.C1;
        boolean unmasked = (flags & ~control & FpFlags.ALL) != 0;
        int status = flags | codes | top << 11 | (unmasked ? 0x8080 : 0);
        return new HostState(st0, st1, status);
    }

    /** Whether the instruction delivers its result: not after an unmasked IE, DE or ZE. */
    private static boolean stores(FpEnv env, int control) {
        return (env.flags() & ~control & FpFlags.PRE_COMPUTATION) == 0;
    }

    /** ST0, ST1 and the status word after an instruction. */
    record HostState(Float80 st0, Float80 st1, int status) {
        @Override
        public String toString() {
            String[] names = {"IE", "DE", "ZE", "OE", "UE", "PE"};
            StringBuilder s = new StringBuilder(String.format("st0=%s st1=%s sw=%04x [", st0, st1, status));
            for (int bit = 0; bit < 6; bit++) if ((status & 1 << bit) != 0) s.append(' ').append(names[bit]);
            if ((status & ConditionCodes.C0) != 0) s.append(" C0");
            if ((status & ConditionCodes.C1) != 0) s.append(" C1");
            if ((status & ConditionCodes.C2) != 0) s.append(" C2");
            if ((status & ConditionCodes.C3) != 0) s.append(" C3");
            return s.append(" ]").toString();
        }
    }
}

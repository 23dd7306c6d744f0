package dev.multiverse.cpu.x87;

import dev.multiverse.cpu.testing.NativePrograms;
import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fpu.Float80;
import dev.multiverse.cpu.state.X87;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every x87 instruction form of this package's rows against the host CPU, from chosen states: operands
 * that are normal, zero, infinite, NaN (quiet and signalling), denormal, unsupported or empty registers;
 * full stacks; every exception masked, one unmasked at a time, or all unmasked; other rounding and
 * precision controls; and a waiting instruction after an unmasked exception (#MF, SIGFPE on the host).
 * src/test/native/x87harness.c runs each snippet natively; both sides start from the same FXSAVE image,
 * RAX, RFLAGS and memory, and must end with the same control, status and tag words, instruction pointer,
 * registers, memory, RAX and status flags, and report #MF at the same instruction.
 *
 * <p>The opcode and data pointer are compared only when an exception is left pending: this host keeps
 * the default fopcode mode and FDP_EXCPTN_ONLY (CPUID.7.0:EBX[6]), so it records them only for an
 * instruction that raised an unmasked exception, while the modelled CPU records them for every non-control
 * instruction, as its CPUID (without that bit) promises.
 */
class X87HostAgreementTest {
    private static final int CODE_BYTES = 60, IN_BYTES = 4 + CODE_BYTES + 16 + 256 + 512, OUT_BYTES = 8 + 16 + 256 + 512;
    private static final long RFLAGS = 0x202, STATUS_FLAGS = 0x8d5;

    static final String ONE = "3fff:8000000000000000", THREE = "4000:c000000000000000",
            NEG_THIRD = "bffd:aaaaaaaaaaaaaaab", ZERO = "0000:0000000000000000", NEG_ZERO = "8000:0000000000000000",
            INF = "7fff:8000000000000000", NEG_INF = "ffff:8000000000000000", QNAN = "7fff:c000000000000001",
            SNAN = "ffff:8000000000000005", DENORMAL = "0000:0000000000000001", PSEUDO_DENORMAL = "8000:8000000000000001",
            UNNORMAL = "3fff:4000000000000000", BIG = "7ffe:ffffffffffffffff", TINY = "0001:8000000000000001",
            HUGE_INT = "403e:ffffffffffffffff", HALF = "3ffe:8000000000000000", EMPTY = null;
    private static final String[] VALUES = {ONE, THREE, NEG_THIRD, ZERO, NEG_ZERO, INF, NEG_INF, QNAN, SNAN, DENORMAL,
            PSEUDO_DENORMAL, UNNORMAL, BIG, TINY, EMPTY};
    /** All masked; IE, DE, ZE, OE, UE, PE unmasked one at a time; all unmasked; chop; down with 24-bit precision; up with 53. */
    private static final int[] CONTROLS = {0x037f, 0x037e, 0x037d, 0x037b, 0x0377, 0x036f, 0x035f, 0x0340, 0x0f7f, 0x047f, 0x0a7f};

    /** A starting state: control and status words (TOP included), ST(0) first (null: empty), memory, RAX, RFLAGS. */
    record Start(int fcw, int fsw, String[] stack, byte[] memory, long rax, long rflags) {
        Start(int fcw, String... stack) {
            this(fcw, 0, stack, new byte[256], 0, RFLAGS);
        }

        Start withStatus(int status) {
            return new Start(fcw, status, stack, memory, rax, rflags);
        }

        Start withMemory(int offset, long value, int bytes) {
            byte[] m = memory.clone();
            for (int k = 0; k < bytes; k++) m[offset + k] = (byte) (value >>> (8 * k));
            return new Start(fcw, fsw, stack, m, rax, rflags);
        }

        Start withFlags(long flags) {
            return new Start(fcw, fsw, stack, memory, rax, flags);
        }

        /** The FXSAVE image: ST(i) in slot i, abridged tag bits by physical register. */
        byte[] image() {
            byte[] image = new byte[512];
            put(image, 0, 2, fcw);
            put(image, 2, 2, fsw);
            put(image, 24, 4, 0x1f80);
            int top = fsw >> 11 & 7;
            for (int i = 0; i < stack.length; i++) {
                if (stack[i] == null) continue;
                Float80 v = X87Fixture.value(stack[i]);
                put(image, 32 + 16 * i, 8, v.significand());
                put(image, 40 + 16 * i, 2, v.signExponent());
                image[4] |= (byte) (1 << ((top + i) & 7));
            }
            return image;
        }

        String describe() {
            StringBuilder sb = new StringBuilder(String.format("fcw=%04x fsw=%04x", fcw, fsw));
            for (int i = 0; i < stack.length; i++) sb.append(" st").append(i).append('=').append(stack[i] == null ? "empty" : stack[i]);
            return sb.toString();
        }
    }

    record Case(String asm, Start start) {
    }

    /** What a run left: the reporting instruction's offset (-1: none), RAX, RFLAGS, memory, FXSAVE image. */
    record End(int fault, long rax, long rflags, byte[] memory, byte[] image) {
    }

    private static void put(byte[] b, int offset, int bytes, long v) {
        for (int k = 0; k < bytes; k++) b[offset + k] = (byte) (v >>> (8 * k));
    }

    private static long get(byte[] b, int offset, int bytes) {
        long v = 0;
        for (int k = bytes - 1; k >= 0; k--) v = v << 8 | (b[offset + k] & 0xff);
        return v;
    }

    // ---- the cases ----

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        registerArithmetic(cases);
        memoryArithmetic(cases);
        compares(cases);
        loads(cases);
        stores(cases);
        registerOps(cases);
        control(cases);
        pending(cases);
        randomized(cases);
        transcendentals(cases);
        return cases;
    }

    /**
     * The transcendental, scaling and remainder group as instructions (stack effects, C2, unmasked
     * exceptions, full and empty stacks). FPREM, FPREM1, FSCALE and FXTRACT are exact on every operand;
     * the approximated functions (exact or 1 ulp, measured in fpu's TranscendentalHostTest) only on
     * operands whose results are exact: zeros, infinities, NaNs, unsupported, empty and out-of-range.
     */
    private static void transcendentals(List<Case> cases) {
        for (String form : new String[] {"fprem", "fprem1", "fscale", "fxtract"}) {
            for (String a : VALUES) {
                for (String b : VALUES) {
                    for (int fcw : new int[] {0x037f, 0x0340}) cases.add(new Case(form, new Start(fcw, a, b).withStatus(0x4700)));
                }
            }
            for (int fcw : CONTROLS) {
                cases.add(new Case(form, new Start(fcw, THREE, ONE)));
                cases.add(new Case(form, new Start(fcw, BIG, TINY)));
                cases.add(new Case(form, new Start(fcw, HUGE_INT, NEG_THIRD)));
                cases.add(new Case(form, new Start(fcw, FULL)));
            }
        }
        String outOfRange = "403e:8000000000000000";   // 2^63: FSIN and friends leave it and set C2
        String[] exactOperands = {ZERO, NEG_ZERO, INF, NEG_INF, QNAN, SNAN, UNNORMAL, EMPTY, outOfRange};
        for (String form : new String[] {"fsin", "fcos", "fsincos", "fptan", "f2xm1"}) {
            for (String a : exactOperands) {
                for (int fcw : CONTROLS) cases.add(new Case(form, new Start(fcw, a).withStatus(0x4700)));
            }
            for (int fcw : CONTROLS) cases.add(new Case(form, new Start(fcw, FULL)));
        }
        String[] exactSt0 = {ONE, INF, QNAN, SNAN, EMPTY}, exactSt1 = {ZERO, NEG_ZERO, QNAN, SNAN, EMPTY};
        for (String form : new String[] {"fpatan", "fyl2x", "fyl2xp1"}) {
            for (String a : exactSt0) {
                for (String b : exactSt1) {
                    for (int fcw : CONTROLS) cases.add(new Case(form, new Start(fcw, a, b)));
                }
            }
        }
    }

    /** Random operands and control words, the same on every run: values near each other, tiny, huge or special. */
    private static void randomized(List<Case> cases) {
        String[] forms = {"fadd %st(1),%st", "fsub %st,%st(1)", "fmulp %st,%st(1)", "fdivr %st(1),%st", "fdivrp %st,%st(1)",
                "fsqrt", "frndint", "fcom %st(1)", "fucomip %st(1),%st", "fstps (%rdi)", "fstl (%rdi)", "fistl (%rdi)",
                "fistpll (%rdi)", "fisttps (%rdi)", "fbstp (%rdi)", "fadds (%rdi)", "fdivl (%rdi)", "fisubrl (%rdi)",
                "fidivs (%rdi)", "fcoms (%rdi)", "flds (%rdi)", "fldl (%rdi)", "fxam", "ftst"};
        java.util.Random r = new java.util.Random(87);
        for (int n = 0; n < 30_000; n++) {
            int fcw = r.nextInt(0x10000);
            String a = randomValue(r), b = r.nextInt(8) == 0 ? randomValue(r) : near(r, a);
            Start s = new Start(fcw, a, b).withStatus(r.nextInt(0x10000) & 0x4700).withMemory(0, r.nextLong(), 8)
                    .withFlags(RFLAGS | (r.nextBoolean() ? STATUS_FLAGS : 0));
            if (r.nextBoolean()) s = s.withMemory(0, X87Fixture.value(b).significand() >>> 11 | (long) r.nextInt(0x7ff) << 52, 8);
            cases.add(new Case(forms[r.nextInt(forms.length)], s));
        }
    }

    private static String randomValue(java.util.Random r) {
        int kind = r.nextInt(10);
        if (kind == 0) return VALUES[r.nextInt(VALUES.length - 1)];
        int sign = r.nextBoolean() ? 0x8000 : 0;
        int exponent = switch (kind) {
            case 1 -> r.nextInt(64);                      // denormal range and just above
            case 2 -> 0x7fff - 1 - r.nextInt(64);         // near overflow
            case 3 -> 16383 + r.nextInt(70);              // integers of up to 64 bits and beyond
            default -> 16383 - 200 + r.nextInt(400);
        };
        long significand = r.nextLong() | (exponent == 0 ? 0 : Long.MIN_VALUE);
        if (r.nextInt(4) == 0) significand &= -1L << (11 + r.nextInt(40));   // short significands: exact cases
        return String.format("%04x:%016x", sign | exponent, significand);
    }

    /** A value within a few binades of {@code v}, or v itself. */
    private static String near(java.util.Random r, String v) {
        if (v == null || r.nextInt(6) == 0) return v;
        Float80 x = X87Fixture.value(v);
        int exponent = Math.max(1, Math.min(0x7ffe, x.exponent() + r.nextInt(9) - 4));
        long significand = r.nextInt(3) == 0 ? x.significand() : r.nextLong() | Long.MIN_VALUE;
        return String.format("%04x:%016x", (r.nextBoolean() ? 0x8000 : 0) | exponent, significand);
    }

    private static void registerArithmetic(List<Case> cases) {
        String[] forms = {"fadd %st(1),%st", "fmul %st(1),%st", "fsub %st(1),%st", "fsubr %st(1),%st", "fdiv %st(1),%st",
                "fdivr %st(1),%st", "fadd %st,%st(1)", "fmul %st,%st(1)", "fsub %st,%st(1)", "fsubr %st,%st(1)",
                "fdiv %st,%st(1)", "fdivr %st,%st(1)", "faddp %st,%st(1)", "fmulp %st,%st(1)", "fsubp %st,%st(1)",
                "fsubrp %st,%st(1)", "fdivp %st,%st(1)", "fdivrp %st,%st(1)", "fadd %st(0),%st"};
        for (String form : forms) {
            for (String a : VALUES) {
                for (String b : VALUES) {
                    for (int fcw : new int[] {0x037f, 0x0340}) cases.add(new Case(form, new Start(fcw, a, b)));
                }
            }
            for (int fcw : CONTROLS) {
                cases.add(new Case(form, new Start(fcw, BIG, BIG)));
                cases.add(new Case(form, new Start(fcw, TINY, HALF)));
                cases.add(new Case(form, new Start(fcw, NEG_THIRD, THREE)));
                cases.add(new Case(form, new Start(fcw, DENORMAL, TINY)));
            }
        }
        for (String form : new String[] {"fsqrt", "frndint", "fchs", "fabs"}) {
            for (String a : VALUES) {
                for (int fcw : CONTROLS) cases.add(new Case(form, new Start(fcw, a).withStatus(0x4700)));
            }
            for (int fcw : CONTROLS) {
                cases.add(new Case(form, new Start(fcw, HALF)));
                cases.add(new Case(form, new Start(fcw, "bffe:c000000000000000")));
                cases.add(new Case(form, new Start(fcw, "4003:b000000000000000")));
                cases.add(new Case(form, new Start(fcw, HUGE_INT)));
            }
        }
    }

    private static void memoryArithmetic(List<Case> cases) {
        String[] ops = {"add", "mul", "sub", "subr", "div", "divr"};
        long[] singles = {0x3f80_0000L, 0x0000_0001L, 0x7f80_0001L, 0xffc0_0000L, 0x7f80_0000L, 0x8000_0000L, 0x7f7f_ffffL, 0x4049_0fdbL};
        long[] doubles = {0x3ff0_0000_0000_0000L, 0x1L, 0x7ff0_0000_0000_0001L, 0x7ff8_0000_0000_0000L, 0xfff0_0000_0000_0000L,
                0x0L, 0x7fef_ffff_ffff_ffffL, 0x3fd5_5555_5555_5555L};
        long[] integers = {0, 1, -1, 3, 0x7fff, -0x8000, 0x7fff_ffffL, -0x8000_0000L};
        String[] st = {ONE, NEG_THIRD, ZERO, INF, QNAN, SNAN, DENORMAL, BIG, TINY, EMPTY};
        for (String op : ops) {
            for (String s : st) {
                for (int fcw : new int[] {0x037f, 0x0340, 0x0b7f}) {
                    for (long m : singles) cases.add(new Case("f" + op + "s (%rdi)", new Start(fcw, s).withMemory(0, m, 4)));
                    for (long m : doubles) cases.add(new Case("f" + op + "l (%rdi)", new Start(fcw, s).withMemory(0, m, 8)));
                    for (long m : integers) {
                        cases.add(new Case("fi" + op + "s (%rdi)", new Start(fcw, s).withMemory(0, m, 2)));
                        cases.add(new Case("fi" + op + "l (%rdi)", new Start(fcw, s).withMemory(0, m, 4)));
                    }
                }
            }
        }
    }

    private static void compares(List<Case> cases) {
        String[] forms = {"fcom %st(1)", "fcomp %st(1)", "fcompp", "fucom %st(1)", "fucomp %st(1)", "fucompp",
                "fcomi %st(1),%st", "fcomip %st(1),%st", "fucomi %st(1),%st", "fucomip %st(1),%st", "ftst", "fxam",
                ".byte 0xdc,0xd1", ".byte 0xdc,0xd9", ".byte 0xde,0xd1"};
        for (String form : forms) {
            for (String a : VALUES) {
                for (String b : VALUES) {
                    for (int fcw : new int[] {0x037f, 0x037e, 0x037d}) {
                        cases.add(new Case(form, new Start(fcw, a, b).withStatus(0x4700).withFlags(RFLAGS | STATUS_FLAGS)));
                    }
                }
            }
        }
        long[] singles = {0x3f80_0000L, 0x0000_0001L, 0x7f80_0001L, 0xffc0_0000L, 0x8000_0000L};
        long[] doubles = {0x3ff0_0000_0000_0000L, 0x1L, 0x7ff0_0000_0000_0001L, 0x7ff8_0000_0000_0000L, 0x8000_0000_0000_0000L};
        for (String a : VALUES) {
            for (int fcw : new int[] {0x037f, 0x037e, 0x037d}) {
                Start s = new Start(fcw, a, ONE).withStatus(0x4700);
                for (long m : singles) {
                    cases.add(new Case("fcoms (%rdi)", s.withMemory(0, m, 4)));
                    cases.add(new Case("fcomps (%rdi)", s.withMemory(0, m, 4)));
                }
                for (long m : doubles) {
                    cases.add(new Case("fcoml (%rdi)", s.withMemory(0, m, 8)));
                    cases.add(new Case("fcompl (%rdi)", s.withMemory(0, m, 8)));
                }
                for (long m : new long[] {0, 1, -1, 0x7fff}) {
                    cases.add(new Case("ficoms (%rdi)", s.withMemory(0, m, 2)));
                    cases.add(new Case("ficomps (%rdi)", s.withMemory(0, m, 2)));
                    cases.add(new Case("ficoml (%rdi)", s.withMemory(0, m, 4)));
                    cases.add(new Case("ficompl (%rdi)", s.withMemory(0, m, 4)));
                }
            }
        }
        // FXAM of empty registers whose stale contents have either sign.
        cases.add(new Case("fincstp; fxam", new Start(0x037f, "8000:0000000000000000").withStatus(0x4700)));
        cases.add(new Case("fincstp; fincstp; fxam", new Start(0x037f, ONE, ONE).withStatus(0x4500)));
    }

    private static final String[] FULL = {ONE, THREE, NEG_THIRD, HALF, ONE, THREE, NEG_THIRD, HALF};

    private static void loads(List<Case> cases) {
        String[] forms = {"flds (%rdi)", "fldl (%rdi)", "fldt (%rdi)", "filds (%rdi)", "fildl (%rdi)", "fildll (%rdi)",
                "fbld (%rdi)", "fld %st(1)", "fld %st(0)", "fld1", "fldz", "fldpi", "fldl2t", "fldl2e", "fldlg2", "fldln2"};
        long[][] memories = {{0x3f80_0000L, 0}, {0x0000_0001L, 0}, {0x7f80_0001L, 0}, {0xffc0_0000L, 0},
                {0x3ff0_0000_0000_0000L, 0}, {0x1L, 0}, {0x7ff0_0000_0000_0001L, 0}, {0x8000_0000_0000_0000L, 0x7fff},
                {0x8000_0000_0000_0001L, 0x7fff}, {0x4000_0000_0000_0000L, 0x3fff}, {0x1234_5678_9012_3456L, 0x8078},
                {0xffff_ffff_ffff_ffffL, 0xffff}, {0x9999_9999_9999_9999L, 0x0099}};
        for (String form : forms) {
            for (int fcw : CONTROLS) {
                for (long[] m : memories) {
                    Start s = new Start(fcw, ONE, SNAN).withMemory(0, m[0], 8).withMemory(8, m[1], 2).withStatus(0x4700);
                    cases.add(new Case(form, s));
                }
                cases.add(new Case(form, new Start(fcw, FULL).withMemory(0, 0x3f80_0000L, 8)));
                cases.add(new Case(form, new Start(fcw, EMPTY, EMPTY).withStatus(0x4200)));
                String[] holes = FULL.clone();
                holes[1] = EMPTY;
                cases.add(new Case(form, new Start(fcw, holes).withMemory(0, 0x3f80_0000L, 8)));
            }
        }
    }

    private static void stores(List<Case> cases) {
        String[] forms = {"fsts (%rdi)", "fstps (%rdi)", "fstl (%rdi)", "fstpl (%rdi)", "fstpt (%rdi)", "fists (%rdi)",
                "fistps (%rdi)", "fistl (%rdi)", "fistpl (%rdi)", "fistpll (%rdi)", "fisttps (%rdi)", "fisttpl (%rdi)",
                "fisttpll (%rdi)", "fbstp (%rdi)", "fst %st(1)", "fstp %st(1)", "fstp %st(0)", "fst %st(3)",
                ".byte 0xd9,0xd9", ".byte 0xdf,0xd1", ".byte 0xdf,0xd9"};
        String[] values = {ONE, THREE, NEG_THIRD, ZERO, NEG_ZERO, INF, QNAN, SNAN, DENORMAL, UNNORMAL, BIG, TINY, EMPTY,
                HALF, "bffe:c000000000000000", HUGE_INT, "401d:ffffffffffffffff", "401e:8000000000000000",
                "c01e:8000000000000000", "400e:fffe000000000000", "c00e:8000000000000000", "4037:de0b6b3a763fffff",
                "4038:de0b6b3a7640000", "3f81:ffffff0000000001", "3c00:8000000000000000"};
        for (String form : forms) {
            for (String v : values) {
                for (int fcw : CONTROLS) {
                    cases.add(new Case(form, new Start(fcw, v, ONE).withStatus(0x4700).withMemory(0, 0x5555_5555_5555_5555L, 8)
                            .withMemory(8, 0x5555, 2)));
                }
            }
        }
    }

    private static void registerOps(List<Case> cases) {
        String[] forms = {"fxch %st(1)", "fxch %st(0)", ".byte 0xdd,0xc9", ".byte 0xdf,0xc9", "ffree %st(1)", "ffreep %st(1)",
                "ffreep %st(0)", "fincstp", "fdecstp", "fnop", "fcmovb %st(1),%st", "fcmove %st(1),%st",
                "fcmovbe %st(1),%st", "fcmovu %st(1),%st", "fcmovnb %st(1),%st", "fcmovne %st(1),%st",
                "fcmovnbe %st(1),%st", "fcmovnu %st(1),%st"};
        long[] eflags = {RFLAGS, RFLAGS | 0x1, RFLAGS | 0x40, RFLAGS | 0x4, RFLAGS | 0x45};
        for (String form : forms) {
            for (String a : new String[] {ONE, SNAN, EMPTY}) {
                for (String b : new String[] {THREE, QNAN, EMPTY}) {
                    for (int fcw : new int[] {0x037f, 0x037e}) {
                        for (long fl : eflags) cases.add(new Case(form, new Start(fcw, a, b).withStatus(0x4700).withFlags(fl)));
                    }
                }
            }
        }
    }

    /**
     * Clears an environment's pointer fields (at RDI): the host stores its code's real address, no FCS
     * or FDS (deprecated there), and no opcode unless an exception was unmasked.
     */
    private static final String POINTERS = "; movq $0,12(%rdi); movq $0,20(%rdi)";

    private static void control(List<Case> cases) {
        Start busy = new Start(0x027e, ONE, ZERO, EMPTY, QNAN, DENORMAL, EMPTY, NEG_INF, EMPTY).withStatus(0x3d01);
        String[] forms = {"fnstenv (%rdi)", "data16 fnstenv (%rdi)", "fnsave (%rdi)", "data16 fnsave (%rdi)",
                "fnstcw (%rdi)", "fnstsw (%rdi)", "fnstsw %ax", "fnclex", "fninit", "fld1; fnstenv (%rdi)" + POINTERS,
                "fld1; fnsave (%rdi)" + POINTERS, "flds 4(%rdi); fnstenv 16(%rdi); movq $0,28(%rdi); movq $0,36(%rdi)",
                "fldcw (%rdi)", "fldcw 2(%rdi)"};
        for (String form : forms) {
            cases.add(new Case(form, busy.withMemory(0, 0x037f, 2)));
            cases.add(new Case(form, busy.withStatus(0x0081).withMemory(0, 0xffff_0000L, 4)));
            cases.add(new Case(form, new Start(0x037f).withMemory(0, 0x0000_037eL, 4).withStatus(0x4701)));
        }
        // An environment and a state image round trip, then images written here: tags only say empty or not.
        cases.add(new Case("fnstenv (%rdi); fldenv (%rdi)", busy));
        cases.add(new Case("fnsave (%rdi); frstor (%rdi)", busy));
        cases.add(new Case("data16 fnsave (%rdi); data16 frstor (%rdi); fnsave 0x70(%rdi)", busy));
        byte[] env = new byte[28];
        put(env, 0, 2, 0x0a7e);
        put(env, 4, 2, 0x3841);
        put(env, 8, 2, 0x0f50);
        put(env, 12, 4, 0x1234_5678L);
        put(env, 16, 4, 0x07ff_0033L);
        put(env, 20, 4, 0x9abc_def0L);
        put(env, 24, 4, 0x002b);
        Start loaded = busy;
        for (int k = 0; k < env.length; k++) loaded = loaded.withMemory(k, env[k], 1);
        cases.add(new Case("fldenv (%rdi); fnstenv 0x40(%rdi)", loaded));
        cases.add(new Case("fldenv (%rdi); fxam; fnstsw %ax", loaded));
        cases.add(new Case("frstor (%rdi); fnsave 0x80(%rdi)", loaded.withMemory(28, 0x7fff_4000_0000_0000L, 8)));
    }

    /** An unmasked exception left pending, then instructions that report it (#MF) or do not wait. */
    private static void pending(List<Case> cases) {
        String[] after = {"fwait", "fld1", "fnop", "fldcw (%rdi)", "fnstsw %ax; fnclex; fld1", "fninit; fld1", "fnstenv 8(%rdi); movq $0,20(%rdi); movq $0,28(%rdi); fld1",
                "fnsave 8(%rdi); movq $0,20(%rdi); movq $0,28(%rdi); fld1", "fxch %st(1)", "fcomi %st(1),%st", "fldenv (%rdi)", "fnstcw 2(%rdi); fnstsw 4(%rdi)"};
        for (String a : after) {
            cases.add(new Case("fdivs 0x40(%rdi); " + a, new Start(0x037b, ONE, THREE).withMemory(0, 0x037b, 2)));
            cases.add(new Case("fsqrt; " + a, new Start(0x037e, NEG_THIRD, THREE).withMemory(0, 0x037f, 2)));
            cases.add(new Case("fistps 0x40(%rdi); " + a, new Start(0x037e, BIG, THREE).withMemory(0, 0x037f, 2)));
        }
        cases.add(new Case("fnop", new Start(0x037e, ONE).withStatus(0x0001)));
        cases.add(new Case("fldcw (%rdi); fld1", new Start(0x037f, ONE).withStatus(0x0004).withMemory(0, 0x037b, 2)));
    }

    // ---- running both sides ----

    @Test
    void everyCaseMatchesTheHostCpu() throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64") && System.getProperty("os.name").equals("Linux"),
                "needs an x86-64 Linux host");
        Path buildDir = Path.of(X87HostAgreementTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        Path dir = Files.createDirectories(buildDir.resolve("x87harness"));
        Path exe = build(dir, buildDir.getParent().resolve("src/test/native/x87harness.c"));
        List<Case> cases = cases();
        Map<String, Integer> snippetIndex = new LinkedHashMap<>();
        for (Case k : cases) snippetIndex.putIfAbsent(k.asm(), snippetIndex.size());
        List<byte[]> code = Assembler.assemble(dir, new ArrayList<>(snippetIndex.keySet()));
        List<End> host = runHost(dir, exe, cases, snippetIndex, code);
        List<String> failures = new ArrayList<>();
        X87Fixture fx = new X87Fixture();
        for (int n = 0; n < cases.size(); n++) {
            Case k = cases.get(n);
            End ours = runEmulator(fx, k.start(), code.get(snippetIndex.get(k.asm())));
            String diff = differences(host.get(n), ours);
            if (!diff.isEmpty()) failures.add(k.asm() + "  [" + k.start().describe() + "]\n" + diff);
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " of " + cases.size() + " cases differ from the host:\n"
                + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
    }

    private static Path build(Path dir, Path source) throws IOException, InterruptedException {
        return NativePrograms.build(source, dir, "-O1", "-Wall", "-Wextra", "-Werror");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<End> runHost(Path dir, Path exe, List<Case> cases, Map<String, Integer> index, List<byte[]> code)
            throws IOException, InterruptedException {
        ByteBuffer in = ByteBuffer.allocate(cases.size() * IN_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Case k : cases) {
            byte[] bytes = code.get(index.get(k.asm()));
            assertTrue(bytes.length <= CODE_BYTES, k.asm());
            in.putInt(bytes.length).put(java.util.Arrays.copyOf(bytes, CODE_BYTES));
            in.putLong(k.start().rax()).putLong(k.start().rflags()).put(k.start().memory()).put(k.start().image());
        }
        Path input = dir.resolve("cases.bin"), output = dir.resolve("results.bin"), log = dir.resolve("x87harness.log");
        Files.write(input, in.array());
        Process p = new ProcessBuilder(exe.toString(), input.toString(), output.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, () -> "x87harness: " + read(log));
        ByteBuffer out = ByteBuffer.wrap(Files.readAllBytes(output)).order(ByteOrder.LITTLE_ENDIAN);
        assertTrue(out.remaining() == cases.size() * OUT_BYTES, "x87harness output size");
        List<End> ends = new ArrayList<>();
        while (out.hasRemaining()) {
            int fault = out.getInt();
            out.getInt();
            long rax = out.getLong(), rflags = out.getLong();
            byte[] memory = new byte[256], image = new byte[512];
            out.get(memory).get(image);
            ends.add(new End(fault, rax, rflags, memory, image));
        }
        return ends;
    }

    /**
     * The same start in the emulator, on a core reused from case to case: the state FXRSTOR64 would load
     * (ES from the flags and masks, as the host has it), RAX, RFLAGS, the memory and a fresh stack.
     */
    private static End runEmulator(X87Fixture fx, Start s, byte[] code) {
        Cpu cpu = fx.cpu;
        cpu.gpr[Cpu.RSP] = X87Fixture.STACK;
        X87 f = fx.f;
        byte[] image = s.image();
        f.status = s.fsw();
        f.loadControl(s.fcw());
        for (int i = 0; i < 8; i++) {
            int p = (f.top() + i) & 7;
            f.significand[p] = get(image, 32 + 16 * i, 8);
            f.signExponent[p] = (int) get(image, 40 + 16 * i, 2);
        }
        f.setAbridgedTag(image[4] & 0xff);
        f.opcode = 0;
        f.instructionPointer = f.dataPointer = 0;
        f.instructionSelector = f.dataSelector = 0;
        for (int k = 0; k < 256; k++) fx.poke(X87Fixture.MEMORY + k, 1, s.memory()[k]);
        cpu.gpr[Cpu.RAX] = s.rax();
        cpu.flags.put(s.rflags());
        int vector = fx.run(code);
        int fault = vector == 16 ? (int) (fx.faultingRip() - X87Fixture.CODE) : vector == -1 ? -1 : 1000 + vector;
        byte[] out = new byte[512];
        put(out, 0, 2, f.control);
        put(out, 2, 2, f.status);
        out[4] = (byte) f.abridgedTag();
        put(out, 6, 2, f.opcode);
        put(out, 8, 8, f.instructionPointer == 0 ? 0 : f.instructionPointer - X87Fixture.CODE);
        put(out, 16, 8, f.dataPointer == 0 ? 0 : f.dataPointer - X87Fixture.MEMORY);
        for (int i = 0; i < 8; i++) {
            int p = (f.top() + i) & 7;
            put(out, 32 + 16 * i, 8, f.significand[p]);
            put(out, 40 + 16 * i, 2, f.signExponent[p]);
        }
        byte[] memory = new byte[256];
        for (int k = 0; k < 256; k++) memory[k] = (byte) fx.peek(X87Fixture.MEMORY + k, 1);
        return new End(fault, cpu.gpr[Cpu.RAX], cpu.flags.get(), memory, out);
    }

    private static String differences(End host, End ours) {
        StringBuilder d = new StringBuilder();
        if (host.fault() != ours.fault()) d.append(String.format("  #MF at: host %d ours %d%n", host.fault(), ours.fault()));
        field(d, "fcw", host.image(), ours.image(), 0, 2);
        field(d, "fsw", host.image(), ours.image(), 2, 2);
        field(d, "ftw", host.image(), ours.image(), 4, 1);
        field(d, "fip", host.image(), ours.image(), 8, 8);
        boolean pending = (get(host.image(), 2, 2) & X87.STATUS_ES) != 0;
        if (pending) {
            field(d, "fop", host.image(), ours.image(), 6, 2);
            if ((get(host.image(), 6, 2) & 0xc0) != 0xc0) field(d, "fdp", host.image(), ours.image(), 16, 8);
        }
        for (int i = 0; i < 8; i++) {
            if (get(host.image(), 32 + 16 * i, 8) != get(ours.image(), 32 + 16 * i, 8)
                    || get(host.image(), 40 + 16 * i, 2) != get(ours.image(), 40 + 16 * i, 2)) {
                d.append(String.format("  st%d: host %04x:%016x ours %04x:%016x%n", i, get(host.image(), 40 + 16 * i, 2),
                        get(host.image(), 32 + 16 * i, 8), get(ours.image(), 40 + 16 * i, 2), get(ours.image(), 32 + 16 * i, 8)));
            }
        }
        for (int k = 0; k < 256; k += 8) {
            if (get(host.memory(), k, 8) != get(ours.memory(), k, 8)) {
                d.append(String.format("  memory+%02x: host %016x ours %016x%n", k, get(host.memory(), k, 8), get(ours.memory(), k, 8)));
            }
        }
        if (host.fault() < 0) {
            if (host.rax() != ours.rax()) d.append(String.format("  rax: host %x ours %x%n", host.rax(), ours.rax()));
            if (((host.rflags() ^ ours.rflags()) & STATUS_FLAGS) != 0) {
                d.append(String.format("  rflags: host %x ours %x%n", host.rflags() & STATUS_FLAGS, ours.rflags() & STATUS_FLAGS));
            }
        }
        return d.toString();
    }

    private static void field(StringBuilder d, String name, byte[] host, byte[] ours, int offset, int bytes) {
        long h = get(host, offset, bytes), o = get(ours, offset, bytes);
        if (h != o) d.append(String.format("  %s: host %x ours %x%n", name, h, o));
    }
}

package dev.multiverse.cpu.fpu;

import static dev.multiverse.cpu.fpu.Shape.BCD;
import static dev.multiverse.cpu.fpu.Shape.E80;
import static dev.multiverse.cpu.fpu.Shape.F32;
import static dev.multiverse.cpu.fpu.Shape.F64;
import static dev.multiverse.cpu.fpu.Shape.I16;
import static dev.multiverse.cpu.fpu.Shape.I32;
import static dev.multiverse.cpu.fpu.Shape.I64;
import static dev.multiverse.cpu.fpu.Shape.NONE;

/**
 * The instructions fpharness.c runs (the ids are its operation numbers) and how the soft-float core
 * computes each: this is where an instruction's semantics meet the core's API, as the x87 and SSE
 * instruction families will use it.
 */
enum HostOp {
    FADD(1, E80, E80, E80, (c, e) -> Outcome.of(Arithmetic.add80(c.a80(), c.b80(), e))),
    FSUB(2, E80, E80, E80, (c, e) -> Outcome.of(Arithmetic.sub80(c.a80(), c.b80(), e))),
    FSUBR(3, E80, E80, E80, (c, e) -> Outcome.of(Arithmetic.sub80(c.b80(), c.a80(), e))),
    FMUL(4, E80, E80, E80, (c, e) -> Outcome.of(Arithmetic.mul80(c.a80(), c.b80(), e))),
    FDIV(5, E80, E80, E80, (c, e) -> Outcome.of(Arithmetic.div80(c.a80(), c.b80(), e))),
    FDIVR(6, E80, E80, E80, (c, e) -> Outcome.of(Arithmetic.div80(c.b80(), c.a80(), e))),
    FSQRT(7, E80, NONE, E80, (c, e) -> Outcome.of(Arithmetic.sqrt80(c.a80(), e))),
    FRNDINT(8, E80, NONE, E80, (c, e) -> Outcome.of(Arithmetic.roundToIntegral80(c.a80(), e))),
    FLD_M32(9, F32, NONE, E80, (c, e) -> Outcome.of(Conversions.float32To80((int) c.a(), e))),
    FLD_M64(10, F64, NONE, E80, (c, e) -> Outcome.of(Conversions.float64To80(c.a(), e))),
    FST_M32(11, E80, NONE, F32, (c, e) -> Outcome.of(Conversions.float80To32(c.a80(), e))),
    FST_M64(12, E80, NONE, F64, (c, e) -> Outcome.of(Conversions.float80To64(c.a80(), e))),
    FIST_M16(13, E80, NONE, I16, (c, e) -> Outcome.of(Conversions.float80ToInt(c.a80(), 16, false, e))),
    FIST_M32(14, E80, NONE, I32, (c, e) -> Outcome.of(Conversions.float80ToInt(c.a80(), 32, false, e))),
    FIST_M64(15, E80, NONE, I64, (c, e) -> Outcome.of(Conversions.float80ToInt(c.a80(), 64, false, e))),
    FISTTP_M16(16, E80, NONE, I16, (c, e) -> Outcome.of(Conversions.float80ToInt(c.a80(), 16, true, e))),
    FISTTP_M32(17, E80, NONE, I32, (c, e) -> Outcome.of(Conversions.float80ToInt(c.a80(), 32, true, e))),
    FISTTP_M64(18, E80, NONE, I64, (c, e) -> Outcome.of(Conversions.float80ToInt(c.a80(), 64, true, e))),
    FCOMI(19, E80, E80, NONE, (c, e) -> Outcome.eflags(Comparison.compare80(c.a80(), c.b80(), true, e))),
    FUCOMI(20, E80, E80, NONE, (c, e) -> Outcome.eflags(Comparison.compare80(c.a80(), c.b80(), false, e))),
    FADD_M32(21, E80, F32, E80, (c, e) -> Outcome.of(Arithmetic.add80m32(c.a80(), (int) c.b(), e))),
    FADD_M64(22, E80, F64, E80, (c, e) -> Outcome.of(Arithmetic.add80m64(c.a80(), c.b(), e))),
    FDIV_M32(23, E80, F32, E80, (c, e) -> Outcome.of(Arithmetic.div80m32(c.a80(), (int) c.b(), false, e))),
    FCOM_M32(24, E80, F32, NONE, (c, e) -> Outcome.conditionCodes(Comparison.compare80m32(c.a80(), (int) c.b(), true, e))),
    FBLD(25, BCD, NONE, E80, (c, e) -> Outcome.of(new PackedBcd(c.a(), c.aHigh()).toFloat80())),
    FBSTP(26, E80, NONE, BCD, (c, e) -> Outcome.of(PackedBcd.fromFloat80(c.a80(), e))),
    FILD_M64(27, I64, NONE, E80, (c, e) -> Outcome.of(Conversions.intTo80(c.a()))),
    FSUBR_M32(28, E80, F32, E80, (c, e) -> Outcome.of(Arithmetic.sub80m32(c.a80(), (int) c.b(), true, e))),
    FDIVR_M64(29, E80, F64, E80, (c, e) -> Outcome.of(Arithmetic.div80m64(c.a80(), c.b(), true, e))),
    FMUL_M64(30, E80, F64, E80, (c, e) -> Outcome.of(Arithmetic.mul80m64(c.a80(), c.b(), e))),
    FSUB_M64(31, E80, F64, E80, (c, e) -> Outcome.of(Arithmetic.sub80m64(c.a80(), c.b(), false, e))),
    FCOM_M64(32, E80, F64, NONE, (c, e) -> Outcome.conditionCodes(Comparison.compare80m64(c.a80(), c.b(), true, e))),

    ADDSS(64, F32, F32, F32, (c, e) -> Outcome.of(Arithmetic.add32((int) c.a(), (int) c.b(), e))),
    SUBSS(65, F32, F32, F32, (c, e) -> Outcome.of(Arithmetic.sub32((int) c.a(), (int) c.b(), e))),
    MULSS(66, F32, F32, F32, (c, e) -> Outcome.of(Arithmetic.mul32((int) c.a(), (int) c.b(), e))),
    DIVSS(67, F32, F32, F32, (c, e) -> Outcome.of(Arithmetic.div32((int) c.a(), (int) c.b(), e))),
    SQRTSS(68, F32, NONE, F32, (c, e) -> Outcome.of(Arithmetic.sqrt32((int) c.a(), e))),
    ADDSD(69, F64, F64, F64, (c, e) -> Outcome.of(Arithmetic.add64(c.a(), c.b(), e))),
    SUBSD(70, F64, F64, F64, (c, e) -> Outcome.of(Arithmetic.sub64(c.a(), c.b(), e))),
    MULSD(71, F64, F64, F64, (c, e) -> Outcome.of(Arithmetic.mul64(c.a(), c.b(), e))),
    DIVSD(72, F64, F64, F64, (c, e) -> Outcome.of(Arithmetic.div64(c.a(), c.b(), e))),
    SQRTSD(73, F64, NONE, F64, (c, e) -> Outcome.of(Arithmetic.sqrt64(c.a(), e))),
    ROUNDSS(74, F32, NONE, F32, (c, e) -> Outcome.of(Arithmetic.roundToIntegral32((int) c.a(), roundingOf(c), (c.imm() & 8) != 0, e))),
    ROUNDSD(75, F64, NONE, F64, (c, e) -> Outcome.of(Arithmetic.roundToIntegral64(c.a(), roundingOf(c), (c.imm() & 8) != 0, e))),
    CVTSS2SD(76, F32, NONE, F64, (c, e) -> Outcome.of(Conversions.float32To64((int) c.a(), e))),
    CVTSD2SS(77, F64, NONE, F32, (c, e) -> Outcome.of(Conversions.float64To32(c.a(), e))),
    CVTSI2SS32(78, I32, NONE, F32, (c, e) -> Outcome.of(Conversions.intTo32((int) c.a(), e))),
    CVTSI2SS64(79, I64, NONE, F32, (c, e) -> Outcome.of(Conversions.intTo32(c.a(), e))),
    CVTSI2SD32(80, I32, NONE, F64, (c, e) -> Outcome.of(Conversions.intTo64((int) c.a(), e))),
    CVTSI2SD64(81, I64, NONE, F64, (c, e) -> Outcome.of(Conversions.intTo64(c.a(), e))),
    CVTSS2SI32(82, F32, NONE, I32, (c, e) -> Outcome.of(Conversions.float32ToInt((int) c.a(), 32, false, e))),
    CVTSS2SI64(83, F32, NONE, I64, (c, e) -> Outcome.of(Conversions.float32ToInt((int) c.a(), 64, false, e))),
    CVTTSS2SI32(84, F32, NONE, I32, (c, e) -> Outcome.of(Conversions.float32ToInt((int) c.a(), 32, true, e))),
    CVTTSS2SI64(85, F32, NONE, I64, (c, e) -> Outcome.of(Conversions.float32ToInt((int) c.a(), 64, true, e))),
    CVTSD2SI32(86, F64, NONE, I32, (c, e) -> Outcome.of(Conversions.float64ToInt(c.a(), 32, false, e))),
    CVTSD2SI64(87, F64, NONE, I64, (c, e) -> Outcome.of(Conversions.float64ToInt(c.a(), 64, false, e))),
    CVTTSD2SI32(88, F64, NONE, I32, (c, e) -> Outcome.of(Conversions.float64ToInt(c.a(), 32, true, e))),
    CVTTSD2SI64(89, F64, NONE, I64, (c, e) -> Outcome.of(Conversions.float64ToInt(c.a(), 64, true, e))),
    COMISS(90, F32, F32, NONE, (c, e) -> Outcome.eflags(Comparison.compare32((int) c.a(), (int) c.b(), true, e))),
    UCOMISS(91, F32, F32, NONE, (c, e) -> Outcome.eflags(Comparison.compare32((int) c.a(), (int) c.b(), false, e))),
    COMISD(92, F64, F64, NONE, (c, e) -> Outcome.eflags(Comparison.compare64(c.a(), c.b(), true, e))),
    UCOMISD(93, F64, F64, NONE, (c, e) -> Outcome.eflags(Comparison.compare64(c.a(), c.b(), false, e)));

    /** The x87 status word bits a case compares: exceptions, SF, ES and C1 (C0, C2, C3 only for FCOM). */
    private static final int X87_STATUS = FpFlags.ALL | 0xc0 | Outcome.C1;

    private interface Emulation {
        Outcome run(FpCase c, FpEnv env);
    }

    private final int id;
    private final Shape a;
    private final Shape b;
    private final Shape result;
    private final Emulation emulation;

    HostOp(int id, Shape a, Shape b, Shape result, Emulation emulation) {
        this.id = id;
        this.a = a;
        this.b = b;
        this.result = result;
        this.emulation = emulation;
    }

    int id() {
        return id;
    }

    FpEnv.Unit unit() {
        return id < 64 ? FpEnv.Unit.X87 : FpEnv.Unit.SSE;
    }

    Shape a() {
        return a;
    }

    Shape b() {
        return b;
    }

    Shape result() {
        return result;
    }

    /** The status bits the hardware defines for this operation. */
    int statusMask() {
        if (unit() == FpEnv.Unit.SSE) return 0xffff;
        return this == FCOM_M32 || this == FCOM_M64 ? X87_STATUS | Outcome.C0 | Outcome.C2 | Outcome.C3 : X87_STATUS;
    }

    /** Runs the case on the soft-float core, with the status word or MXCSR the instruction would leave. */
    Outcome emulate(FpCase c) {
        FpEnv env = new FpEnv(unit());
        if (unit() == FpEnv.Unit.X87) env.setControlWord(c.control());
        else env.setMxcsr(c.control());
        Outcome o = emulation.run(c, env);
        int masks = unit() == FpEnv.Unit.X87 ? c.control() : c.control() >> 7;
        int unmasked = env.flags() & ~masks & FpFlags.ALL;
        if (unit() == FpEnv.Unit.SSE) {
            // an unmasked exception traps before the destination is written
            return unmasked != 0 ? new Outcome(c.a(), 0, c.control() | env.flags(), Outcome.TRAPPED)
                    : new Outcome(o.value(), o.valueHigh(), c.control() | env.flags(), o.eflags());
        }
        boolean loads = a != E80 && result == E80;
        boolean stores = a == E80 && result != E80 && result != NONE;
        int stopping = (loads ? FpFlags.IE : FpFlags.PRE_COMPUTATION) | (stores ? FpFlags.OE | FpFlags.UE : 0);
        if ((unmasked & stopping) != 0 && result != NONE) {
            // nothing delivered: ST0 keeps its operand (or stays empty after a load), memory stays zero
            Outcome kept = result == E80 && a == E80 ? Outcome.of(c.a80()) : Outcome.of(0);
            o = new Outcome(kept.value(), kept.valueHigh(), o.status(), o.eflags());
        }
        int status = o.status() | env.flags() | (env.roundedUp() ? Outcome.C1 : 0) | (unmasked != 0 ? 0x80 : 0);
        return new Outcome(o.value(), o.valueHigh(), status, o.eflags());
    }

    private static int roundingOf(FpCase c) {
        return (c.imm() & 4) != 0 ? (c.control() >> 13) & 3 : c.imm() & 3;
    }
}

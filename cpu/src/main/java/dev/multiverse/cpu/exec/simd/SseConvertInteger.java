package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.SimdAvailability;
import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.fpu.Conversions;
import dev.multiverse.cpu.fpu.FpEnv;
import dev.multiverse.cpu.insn.Insn;

import static dev.multiverse.cpu.exec.simd.SseForms.single;
import static dev.multiverse.cpu.exec.simd.SseForms.singles;
import static dev.multiverse.cpu.exec.simd.SseForms.withLowSingle;

/**
 * Conversions between SSE floating point and two's-complement integers: with a general register
 * (CVTSI2SS/SD, CVT[T]SS2SI, CVT[T]SD2SI, 32- or 64-bit by REX.W), with MMX registers (CVTPI2PS/PD,
 * CVT[T]PS2PI, CVT[T]PD2PI) and in XMM lanes (CVTDQ2PS/PD, CVT[T]PS2DQ, CVT[T]PD2DQ). Float to integer
 * rounds under MXCSR.RC, or truncates for the CVTT forms; a NaN, an infinity or a value out of range
 * raises IE and gives the integer indefinite (0x80000000 or 0x8000000000000000). Integer to binary32
 * (and int64 to binary64) may round; int32 to binary64 is exact.
 * <p>The MMX forms follow the MMX rules as well (#MF for a pending x87 exception, and the switch of the
 * x87 unit to MMX mode, which happens once the operands are read, before any #XM) when they name an MMX
 * register; CVTPI2PS/PD from memory touch no MMX state.
 */
public final class SseConvertInteger {
    private SseConvertInteger() {
    }

    public static void cvtsi2ss(Cpu c, Insn i) {
        long value = Cpu.signExtend(c.read(i, 1), i.size1);
        FpEnv env = SseMxcsr.begin(c);
        int result = Conversions.intTo32(value, env);
        SseMxcsr.end(c, env);
        c.xmm[2 * i.loc0] = withLowSingle(c.xmm[2 * i.loc0], result);
    }

    public static void cvtsi2sd(Cpu c, Insn i) {
        long value = Cpu.signExtend(c.read(i, 1), i.size1);
        FpEnv env = SseMxcsr.begin(c);
        long result = Conversions.intTo64(value, env);
        SseMxcsr.end(c, env);
        c.xmm[2 * i.loc0] = result;
    }

    public static void cvtss2si(Cpu c, Insn i) {
        singleToGeneral(c, i, false);
    }

    public static void cvttss2si(Cpu c, Insn i) {
        singleToGeneral(c, i, true);
    }

    public static void cvtsd2si(Cpu c, Insn i) {
        doubleToGeneral(c, i, false);
    }

    public static void cvttsd2si(Cpu c, Insn i) {
        doubleToGeneral(c, i, true);
    }

    /** CVTPI2PS: two int32 from MMX or memory into the low two lanes; the high two are kept. */
    public static void cvtpi2ps(Cpu c, Insn i) {
        if (!mmxChecks(c, i)) return;
        long source = mmxIntegers(c, i);
        FpEnv env = SseMxcsr.begin(c);
        long low = singles(Conversions.intTo32(single(source, 0), env), Conversions.intTo32(single(source, 1), env));
        SseMxcsr.end(c, env);
        c.xmm[2 * i.loc0] = low;
    }

    /** CVTPI2PD: two int32 from MMX or memory, exactly. */
    public static void cvtpi2pd(Cpu c, Insn i) {
        if (!mmxChecks(c, i)) return;
        long source = mmxIntegers(c, i);
        FpEnv env = SseMxcsr.begin(c);
        long low = Conversions.intTo64(single(source, 0), env);
        long high = Conversions.intTo64(single(source, 1), env);
        SseMxcsr.end(c, env);
        c.xmm[2 * i.loc0] = low;
        c.xmm[2 * i.loc0 + 1] = high;
    }

    public static void cvtps2pi(Cpu c, Insn i) {
        singlesToMmx(c, i, false);
    }

    public static void cvttps2pi(Cpu c, Insn i) {
        singlesToMmx(c, i, true);
    }

    public static void cvtpd2pi(Cpu c, Insn i) {
        doublesToMmx(c, i, false);
    }

    public static void cvttpd2pi(Cpu c, Insn i) {
        doublesToMmx(c, i, true);
    }

    /** CVTDQ2PS: four int32 lanes to binary32. */
    public static void cvtdq2ps(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        long sl = c.xmm[s], sh = c.xmm[s + 1];
        FpEnv env = SseMxcsr.begin(c);
        long low = singles(Conversions.intTo32(single(sl, 0), env), Conversions.intTo32(single(sl, 1), env));
        long high = singles(Conversions.intTo32(single(sh, 0), env), Conversions.intTo32(single(sh, 1), env));
        SseMxcsr.end(c, env);
        c.xmm[d] = low;
        c.xmm[d + 1] = high;
    }

    /** CVTDQ2PD: the low two int32 lanes to binary64, exactly. */
    public static void cvtdq2pd(Cpu c, Insn i) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        long source = c.xmm[s];
        FpEnv env = SseMxcsr.begin(c);
        long low = Conversions.intTo64(single(source, 0), env);
        long high = Conversions.intTo64(single(source, 1), env);
        SseMxcsr.end(c, env);
        c.xmm[d] = low;
        c.xmm[d + 1] = high;
    }

    public static void cvtps2dq(Cpu c, Insn i) {
        singlesToDwords(c, i, false);
    }

    public static void cvttps2dq(Cpu c, Insn i) {
        singlesToDwords(c, i, true);
    }

    public static void cvtpd2dq(Cpu c, Insn i) {
        doublesToDwords(c, i, false);
    }

    public static void cvttpd2dq(Cpu c, Insn i) {
        doublesToDwords(c, i, true);
    }

    /** CVT[T]SS2SI r32/r64, xmm/m32. */
    private static void singleToGeneral(Cpu c, Insn i, boolean truncate) {
        int source = single(c.xmm[2 * VectorOperands.xmmSource(c, i, 1)], 0);
        FpEnv env = SseMxcsr.begin(c);
        long result = Conversions.float32ToInt(source, 8 * i.size0, truncate, env);
        SseMxcsr.end(c, env);
        c.write(i, 0, result & Cpu.mask(i.size0));
    }

    /** CVT[T]SD2SI r32/r64, xmm/m64. */
    private static void doubleToGeneral(Cpu c, Insn i, boolean truncate) {
        long source = c.xmm[2 * VectorOperands.xmmSource(c, i, 1)];
        FpEnv env = SseMxcsr.begin(c);
        long result = Conversions.float64ToInt(source, 8 * i.size0, truncate, env);
        SseMxcsr.end(c, env);
        c.write(i, 0, result & Cpu.mask(i.size0));
    }

    /**
     * CVTPI2PS/PD pass the MMX checks when their source is an MMX register. False when the core froze on a
     * pending x87 exception (CR0.NE clear): the instruction then does nothing.
     */
    private static boolean mmxChecks(Cpu c, Insn i) {
        return i.loc1 == Insn.MEM || SimdAvailability.checkMmx(c);
    }

    /**
     * The MMX-or-memory source of CVTPI2PS/PD. The x87 unit is in MMX mode once an MMX register is read, even
     * if the conversion then raises #XM (as on the host).
     */
    private static long mmxIntegers(Cpu c, Insn i) {
        if (i.loc1 == Insn.MEM) return VectorOperands.mmxSource(c, i, 1);
        long source = c.x87.mmx(i.loc1);
        c.x87.enterMmx();
        return source;
    }

    /** CVT[T]PS2PI: the low two binary32 lanes (or 8 bytes of memory) to int32 in an MMX register. */
    private static void singlesToMmx(Cpu c, Insn i, boolean truncate) {
        if (!SimdAvailability.checkMmx(c)) return;
        long source = c.xmm[2 * VectorOperands.xmmSource(c, i, 1)];
        c.x87.enterMmx();
        FpEnv env = SseMxcsr.begin(c);
        long result = singles(toInt32(single(source, 0), truncate, env), toInt32(single(source, 1), truncate, env));
        SseMxcsr.end(c, env);
        c.x87.setMmx(i.loc0, result);
    }

    /** CVT[T]PD2PI: two binary64 lanes to int32 in an MMX register. */
    private static void doublesToMmx(Cpu c, Insn i, boolean truncate) {
        if (!SimdAvailability.checkMmx(c)) return;
        int s = 2 * VectorOperands.xmmSource(c, i, 1);
        long low = c.xmm[s], high = c.xmm[s + 1];
        c.x87.enterMmx();
        FpEnv env = SseMxcsr.begin(c);
        long result = singles(toInt32(low, truncate, env), toInt32(high, truncate, env));
        SseMxcsr.end(c, env);
        c.x87.setMmx(i.loc0, result);
    }

    private static void singlesToDwords(Cpu c, Insn i, boolean truncate) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        long sl = c.xmm[s], sh = c.xmm[s + 1];
        FpEnv env = SseMxcsr.begin(c);
        long low = singles(toInt32(single(sl, 0), truncate, env), toInt32(single(sl, 1), truncate, env));
        long high = singles(toInt32(single(sh, 0), truncate, env), toInt32(single(sh, 1), truncate, env));
        SseMxcsr.end(c, env);
        c.xmm[d] = low;
        c.xmm[d + 1] = high;
    }

    /** CVT[T]PD2DQ: two binary64 lanes to int32 in the low quadword; the high quadword is zeroed. */
    private static void doublesToDwords(Cpu c, Insn i, boolean truncate) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        long sl = c.xmm[s], sh = c.xmm[s + 1];
        FpEnv env = SseMxcsr.begin(c);
        long low = singles(toInt32(sl, truncate, env), toInt32(sh, truncate, env));
        SseMxcsr.end(c, env);
        c.xmm[d] = low;
        c.xmm[d + 1] = 0;
    }

    private static int toInt32(int single, boolean truncate, FpEnv env) {
        return (int) Conversions.float32ToInt(single, 32, truncate, env);
    }

    private static int toInt32(long dbl, boolean truncate, FpEnv env) {
        return (int) Conversions.float64ToInt(dbl, 32, truncate, env);
    }
}

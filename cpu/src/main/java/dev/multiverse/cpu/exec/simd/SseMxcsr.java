package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.fpu.FpEnv;
import dev.multiverse.cpu.fpu.FpFlags;

/**
 * How an SSE floating-point instruction meets MXCSR (SDM vol. 1, 11.5): it computes under MXCSR's
 * rounding, DAZ, FTZ and masks, ORs the exceptions it raised into MXCSR's sticky flags, and when one of
 * them is unmasked it delivers nothing and raises #XM, or #UD if the operating system has not set
 * CR4.OSXMMEXCPT. A packed instruction computes every lane; if any lane raised an unmasked pre-computation
 * exception (IE, DE, ZE), MXCSR gets only the pre-computation exceptions of all lanes, masked or not (the
 * host reports no OE, UE or PE then); otherwise it gets every exception of every lane.
 */
public final class SseMxcsr {
    private SseMxcsr() {
    }

    /** The core's SSE environment with MXCSR's controls and no exceptions raised, for one instruction. */
    static FpEnv begin(Cpu c) {
        FpEnv env = c.sseEnv;
        env.setMxcsr(c.mxcsr);
        env.clearFlags();
        return env;
    }

    /**
     * Records the instruction's exceptions in MXCSR. Returns normally when all of them are masked, and the
     * caller then writes its destination; otherwise throws the SIMD floating-point exception.
     */
    static void end(Cpu c, FpEnv env) {
        int raised = env.flags();
        int unmasked = ~(c.mxcsr >> 7) & FpFlags.ALL;
        int preComputation = raised & FpFlags.PRE_COMPUTATION;
        if ((preComputation & unmasked) != 0) {
            c.mxcsr |= preComputation;
            throw exception(c);
        }
        c.mxcsr |= raised;
        if ((raised & unmasked) != 0) throw exception(c);
    }

    /**
     * Between the dependent steps of one instruction (DPPS and DPPD multiply, then add): the host applies
     * the rule above to each step on its own, so a step's exceptions go to MXCSR (and end the instruction if
     * one is unmasked) before the next step computes; an unmasked pre-computation exception in a later step
     * then hides none of the earlier steps' post-computation exceptions.
     */
    static void endOfStep(Cpu c, FpEnv env) {
        end(c, env);
        env.clearFlags();
    }

    /** The exception an unmasked SIMD floating-point exception raises: #XM with CR4.OSXMMEXCPT, else #UD. */
    public static CpuException exception(Cpu c) {
        return (c.cr4 & Cpu.CR4_OSXMMEXCPT) != 0 ? CpuException.of(CpuException.XM) : CpuException.ud();
    }
}

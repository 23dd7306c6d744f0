package dev.multiverse.cpu.fpu;

import static dev.multiverse.cpu.fpu.FpFlags.IE;
import static dev.multiverse.cpu.fpu.Unpacked.NAN;
import static dev.multiverse.cpu.fpu.Unpacked.UNSUPPORTED;

/**
 * NaN operands and invalid operations (Intel SDM vol. 1, table 4-7): an SNaN operand raises IE and every
 * NaN result is quiet. Of two NaN operands the x87 delivers the QNaN over the SNaN, else the larger
 * significand, else (equal significands) the positive one; SSE delivers the first source operand's NaN if
 * it is one. An invalid operation without a NaN operand delivers the default NaN, as does any unsupported
 * 80-bit encoding, even beside a NaN.
 */
final class Nans {
    private Nans() {
    }

    /** If an operand is a NaN or unsupported, puts the result in {@code env.r} and returns true. */
    static boolean propagate(Unpacked a, Unpacked b, FpEnv env) {
        if (a.kind == UNSUPPORTED || b.kind == UNSUPPORTED) {
            invalid(env);
            return true;
        }
        boolean aNaN = a.kind == NAN;
        boolean bNaN = b.kind == NAN;
        if (!aNaN && !bNaN) return false;
        if (a.isSignalingNaN() || b.isSignalingNaN()) env.flags |= IE;
        env.r.setQuietNaN(aNaN && (!bNaN || env.unit == FpEnv.Unit.SSE || x87Prefers(a, b)) ? a : b);
        return true;
    }

    /** The same for an operation of one operand. */
    static boolean propagate(Unpacked a, FpEnv env) {
        if (a.kind == UNSUPPORTED) {
            invalid(env);
            return true;
        }
        if (a.kind != NAN) return false;
        if (a.isSignalingNaN()) env.flags |= IE;
        env.r.setQuietNaN(a);
        return true;
    }

    /** Of two NaNs, whether the x87 delivers a rather than b. */
    private static boolean x87Prefers(Unpacked a, Unpacked b) {
        if (a.isSignalingNaN() != b.isSignalingNaN()) return b.isSignalingNaN();
        int bySignificand = Long.compareUnsigned(a.significand, b.significand);
        return bySignificand != 0 ? bySignificand > 0 : !a.negative;
    }

    /** An invalid operation: IE and the default NaN. */
    static void invalid(FpEnv env) {
        env.flags |= IE;
        env.r.setDefaultNaN();
    }
}

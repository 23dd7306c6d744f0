package dev.multiverse.cpu.diff;

import dev.multiverse.cpu.flags.Flags;

/**
 * The status flags the Intel SDM (Vol. 2, the "Flags Affected" section of each instruction) calls
 * undefined, by mnemonic. Everything not listed here must match the real CPU exactly. The quoted
 * sentences are the SDM's own words; the count rules use the count masked to 5 bits (6 with REX.W).
 */
final class UndefinedFlags {
    private static final long ALL = Flags.STATUS;

    private UndefinedFlags() {
    }

    /**
     * Undefined status flags for {@code mnemonic} at operand size {@code opSize} (bytes); {@code count} is
     * the shift or rotate count operand as encoded (ignored by other instructions).
     */
    static long of(String mnemonic, int opSize, long count) {
        int bits = opSize * 8;
        long masked = count & (opSize == 8 ? 0x3f : 0x1f);
        return switch (mnemonic) {
            // "The OF and CF flags are cleared; the SF, ZF, and PF flags are set according to the result.
            //  The state of the AF flag is undefined."
            case "and", "or", "xor", "test" -> Flags.AF;
            // MUL and IMUL: "The SF, ZF, AF, and PF flags are undefined."
            case "mul", "imul" -> Flags.SF | Flags.ZF | Flags.AF | Flags.PF;
            // DIV and IDIV: "The CF, OF, SF, ZF, AF, and PF flags are undefined."
            case "div", "idiv" -> ALL;
            // "The CF flag contains the value of the last bit shifted out of the destination operand; it is
            //  undefined for SHL and SHR instructions where the count is greater than or equal to the size
            //  (in bits) of the destination operand. The OF flag is affected only for 1-bit shifts ...;
            //  otherwise, it is undefined. ... If the count is 0, the flags are not affected. For a non-zero
            //  count, the AF flag is undefined."
            case "shl", "sal", "shr", "sar" -> {
                if (masked == 0) yield 0;
                long u = Flags.AF | (masked != 1 ? Flags.OF : 0);
                if (!mnemonic.equals("sar") && masked >= bits) u |= Flags.CF;
                yield u;
            }
            // ROL/ROR/RCL/RCR: "If the masked count is 0, the flags are not affected. If the masked count is
            //  1, then the OF flag is affected, otherwise (masked count is greater than 1) the OF flag is
            //  undefined."
            case "rol", "ror", "rcl", "rcr" -> masked > 1 ? Flags.OF : 0;
            // SHLD/SHRD: "For shifts greater than 1 bit, the OF flag is undefined. If a shift occurs, the AF
            //  flag is undefined. If the count operand is 0, the flags are not affected. If the count is
            //  greater than the operand size, the flags are undefined."
            case "shld", "shrd" -> {
                if (masked == 0) yield 0;
                if (masked > bits) yield ALL;
                yield Flags.AF | (masked != 1 ? Flags.OF : 0);
            }
            // BSF/BSR: "The ZF flag is set to 1 if the source operand is 0; otherwise, the ZF flag is
            //  cleared. The CF, OF, SF, AF, and PF flags are undefined."
            case "bsf", "bsr" -> Flags.CF | Flags.OF | Flags.SF | Flags.AF | Flags.PF;
            // BT/BTS/BTR/BTC: "The ZF flag is unaffected. The OF, SF, AF, and PF flags are undefined."
            case "bt", "bts", "btr", "btc" -> Flags.OF | Flags.SF | Flags.AF | Flags.PF;
            // TZCNT/LZCNT: "OF, SF, PF and AF flags are undefined."
            case "tzcnt", "lzcnt" -> Flags.OF | Flags.SF | Flags.PF | Flags.AF;
            default -> 0;
        };
    }
}

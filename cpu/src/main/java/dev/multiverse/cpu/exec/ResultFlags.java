package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.flags.Flags;

/**
 * Status bits derived from a result, for the families that set flags eagerly (shifts, multiplies, bit
 * scans): their CF/OF/AF rules do not fit the lazy {@link Flags} operation kinds.
 */
final class ResultFlags {
    private ResultFlags() {
    }

    /** PF: set when the low byte of {@code result} has an even number of one bits. */
    static long parity(long result) {
        return (Integer.bitCount((int) result & 0xff) & 1) == 0 ? Flags.PF : 0;
    }

    /** SF, ZF and PF of a {@code size}-byte result. */
    static long szp(long result, int size) {
        long r = result & Cpu.mask(size);
        long bits = parity(r);
        if (r == 0) bits |= Flags.ZF;
        if ((r >>> (size * 8 - 1)) != 0) bits |= Flags.SF;
        return bits;
    }

    /** The current status flags with {@code changed} replaced by {@code bits} (for CF/OF-only updates). */
    static long merge(long current, long changed, long bits) {
        return (current & ~changed) | (bits & changed);
    }
}

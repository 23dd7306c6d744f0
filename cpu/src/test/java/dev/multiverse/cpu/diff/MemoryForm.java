package dev.multiverse.cpu.diff;

import java.util.SplittableRandom;

/**
 * A ModRM memory addressing form in 64-bit code: base and index registers (or none, or RIP), scale and
 * displacement size, with the ModRM/SIB fields that encode it.
 *
 * @param base     base register 0-15, {@link #NONE} or {@link #RIP}
 * @param index    index register 0-15 except 4 (RSP), or {@link #NONE}
 * @param scale    shift count 0-3
 * @param dispSize 0, 1 or 4 bytes
 * @param sib      encoded with a SIB byte
 */
record MemoryForm(int base, int index, int scale, int dispSize, boolean sib) {
    static final int NONE = -1, RIP = 16;

    int mod() {
        if (base == RIP || base == NONE) return 0;
        return dispSize == 0 ? 0 : dispSize == 1 ? 1 : 2;
    }

    int rmField() {
        return sib ? 4 : base == RIP ? 5 : base & 7;
    }

    /** The SIB byte (only when {@link #sib}); an absent index is 100 with REX.X clear. */
    int sibByte() {
        int idx = index == NONE ? 4 : index & 7;
        int b = base == NONE ? 5 : base & 7;
        return scale << 6 | idx << 3 | b;
    }

    boolean rexX() {
        return sib && index != NONE && index >= 8;
    }

    boolean rexB() {
        return base != NONE && base != RIP && base >= 8;
    }

    /** A random well-formed addressing form. */
    static MemoryForm random(SplittableRandom r) {
        int k = r.nextInt(100);
        if (k < 8) return new MemoryForm(RIP, NONE, 0, 4, false);
        if (k < 12) return new MemoryForm(NONE, NONE, 0, 4, true);                     // [disp32] through SIB
        if (k < 18) return new MemoryForm(NONE, index(r), r.nextInt(4), 4, true);      // [index*s + disp32]
        int base = r.nextInt(16);
        int dispSize = new int[]{0, 1, 4}[r.nextInt(3)];
        if ((base & 7) == 5 && dispSize == 0) dispSize = 1;   // mod 00 with base 101 means no base
        if (k < 55) {
            // No index: RSP and R12 as base still need a SIB byte (index 100 = none).
            return new MemoryForm(base, NONE, 0, dispSize, (base & 7) == 4 || r.nextInt(8) == 0);
        }
        return new MemoryForm(base, index(r), r.nextInt(4), dispSize, true);
    }

    private static int index(SplittableRandom r) {
        while (true) {
            int i = r.nextInt(16);
            if (i != 4) return i;
        }
    }
}

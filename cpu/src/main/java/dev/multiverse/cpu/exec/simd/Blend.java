package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.exec.VectorOperands;
import dev.multiverse.cpu.insn.Insn;

/**
 * Choosing each element from the source or keeping the destination's: by an immediate's bits (PBLENDW,
 * BLENDPS, BLENDPD) or by the top bit of the matching element of the implicit XMM0 (PBLENDVB, BLENDVPS,
 * BLENDVPD).
 */
public final class Blend {
    private Blend() {
    }

    public static void pblendw(Cpu c, Insn i) {
        byImmediate(c, i, 16);
    }

    public static void blendps(Cpu c, Insn i) {
        byImmediate(c, i, 32);
    }

    public static void blendpd(Cpu c, Insn i) {
        byImmediate(c, i, 64);
    }

    public static void pblendvb(Cpu c, Insn i) {
        byXmm0(c, i, 8);
    }

    public static void blendvps(Cpu c, Insn i) {
        byXmm0(c, i, 32);
    }

    public static void blendvpd(Cpu c, Insn i) {
        byXmm0(c, i, 64);
    }

    private static void byImmediate(Cpu c, Insn i, int bits) {
        int perWord = 64 / bits, imm = (int) i.imm;
        long lowMask = 0, highMask = 0;
        for (int n = 0; n < perWord; n++) {
            lowMask |= Lanes.place((imm >>> n & 1) != 0 ? -1 : 0, n, bits);
            highMask |= Lanes.place((imm >>> (n + perWord) & 1) != 0 ? -1 : 0, n, bits);
        }
        blend(c, i, lowMask, highMask);
    }

    private static void byXmm0(Cpu c, Insn i, int bits) {
        blend(c, i, Lanes.signMask(c.xmm[0], bits), Lanes.signMask(c.xmm[1], bits));
    }

    /** Destination bits where the mask is set come from the source. */
    private static void blend(Cpu c, Insn i, long lowMask, long highMask) {
        int s = 2 * VectorOperands.xmmSource(c, i, 1), d = 2 * i.loc0;
        c.xmm[d] = (c.xmm[d] & ~lowMask) | (c.xmm[s] & lowMask);
        c.xmm[d + 1] = (c.xmm[d + 1] & ~highMask) | (c.xmm[s + 1] & highMask);
    }
}

package dev.multiverse.cpu.exec.simd;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.insn.Insn;

/**
 * MASKMOVQ and MASKMOVDQU: the bytes of the first register whose mask byte (in the second) has its top
 * bit set are stored at DS:rDI (a segment override applies; rDI at the address size). Only those bytes
 * are written, but the whole 8 or 16 bytes are checked for writing first, even with an all-zero mask,
 * as the host Intel CPU does.
 */
public final class MaskedStore {
    private MaskedStore() {
    }

    /** MASKMOVQ enters the MMX state (TOP 0, tags valid) before its store, so even when the store faults (host behaviour). */
    public static void maskmovq(Cpu c, Insn i) {
        long data = c.x87.mmx(i.loc0), mask = c.x87.mmx(i.loc1);
        c.x87.enterMmx();
        long offset = checkedDestination(c, i, 8);
        storeBytes(c, i, offset, data, mask);
    }

    public static void maskmovdqu(Cpu c, Insn i) {
        int d = 2 * i.loc0, m = 2 * i.loc1;
        long low = c.xmm[d], high = c.xmm[d + 1], maskLow = c.xmm[m], maskHigh = c.xmm[m + 1];
        long offset = checkedDestination(c, i, 16);
        storeBytes(c, i, offset, low, maskLow);
        storeBytes(c, i, offset + 8, high, maskHigh);
    }

    /** rDI at the address size, after checking {@code size} bytes there for writing. */
    private static long checkedDestination(Cpu c, Insn i, int size) {
        long offset = c.gpr[Cpu.RDI] & Cpu.mask(i.addrSize);
        c.mmu.probeWrite(c.dataLinear(i.seg, offset, size, true), size, c.dataPrivilege());
        return offset;
    }

    private static void storeBytes(Cpu c, Insn i, long offset, long data, long mask) {
        for (int n = 0; n < 8; n++) {
            if ((mask >>> (8 * n + 7) & 1) != 0) {
                c.writeMem(i.seg, offset + n, 1, data >>> (8 * n));
            }
        }
    }
}

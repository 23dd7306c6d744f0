package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.insn.Insn;

/**
 * SSE4.2's CRC32 r32/r64, r/m8/16/32/64: the destination's low 32 bits are a running CRC-32C (Castagnoli,
 * polynomial 11EDC6F41h, bit-reflected as in iSCSI) that absorbs the source's bytes, lowest first. There
 * is no inversion before or after: software applies the usual ~0 start and final complement itself.
 * The result is zero-extended into a 64-bit destination; flags are unchanged.
 */
public final class Crc32 {
    /** The reflected polynomial. */
    private static final int POLYNOMIAL = 0x82f6_3b78;
    private static final int[] TABLE = table();

    private Crc32() {
    }

    private static int[] table() {
        int[] t = new int[256];
        for (int n = 0; n < 256; n++) {
            int r = n;
            for (int bit = 0; bit < 8; bit++) r = (r >>> 1) ^ ((r & 1) != 0 ? POLYNOMIAL : 0);
            t[n] = r;
        }
        return t;
    }

    public static void crc32(Cpu c, Insn i) {
        long data = c.read(i, 1);
        int crc = (int) c.read(i, 0);
        for (int k = 0; k < i.size1; k++) crc = (crc >>> 8) ^ TABLE[(crc ^ (int) (data >>> 8 * k)) & 0xff];
        c.write(i, 0, crc & 0xffff_ffffL);
    }
}

package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;

/**
 * Single-bit and bit-count instructions: BT, BTS, BTR, BTC, BSF, BSR, POPCNT, LZCNT, TZCNT and BSWAP.
 *
 * <p>Flags the manuals leave undefined follow the Intel CPUs this was checked on (Sapphire Rapids): the
 * bit tests change only CF; BSF/BSR clear CF, OF, SF and AF and set PF from the result (PF=1 with ZF=1 for
 * a zero source); LZCNT/TZCNT clear OF, SF, AF and PF. A 16-bit BSWAP clears the low word.
 */
public final class BitOps {
    private BitOps() {
    }

    private static final int TEST = 0, SET = 1, RESET = 2, COMPLEMENT = 3;

    /**
     * The bit-test family. With a register offset and a memory operand the offset is signed and reaches
     * beyond the operand: it selects the operand-sized word at ea + size * floor(offset / bits). With an
     * immediate or a register destination the offset is taken modulo the operand width.
     */
    private static void bitTest(Cpu c, Insn i, int action) {
        int size = i.size0, bits = size * 8;
        long offset = c.read(i, 1);
        long word;
        long address = 0;
        boolean memory = i.isMem(0);
        if (memory) {
            address = c.ea(i);
            if (i.loc1 != Insn.IMM) {
                long signed = Cpu.signExtend(offset, size);
                address = (address + (signed >> Integer.numberOfTrailingZeros(bits)) * size) & Cpu.mask(i.addrSize);
            }
            word = action == TEST ? c.readMem(i.seg, address, size) : c.readMemForWrite(i.seg, address, size);
        } else {
            word = c.read(i, 0);
        }
        long mask = 1L << (offset & (bits - 1));
        long old = word & mask;
        if (action != TEST) {
            long result = switch (action) {
                case SET -> word | mask;
                case RESET -> word & ~mask;
                default -> word ^ mask;
            };
            if (memory) c.writeMem(i.seg, address, size, result);
            else c.write(i, 0, result);
        }
        c.flags.setStatus(ResultFlags.merge(c.flags.get(), Flags.CF, old != 0 ? Flags.CF : 0));
    }

    public static void bt(Cpu c, Insn i) {
        bitTest(c, i, TEST);
    }

    public static void bts(Cpu c, Insn i) {
        bitTest(c, i, SET);
    }

    public static void btr(Cpu c, Insn i) {
        bitTest(c, i, RESET);
    }

    public static void btc(Cpu c, Insn i) {
        bitTest(c, i, COMPLEMENT);
    }

    /** BSF/BSR with a zero source set ZF and leave the whole destination register untouched. */
    private static void bitScan(Cpu c, Insn i, boolean forward) {
        long src = c.read(i, 1);
        if (src == 0) {
            c.flags.setStatus(Flags.ZF | Flags.PF);
            return;
        }
        long index = forward ? Long.numberOfTrailingZeros(src) : 63 - Long.numberOfLeadingZeros(src);
        c.write(i, 0, index);
        c.flags.setStatus(ResultFlags.parity(index));
    }

    public static void bsf(Cpu c, Insn i) {
        bitScan(c, i, true);
    }

    public static void bsr(Cpu c, Insn i) {
        bitScan(c, i, false);
    }

    public static void popcnt(Cpu c, Insn i) {
        long src = c.read(i, 1);
        c.write(i, 0, Long.bitCount(src));
        c.flags.setStatus(src == 0 ? Flags.ZF : 0);
    }

    /** LZCNT/TZCNT: CF when the source is zero (the result is then the operand width), ZF when the result is zero. */
    private static void count(Cpu c, Insn i, long src, long result) {
        c.write(i, 0, result);
        c.flags.setStatus((src == 0 ? Flags.CF : 0) | (result == 0 ? Flags.ZF : 0));
    }

    public static void lzcnt(Cpu c, Insn i) {
        long src = c.read(i, 1);
        count(c, i, src, Long.numberOfLeadingZeros(src) - (64 - i.size1 * 8));
    }

    public static void tzcnt(Cpu c, Insn i) {
        long src = c.read(i, 1);
        count(c, i, src, src == 0 ? i.size1 * 8 : Long.numberOfTrailingZeros(src));
    }

    public static void bswap(Cpu c, Insn i) {
        long v = c.read(i, 0);
        long r = switch (i.size0) {
            case 8 -> Long.reverseBytes(v);
            case 4 -> Integer.reverseBytes((int) v);
            default -> 0;   // 16-bit BSWAP is undefined; Intel CPUs clear the low word
        };
        c.write(i, 0, r);
    }

    /** MOVBE: a move between a register and memory that reverses the byte order (two bytes at 16 bits). */
    public static void movbe(Cpu c, Insn i) {
        long v = c.read(i, 1);
        long r = switch (i.size0) {
            case 8 -> Long.reverseBytes(v);
            case 4 -> Integer.reverseBytes((int) v);
            default -> Short.reverseBytes((short) v) & 0xffff;
        };
        c.write(i, 0, r);
    }
}

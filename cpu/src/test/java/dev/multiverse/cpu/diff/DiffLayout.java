package dev.multiverse.cpu.diff;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The address map shared by the native harness and the emulator: one code page whose every byte except
 * the instruction under test is HLT, and the data areas memory operands, string pointers and the stack
 * point into. The harness learns all of it from the case-file header; nothing is repeated in C.
 */
final class DiffLayout {
    static final long CODE_PAGE = 0x20_0000L;
    static final int PAGE = 4096;
    /** The instruction sits mid-page so that short branches both ways land on HLT bytes. */
    static final long INSN = CODE_PAGE + 0x800;
    static final int MAX_INSN = 15;

    /** General data and, in its upper half, the stack. */
    static final Area LOW = new Area("low", 0x10_0000L, 4 * PAGE);
    /** A page far above 4 GiB, reachable only through 64-bit base or index registers and moffs64. */
    static final Area HIGH = new Area("high", 0x4000_0000_0000L, PAGE);
    static final List<Area> AREAS = List.of(LOW, HIGH);

    /** Default stack pointer: pushes and pops stay inside {@link #LOW}. */
    static final long STACK = LOW.base() + 3 * PAGE;
    /** Pages nothing is mapped at, on either side: accesses there raise #PF. */
    static final long UNMAPPED_AFTER_LOW = LOW.end();
    static final long UNMAPPED_AFTER_CODE = CODE_PAGE + PAGE;
    /** Lowest non-canonical address above the user half: accesses raise #GP (or #SS through RSP/RBP). */
    static final long NON_CANONICAL = 0x0000_8000_0000_0000L;

    private DiffLayout() {
    }

    /** The contents every case starts from (before its own patches): fixed pseudo-random bytes. */
    static byte[] initialContents(Area area) {
        SplittableRandom random = new SplittableRandom(area.base());
        byte[] bytes = new byte[area.size()];
        for (int i = 0; i < bytes.length; i += 8) {
            long v = random.nextLong();
            for (int b = 0; b < 8; b++) bytes[i + b] = (byte) (v >>> (8 * b));
        }
        return bytes;
    }

    static Area areaOf(long address, long length) {
        for (Area a : AREAS) {
            if (a.contains(address, length)) return a;
        }
        return null;
    }

    /** True if {@code address} is a landing place for a branch: a HLT byte of the code page. */
    static boolean isLanding(long address, int insnLength) {
        return address - CODE_PAGE >= 0 && address - CODE_PAGE < PAGE && (address < INSN || address >= INSN + insnLength);
    }
}

package dev.multiverse.cpu.diff;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.state.X87;

import java.util.List;

/**
 * The x87, MMX and SSE state exchanged with the native harness: the 64-bit FXSAVE image (Intel SDM vol. 1,
 * table 10-2, REX.W form) up to the end of XMM15, the part of the 512 bytes the architecture defines. The
 * harness loads it with FXRSTOR64 and reads back what the kernel saved in the signal frame; the emulator
 * side converts it to and from {@link Cpu#x87}, {@link Cpu#xmm} and {@link Cpu#mxcsr} the way FXRSTOR and
 * FXSAVE do.
 *
 * <p>Compared items: FCW, FSW, the abridged tag byte, FOP, FIP, FDP, MXCSR, the 80 bits of each ST slot
 * and every XMM register. Not compared: byte 5 and the slot bytes 10-15 (reserved), and MXCSR_MASK
 * (what the host CPU supports, not state).
 */
final class FxsaveImage {
    static final int SIZE = 416;
    static final int FCW = 0, FSW = 2, FTW = 4, FOP = 6, FIP = 8, FDP = 16, MXCSR = 24, ST = 32, XMM = 160;
    private static final int SLOT = 16;

    private FxsaveImage() {
    }

    // ---- little-endian fields ----

    static long get(byte[] image, int offset, int bytes) {
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) v = v << 8 | (image[offset + i] & 0xff);
        return v;
    }

    static void put(byte[] image, int offset, int bytes, long value) {
        for (int i = 0; i < bytes; i++) image[offset + i] = (byte) (value >>> (8 * i));
    }

    static long xmmLow(byte[] image, int n) {
        return get(image, XMM + 16 * n, 8);
    }

    static long xmmHigh(byte[] image, int n) {
        return get(image, XMM + 16 * n + 8, 8);
    }

    static void setXmm(byte[] image, int n, long low, long high) {
        put(image, XMM + 16 * n, 8, low);
        put(image, XMM + 16 * n + 8, 8, high);
    }

    /** The 64-bit significand of ST slot {@code i} (MMX register i when TOP is 0). */
    static long significand(byte[] image, int i) {
        return get(image, ST + SLOT * i, 8);
    }

    static int signExponent(byte[] image, int i) {
        return (int) get(image, ST + SLOT * i + 8, 2);
    }

    static void setSlot(byte[] image, int i, long significand, int signExponent) {
        put(image, ST + SLOT * i, 8, significand);
        put(image, ST + SLOT * i + 8, 2, signExponent);
    }

    static int top(byte[] image) {
        return (int) get(image, FSW, 2) >> X87.TOP_SHIFT & 7;
    }

    /** The ST slot that holds physical register {@code p} (R0-R7; MMX register p). */
    static int slotOf(byte[] image, int p) {
        return (p - top(image)) & 7;
    }

    // ---- emulator state ----

    /** What FXRSTOR64 does with the image: x87 environment and registers, MXCSR, XMM0-XMM15. */
    static void load(Cpu c, byte[] image) {
        X87 f = c.x87;
        f.control = (int) get(image, FCW, 2);
        f.status = (int) get(image, FSW, 2);
        f.opcode = (int) get(image, FOP, 2) & 0x7ff;
        f.instructionPointer = get(image, FIP, 8);
        f.dataPointer = get(image, FDP, 8);
        f.instructionSelector = 0;
        f.dataSelector = 0;
        int top = top(image);
        for (int i = 0; i < 8; i++) {
            int p = (top + i) & 7;
            f.significand[p] = significand(image, i);
            f.signExponent[p] = signExponent(image, i);
        }
        // The abridged tag says only empty or not; the full tag of a non-empty register follows from its value.
        int abridged = image[FTW] & 0xff;
        for (int p = 0; p < 8; p++) {
            f.setTag(p, (abridged >> p & 1) == 0 ? X87.TAG_EMPTY : tagOf(f.significand[p], f.signExponent[p]));
        }
        c.mxcsr = (int) get(image, MXCSR, 4);
        for (int n = 0; n < 16; n++) {
            c.xmm[2 * n] = xmmLow(image, n);
            c.xmm[2 * n + 1] = xmmHigh(image, n);
        }
    }

    /** What FXSAVE64 stores (MXCSR_MASK left zero: it is not compared). */
    static byte[] save(Cpu c) {
        byte[] image = new byte[SIZE];
        X87 f = c.x87;
        put(image, FCW, 2, f.control);
        put(image, FSW, 2, f.status);
        int abridged = 0;
        for (int p = 0; p < 8; p++) {
            if (f.tagOf(p) != X87.TAG_EMPTY) abridged |= 1 << p;
        }
        image[FTW] = (byte) abridged;
        put(image, FOP, 2, f.opcode & 0x7ff);
        put(image, FIP, 8, f.instructionPointer);
        put(image, FDP, 8, f.dataPointer);
        put(image, MXCSR, 4, c.mxcsr);
        int top = f.top();
        for (int i = 0; i < 8; i++) {
            int p = (top + i) & 7;
            setSlot(image, i, f.significand[p], f.signExponent[p]);
        }
        for (int n = 0; n < 16; n++) setXmm(image, n, c.xmm[2 * n], c.xmm[2 * n + 1]);
        return image;
    }

    /** The full tag of a non-empty register from its value (SDM vol. 1, 8.1.7). */
    static int tagOf(long significand, int signExponent) {
        int exponent = signExponent & 0x7fff;
        if (exponent == 0x7fff) return X87.TAG_SPECIAL;                        // infinity, NaN
        if (exponent == 0) return significand == 0 ? X87.TAG_ZERO : X87.TAG_SPECIAL;   // zero, denormal
        return significand < 0 ? X87.TAG_VALID : X87.TAG_SPECIAL;             // normal, or unnormal (J bit clear)
    }

    // ---- comparison and reporting ----

    /**
     * Adds the names of the items that differ: fcw, fsw, ftw, fop, fip, fdp, mxcsr, xmm0-xmm15, and the
     * x87 registers. Those are compared by physical register, so that a different TOP shows as fsw alone,
     * and named mm0-mm7 (when {@code mmxNames}) or st0-st7 by their stack position in {@code n}.
     */
    static void differences(byte[] n, byte[] e, boolean mmxNames, List<String> d) {
        field(n, e, FCW, 2, "fcw", d);
        field(n, e, FSW, 2, "fsw", d);
        field(n, e, FTW, 1, "ftw", d);
        field(n, e, FOP, 2, "fop", d);
        field(n, e, FIP, 8, "fip", d);
        field(n, e, FDP, 8, "fdp", d);
        field(n, e, MXCSR, 4, "mxcsr", d);
        for (int p = 0; p < 8; p++) {
            int sn = slotOf(n, p), se = slotOf(e, p);
            if (significand(n, sn) != significand(e, se) || signExponent(n, sn) != signExponent(e, se)) {
                d.add(registerName(n, p, mmxNames));
            }
        }
        for (int x = 0; x < 16; x++) {
            if (xmmLow(n, x) != xmmLow(e, x) || xmmHigh(n, x) != xmmHigh(e, x)) d.add("xmm" + x);
        }
    }

    private static void field(byte[] n, byte[] e, int offset, int bytes, String name, List<String> d) {
        if (get(n, offset, bytes) != get(e, offset, bytes)) d.add(name);
    }

    /** Physical register {@code p}'s name: mmP, or stI with I its stack position under {@code reference}'s TOP. */
    static String registerName(byte[] reference, int p, boolean mmxNames) {
        return mmxNames ? "mm" + p : "st" + slotOf(reference, p);
    }

    /**
     * The value of an item for the report: XMM registers as four 32-bit lanes, the highest first (as the
     * SDM draws them); x87 registers as sign-exponent:significand, named as in {@link #registerName}.
     */
    static String describe(byte[] image, String item, boolean mmxNames, byte[] reference) {
        if (item.startsWith("xmm")) {
            int x = Integer.parseInt(item.substring(3));
            long hi = xmmHigh(image, x), lo = xmmLow(image, x);
            return String.format("%s=[%08x %08x %08x %08x]", item, hi >>> 32, hi & 0xffff_ffffL, lo >>> 32, lo & 0xffff_ffffL);
        }
        for (int p = 0; p < 8; p++) {
            if (registerName(reference, p, mmxNames).equals(item)) {
                int slot = slotOf(image, p);
                return String.format("%s=%04x:%016x", item, signExponent(image, slot), significand(image, slot));
            }
        }
        return switch (item) {
            case "fcw", "fop" -> String.format("%s=%04x", item, get(image, item.equals("fcw") ? FCW : FOP, 2));
            case "fsw" -> String.format("fsw=%04x(top %d)", get(image, FSW, 2), top(image));
            case "ftw" -> String.format("ftw=%02x", image[FTW] & 0xff);
            case "fip", "fdp" -> String.format("%s=%x", item, get(image, item.equals("fip") ? FIP : FDP, 8));
            case "mxcsr" -> String.format("mxcsr=%04x", get(image, MXCSR, 4));
            default -> item;
        };
    }
}

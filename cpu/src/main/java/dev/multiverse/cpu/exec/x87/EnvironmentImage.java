package dev.multiverse.cpu.exec.x87;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.X87;

/**
 * FNSTENV, FLDENV, FNSAVE and FRSTOR (SDM vol. 1, 8.1.10, figures 8-9 to 8-12). The environment is 14
 * bytes with a 16-bit operand size and 28 bytes otherwise (64-bit mode included), in one of two layouts:
 * protected mode stores the last instruction's and operand's selector:offset pointers (and, in the 32-bit
 * form, the opcode beside the code selector); real-address and virtual-8086 mode store them as linear
 * addresses (segment * 16 + offset) split around the opcode. Words the layouts leave reserved are
 * written as all ones, as the host CPU writes them. The full tag word is stored as the registers' contents
 * call for; on loading only its empty/full distinction counts. FNSAVE and FRSTOR add ST(0)-ST(7), ten bytes
 * each. Loading the status and control words recomputes the exception summary (ES, B).
 */
public final class EnvironmentImage {
    private static final int REGISTERS = 80;

    private EnvironmentImage() {
    }

    /** FNSTENV: stores the environment, then masks every exception. */
    public static void fnstenv(Cpu c, Insn i) {
        Memory.write(c, i.seg, c.ea(i), environment(c, i, 0));
        X87 f = c.x87;
        f.control |= X87.EXCEPTIONS;
        f.updateErrorSummary();
        ErrorReporting.signal(c);
    }

    public static void fldenv(Cpu c, Insn i) {
        byte[] image = Memory.read(c, i.seg, c.ea(i), size(i));
        loadEnvironment(c, i, image);
    }

    /** FNSAVE: stores the environment and the registers, then initializes the x87 as FNINIT does. */
    public static void fnsave(Cpu c, Insn i) {
        X87 f = c.x87;
        int size = size(i);
        byte[] image = environment(c, i, REGISTERS);
        for (int st = 0; st < 8; st++) {
            int p = f.physical(st);
            put(image, size + 10 * st, 8, f.significand[p]);
            put(image, size + 10 * st + 8, 2, f.signExponent[p]);
        }
        Memory.write(c, i.seg, c.ea(i), image);
        f.init();
    }

    /** FRSTOR: the registers go where the loaded TOP puts ST(0)-ST(7); their tags follow from them. */
    public static void frstor(Cpu c, Insn i) {
        X87 f = c.x87;
        int size = size(i);
        byte[] image = Memory.read(c, i.seg, c.ea(i), size + REGISTERS);
        int top = (int) get(image, statusOffset(i), 2) >> X87.TOP_SHIFT & 7;
        for (int st = 0; st < 8; st++) {
            int p = (top + st) & 7;
            f.significand[p] = get(image, size + 10 * st, 8);
            f.signExponent[p] = (int) get(image, size + 10 * st + 8, 2);
        }
        loadEnvironment(c, i, image);
    }

    private static boolean wide(Insn i) {
        return i.opSize != 2;
    }

    private static int size(Insn i) {
        return wide(i) ? 28 : 14;
    }

    private static int statusOffset(Insn i) {
        return wide(i) ? 4 : 2;
    }

    private static boolean realFormat(Cpu c) {
        return (c.cr0 & Cpu.CR0_PE) == 0 || c.flags.bit(Flags.VM);
    }

    /** The environment in the first bytes of an image {@code extra} bytes longer. */
    private static byte[] environment(Cpu c, Insn i, int extra) {
        X87 f = c.x87;
        boolean wide = wide(i), real = realFormat(c);
        byte[] image = new byte[size(i) + extra];
        int slot = wide ? 4 : 2;
        for (int n = 0; n < 3; n++) {
            put(image, slot * n, 2, n == 0 ? f.control : n == 1 ? f.status : tagWord(f));
            if (wide) put(image, slot * n + 2, 2, 0xffff);
        }
        long ip = f.instructionPointer, dp = f.dataPointer;
        if (real) {
            ip = ((long) f.instructionSelector << 4) + ip;
            dp = ((long) f.dataSelector << 4) + dp;
            if (wide) {
                put(image, 12, 4, ip & 0xffff | 0xffff_0000L);
                put(image, 16, 4, (ip >>> 16 & 0xffff) << 12 | f.opcode);
                put(image, 20, 4, dp & 0xffff | 0xffff_0000L);
                put(image, 24, 4, (dp >>> 16 & 0xffff) << 12);
            } else {
                put(image, 6, 2, ip);
                put(image, 8, 2, (ip >>> 16 & 0xf) << 12 | f.opcode);
                put(image, 10, 2, dp);
                put(image, 12, 2, (dp >>> 16 & 0xf) << 12);
            }
        } else if (wide) {
            put(image, 12, 4, ip);
            put(image, 16, 4, f.instructionSelector | (long) f.opcode << 16);
            put(image, 20, 4, dp);
            put(image, 24, 4, f.dataSelector | 0xffff_0000L);
        } else {
            put(image, 6, 2, ip);
            put(image, 8, 2, f.instructionSelector);
            put(image, 10, 2, dp);
            put(image, 12, 2, f.dataSelector);
        }
        return image;
    }

    /** Two bits per physical register: 11 empty, else 00 valid, 01 zero or 10 special by its contents. */
    private static int tagWord(X87 f) {
        int tags = 0;
        for (int r = 0; r < 8; r++) {
            tags |= (f.tagOf(r) == X87.TAG_EMPTY ? X87.TAG_EMPTY : f.classify(r)) << (2 * r);
        }
        return tags;
    }

    private static void loadEnvironment(Cpu c, Insn i, byte[] image) {
        X87 f = c.x87;
        boolean wide = wide(i), real = realFormat(c);
        int slot = wide ? 4 : 2;
        f.status = (int) get(image, slot, 2);
        f.loadControl((int) get(image, 0, 2));
        f.setFullTag((int) get(image, 2 * slot, 2));
        if (real) {
            long ipHigh = wide ? get(image, 16, 4) >>> 12 & 0xffff : get(image, 8, 2) >>> 12;
            long dpHigh = wide ? get(image, 24, 4) >>> 12 & 0xffff : get(image, 12, 2) >>> 12;
            f.instructionPointer = get(image, wide ? 12 : 6, 2) | ipHigh << 16;
            f.dataPointer = get(image, wide ? 20 : 10, 2) | dpHigh << 16;
            f.opcode = (int) get(image, wide ? 16 : 8, 2) & 0x7ff;
            f.instructionSelector = f.dataSelector = 0;
        } else if (wide) {
            f.instructionPointer = get(image, 12, 4);
            f.instructionSelector = (int) get(image, 16, 2);
            f.opcode = (int) get(image, 18, 2) & 0x7ff;
            f.dataPointer = get(image, 20, 4);
            f.dataSelector = (int) get(image, 24, 2);
        } else {
            f.instructionPointer = get(image, 6, 2);
            f.instructionSelector = (int) get(image, 8, 2);
            f.dataPointer = get(image, 10, 2);
            f.dataSelector = (int) get(image, 12, 2);
        }
        ErrorReporting.signal(c);
    }

    private static long get(byte[] image, int offset, int bytes) {
        long v = 0;
        for (int k = bytes - 1; k >= 0; k--) v = v << 8 | (image[offset + k] & 0xff);
        return v;
    }

    private static void put(byte[] image, int offset, int bytes, long value) {
        for (int k = 0; k < bytes; k++) image[offset + k] = (byte) (value >>> (8 * k));
    }
}

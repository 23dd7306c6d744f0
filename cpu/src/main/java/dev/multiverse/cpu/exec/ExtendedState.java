package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.insn.Insn;
import dev.multiverse.cpu.state.CpuidModel;
import dev.multiverse.cpu.state.X87;

/**
 * Saving and restoring the x87, MMX and SSE state (SDM vol. 1, 10.5 and 13): FXSAVE/FXRSTOR with their
 * 512-byte image, LDMXCSR/STMXCSR, and the XSAVE family for the x87 (bit 0) and SSE (bit 1) components
 * with XGETBV/XSETBV. An image is read completely before any state changes and every page of a
 * destination is checked before the first byte is written, so a fault leaves everything as it was.
 *
 * <p>The legacy image: FCW, FSW, abridged FTW, FOP, then the last instruction and data pointers (64-bit
 * offsets with REX.W in 64-bit mode, else 32-bit offsets and selectors), MXCSR and MXCSR_MASK, ST0-ST7
 * in 16-byte slots, XMM0-XMM15 (XMM0-XMM7 outside 64-bit mode). Bytes 416-511 are never written.
 */
public final class ExtendedState {
    /** MXCSR bits software may set (DAZ included); the rest are reserved and loading them is #GP(0). */
    public static final int MXCSR_MASK = 0xffff;
    private static final int LEGACY_QWORDS = 64, HEADER_QWORDS = 8;
    private static final int XSTATE_BV = LEGACY_QWORDS, XCOMP_BV = LEGACY_QWORDS + 1;
    private static final long X87_COMPONENT = 1, SSE_COMPONENT = 2;

    private ExtendedState() {
    }

    public static void fxsave(Cpu c, Insn i) {
        long offset = c.ea(i);
        checkArea(c, i.seg, offset, 8 * LEGACY_QWORDS, 16, true);
        long[] image = new long[LEGACY_QWORDS];
        int written = putLegacy(c, image, wide(c, i), true, true);
        store(c, i.seg, offset, image, written);
    }

    public static void fxrstor(Cpu c, Insn i) {
        long offset = c.ea(i);
        checkArea(c, i.seg, offset, 8 * LEGACY_QWORDS, 16, false);
        long[] image = load(c, i.seg, offset, LEGACY_QWORDS);
        int mxcsr = (int) (image[3] & 0xffff_ffffL);
        if ((mxcsr & ~MXCSR_MASK) != 0) throw CpuException.gp(0);
        takeX87(c, image, wide(c, i));
        takeXmm(c, image);
        c.mxcsr = mxcsr;
    }

    public static void ldmxcsr(Cpu c, Insn i) {
        int v = (int) c.read(i, 0);
        if ((v & ~MXCSR_MASK) != 0) throw CpuException.gp(0);
        c.mxcsr = v;
    }

    public static void stmxcsr(Cpu c, Insn i) {
        c.write(i, 0, c.mxcsr & 0xffff_ffffL);
    }

    /** XSAVE and XSAVEOPT (which may skip unmodified components; saving them is also correct). */
    public static void xsave(Cpu c, Insn i) {
        checkXsaveUsable(c);
        long offset = c.ea(i);
        checkArea(c, i.seg, offset, 8 * (LEGACY_QWORDS + HEADER_QWORDS), 64, true);
        long rfbm = requestedFeatures(c);
        // The header's XSTATE_BV is read and rewritten: only the requested bits change.
        long[] image = load(c, i.seg, offset, LEGACY_QWORDS + HEADER_QWORDS);
        long inUse = (c.x87.initial() ? 0 : X87_COMPONENT) | (sseInitial(c) ? 0 : SSE_COMPONENT);
        boolean x87 = (rfbm & X87_COMPONENT) != 0, sse = (rfbm & SSE_COMPONENT) != 0;
        putLegacy(c, image, wide(c, i), x87, sse);
        image[XSTATE_BV] = (image[XSTATE_BV] & ~rfbm) | (inUse & rfbm);
        store(c, i.seg, offset, image, LEGACY_QWORDS + HEADER_QWORDS);
    }

    public static void xrstor(Cpu c, Insn i) {
        checkXsaveUsable(c);
        long offset = c.ea(i);
        checkPlacement(c, i.seg, offset, 8 * (LEGACY_QWORDS + HEADER_QWORDS), 64, false);
        long rfbm = requestedFeatures(c);
        // The header first, XCOMP_BV before XSTATE_BV, as the hardware reads it (a fault there names that field).
        c.readMem(i.seg, offset + 8L * XCOMP_BV, 8);
        long[] image = load(c, i.seg, offset, LEGACY_QWORDS + HEADER_QWORDS);
        long xstate = image[XSTATE_BV];
        // The standard form: no compaction, no bits XCR0 lacks, and the rest of the header's first 64 bytes zero.
        boolean headerValid = (xstate & ~c.xcr0) == 0 && image[XCOMP_BV] == 0;
        for (int q = XCOMP_BV + 1; q < LEGACY_QWORDS + HEADER_QWORDS; q++) headerValid &= image[q] == 0;
        int mxcsr = (int) (image[3] & 0xffff_ffffL);
        boolean loadsMxcsr = (rfbm & SSE_COMPONENT) != 0;
        if (!headerValid || (loadsMxcsr && (mxcsr & ~MXCSR_MASK) != 0)) throw CpuException.gp(0);
        if ((rfbm & X87_COMPONENT) != 0) {
            if ((xstate & X87_COMPONENT) != 0) takeX87(c, image, wide(c, i));
            else c.x87.toInitial();
        }
        if (loadsMxcsr) {
            if ((xstate & SSE_COMPONENT) != 0) takeXmm(c, image);
            else java.util.Arrays.fill(c.xmm, 0, 2 * xmmCount(c), 0);
            c.mxcsr = mxcsr;   // loaded whatever XSTATE_BV says, in the standard form
        }
    }

    public static void xgetbv(Cpu c, Insn i) {
        checkXsaveEnabled(c);
        if ((int) c.gpr[Cpu.RCX] != 0) throw CpuException.gp(0);   // XINUSE (ECX = 1) is not advertised
        c.gpr[Cpu.RAX] = c.xcr0 & 0xffff_ffffL;
        c.gpr[Cpu.RDX] = c.xcr0 >>> 32;
    }

    public static void xsetbv(Cpu c, Insn i) {
        checkXsaveEnabled(c);
        long v = (c.gpr[Cpu.RDX] << 32) | (c.gpr[Cpu.RAX] & 0xffff_ffffL);
        if (c.cpl != 0 || (int) c.gpr[Cpu.RCX] != 0 || (v & X87_COMPONENT) == 0
                || (v & ~CpuidModel.XCR0_SUPPORTED) != 0) {
            throw CpuException.gp(0);
        }
        c.xcr0 = v;
    }

    private static void checkXsaveEnabled(Cpu c) {
        if ((c.cr4 & Cpu.CR4_OSXSAVE) == 0) throw CpuException.ud();
    }

    /** XSAVE and XRSTOR: #UD without CR4.OSXSAVE, then #NM with CR0.TS (CR0.EM does not matter to them). */
    private static void checkXsaveUsable(Cpu c) {
        checkXsaveEnabled(c);
        if ((c.cr0 & Cpu.CR0_TS) != 0) throw CpuException.of(CpuException.NM);
    }

    /** RFBM: the components both XCR0 and EDX:EAX name. */
    private static long requestedFeatures(Cpu c) {
        return c.xcr0 & ((c.gpr[Cpu.RDX] << 32) | (c.gpr[Cpu.RAX] & 0xffff_ffffL));
    }

    /** FXSAVE64 and friends: REX.W in 64-bit mode stores 64-bit instruction and data pointers. */
    private static boolean wide(Cpu c, Insn i) {
        return c.longMode() && i.has(Insn.REXW);
    }

    private static int xmmCount(Cpu c) {
        return c.longMode() ? 16 : 8;
    }

    /** XINUSE[1] = 0: every XMM register this mode has is zero (MXCSR is not part of the test). */
    private static boolean sseInitial(Cpu c) {
        for (int q = 0; q < 2 * xmmCount(c); q++) {
            if (c.xmm[q] != 0) return false;
        }
        return true;
    }

    /** Fills the legacy region's x87 part and/or its SSE part (MXCSR and XMM); returns how many qwords to store. */
    private static int putLegacy(Cpu c, long[] image, boolean wide, boolean x87, boolean sse) {
        X87 f = c.x87;
        if (x87) {
            image[0] = (f.control & 0xffffL) | (f.status & 0xffffL) << 16 | (long) f.abridgedTag() << 32
                    | (long) (f.opcode & 0x7ff) << 48;
            image[1] = wide ? f.instructionPointer
                    : (f.instructionPointer & 0xffff_ffffL) | (long) (f.instructionSelector & 0xffff) << 32;
            image[2] = wide ? f.dataPointer : (f.dataPointer & 0xffff_ffffL) | (long) (f.dataSelector & 0xffff) << 32;
            for (int st = 0; st < 8; st++) {
                int r = (f.top() + st) & 7;
                image[4 + 2 * st] = f.significand[r];
                image[5 + 2 * st] = f.signExponent[r] & 0xffff;
            }
        }
        if (sse) {
            image[3] = (c.mxcsr & 0xffff_ffffL) | (long) MXCSR_MASK << 32;
            System.arraycopy(c.xmm, 0, image, 20, 2 * xmmCount(c));
        }
        return 20 + 2 * xmmCount(c);
    }

    private static void takeX87(Cpu c, long[] image, boolean wide) {
        X87 f = c.x87;
        f.status = (int) (image[0] >>> 16 & 0xffff);
        f.loadControl((int) (image[0] & 0xffff));   // cleaned as FLDCW does, and ES/B recomputed from it
        f.opcode = (int) (image[0] >>> 48 & 0x7ff);
        if (wide) {
            f.instructionPointer = image[1];
            f.dataPointer = image[2];
            f.instructionSelector = f.dataSelector = 0;
        } else {
            f.instructionPointer = image[1] & 0xffff_ffffL;
            f.instructionSelector = (int) (image[1] >>> 32 & 0xffff);
            f.dataPointer = image[2] & 0xffff_ffffL;
            f.dataSelector = (int) (image[2] >>> 32 & 0xffff);
        }
        for (int st = 0; st < 8; st++) {
            int r = (f.top() + st) & 7;
            f.significand[r] = image[4 + 2 * st];
            f.signExponent[r] = (int) (image[5 + 2 * st] & 0xffff);
        }
        f.setAbridgedTag((int) (image[0] >>> 32 & 0xff));
    }

    private static void takeXmm(Cpu c, long[] image) {
        System.arraycopy(image, 20, c.xmm, 0, 2 * xmmCount(c));
    }

    /**
     * The checks before an image moves, in the hardware's order: the segment (or canonical form), then
     * alignment (#GP(0)), then paging. FXSAVE, FXRSTOR and XSAVE touch the image's last byte first, so a
     * fault on a page the image runs into names that byte, as on the host.
     */
    private static void checkArea(Cpu c, int seg, long offset, int bytes, int alignment, boolean write) {
        long linear = checkPlacement(c, seg, offset, bytes, alignment, write);
        long last = linear + bytes - 1;
        if (write) {
            c.mmu.probeWrite(last, 1, c.dataPrivilege());
            c.mmu.probeWrite(linear, bytes, c.dataPrivilege());
        } else {
            c.mmu.read(last, 1, c.dataPrivilege());
        }
    }

    /** The segment (or canonical) check, then alignment; returns the linear address. */
    private static long checkPlacement(Cpu c, int seg, long offset, int bytes, int alignment, boolean write) {
        long linear = c.dataLinear(seg, offset, bytes, write);
        if ((linear & (alignment - 1)) != 0) throw CpuException.gp(0);
        return linear;
    }

    private static long[] load(Cpu c, int seg, long offset, int qwords) {
        c.dataLinear(seg, offset, 8 * qwords, false);
        long[] image = new long[qwords];
        for (int q = 0; q < qwords; q++) image[q] = c.readMem(seg, offset + 8L * q, 8);
        return image;
    }

    /** Stores the first {@code qwords} of {@code image}, after checking that all of them can be written. */
    private static void store(Cpu c, int seg, long offset, long[] image, int qwords) {
        c.mmu.probeWrite(c.dataLinear(seg, offset, 8 * qwords, true), 8 * qwords, c.dataPrivilege());
        for (int q = 0; q < qwords; q++) c.writeMem(seg, offset + 8L * q, 8, image[q]);
    }
}

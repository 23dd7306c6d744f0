package dev.multiverse.cpu.exec;

import dev.multiverse.cpu.Cpu;
import dev.multiverse.cpu.fault.CpuException;
import dev.multiverse.cpu.flags.Flags;
import dev.multiverse.cpu.insn.Insn;

/**
 * Debug registers and the debug exceptions the interpreter raises around an instruction: instruction
 * breakpoints (DR0-DR3 with R/W = 00) before it, the single-step trap (RFLAGS.TF) after it, and general
 * detect (DR7.GD) on MOV DR. DR6 reports the cause: B0-B3 (bits 0-3), BD (13), BS (14).
 */
public final class Debug {
    private Debug() {
    }

    public static final long DR6_BS = 1 << 14, DR6_BD = 1 << 13;
    private static final long DR7_GD = 1 << 13;

    /** DR7 R/W encodings: instruction execution, data writes, I/O (CR4.DE, not offered), data reads or writes. */
    private static final int EXECUTE = 0, WRITE = 1, READ_WRITE = 3;

    /** True when the interpreter must run one instruction at a time with debug checks. */
    public static boolean active(Cpu c) {
        return c.flags.bit(Flags.TF) || c.flags.bit(Flags.RF) || (c.dr[7] & 0xff) != 0 || c.pendingDebugTrap != 0;
    }

    /**
     * Raises the instruction-breakpoint #DB (a fault: RIP stays at the instruction) if an enabled DR0-DR3
     * with R/W = 00 matches the linear address of the instruction at {@code c.rip}. RF suppresses it for
     * one instruction, so a handler can IRET back to the breakpoint.
     */
    public static void checkInstructionBreakpoint(Cpu c) {
        if (c.flags.bit(Flags.RF) || (c.dr[7] & 0xff) == 0) return;
        long linear = c.longMode() ? c.rip : (c.seg[Insn.CS].base + c.rip) & 0xffff_ffffL;
        long hits = 0;
        for (int n = 0; n < 4; n++) {
            boolean enabled = ((c.dr[7] >>> (2 * n)) & 3) != 0;
            int rw = (int) (c.dr[7] >>> (16 + 4 * n)) & 3;
            if (enabled && rw == EXECUTE && c.dr[n] == linear) hits |= 1L << n;
        }
        if (hits != 0) {
            c.dr[6] = (c.dr[6] & ~0xfL) | hits;
            throw CpuException.of(CpuException.DB);
        }
    }

    /** Bytes covered by breakpoint {@code n}: DR7 LEN 00 = 1, 01 = 2, 11 = 4, 10 = 8. */
    private static int length(long dr7, int n) {
        return switch ((int) (dr7 >>> (18 + 4 * n)) & 3) {
            case 0 -> 1;
            case 1 -> 2;
            case 2 -> 8;
            default -> 4;
        };
    }

    /**
     * Records the data watchpoints a data access of {@code size} bytes at {@code linear} hits (the
     * breakpoint address is aligned down to its length, as the hardware ignores its low bits). The #DB
     * trap is raised after the instruction completes.
     */
    public static void watch(Cpu c, long linear, int size, boolean write) {
        if (c.debugWatch) c.debugHook.dataAccess(c, linear, size, write);
        long dr7 = c.dr[7];
        for (int n = 0; n < 4; n++) {
            int rw = (int) (dr7 >>> (16 + 4 * n)) & 3;
            if (((dr7 >>> (2 * n)) & 3) == 0 || !(rw == READ_WRITE || (rw == WRITE && write))) continue;
            int len = length(dr7, n);
            long start = c.dr[n] & -len;
            if (linear < start + len && start < linear + size) c.watchpointHits |= 1L << n;
        }
    }

    /** Re-derives {@link Cpu#watchpoints} after DR7 changes. */
    public static void updateWatchpoints(Cpu c) {
        boolean any = false;
        for (int n = 0; n < 4; n++) {
            int rw = (int) (c.dr[7] >>> (16 + 4 * n)) & 3;
            any |= ((c.dr[7] >>> (2 * n)) & 3) != 0 && (rw == WRITE || rw == READ_WRITE);
        }
        c.watchpoints = any || c.debugWatch;
    }

    /** DR4 and DR5 are DR6 and DR7 unless CR4.DE, where they are #UD. */
    private static int register(Cpu c, int n) {
        if (n == 4 || n == 5) {
            if ((c.cr4 & Cpu.CR4_DE) != 0) throw CpuException.ud();
            return n + 2;
        }
        if (n > 7) throw CpuException.ud();
        return n;
    }

    /** #GP(0) above CPL 0; with DR7.GD any MOV DR raises #DB (BD set, GD cleared so the handler can use them). */
    private static int access(Cpu c, Insn i) {
        SystemOps.requireCpl0(c);
        int n = register(c, i.reg);
        if ((c.dr[7] & DR7_GD) != 0) {
            c.dr[7] &= ~DR7_GD;
            c.dr[6] |= DR6_BD;
            // A fault-class #DB: its frame has RF set (SDM vol. 3, 17.3.1.1), which delivery only does by vector.
            c.flags.setBit(Flags.RF, true);
            throw CpuException.of(CpuException.DB);
        }
        return n;
    }

    public static void movFromDr(Cpu c, Insn i) {
        int n = access(c, i);
        c.setReg(i.rm, i.size0, c.dr[n]);
    }

    /** MOV to DR: DR6/DR7 upper halves must be zero in 64-bit mode; fixed bits keep their values. */
    public static void movToDr(Cpu c, Insn i) {
        int n = access(c, i);
        long v = c.reg(i.rm, i.size1);
        switch (n) {
            case 6 -> {
                if ((v >>> 32) != 0) throw CpuException.gp(0);
                c.dr[6] = (v & 0xe00f) | Cpu.DR6_INIT;
            }
            case 7 -> {
                if ((v >>> 32) != 0) throw CpuException.gp(0);
                c.dr[7] = (v & 0xffff_23ffL) | Cpu.DR7_INIT;
                updateWatchpoints(c);
            }
            default -> c.dr[n] = c.longMode() ? v : v & 0xffff_ffffL;
        }
        c.exitBlock = true;
    }
}

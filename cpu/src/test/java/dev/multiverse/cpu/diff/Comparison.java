package dev.multiverse.cpu.diff;

import dev.multiverse.cpu.flags.Flags;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares the native and emulated outcomes of one case: the stop (vector, error code, RIP, CR2), all
 * sixteen registers, RFLAGS without the bits the SDM leaves undefined for a completed instruction, every
 * data-area byte the instruction changed and, for cases that carry it, the x87/MMX/SSE state
 * ({@link FxsaveImage#differences}).
 */
final class Comparison {
    /** RFLAGS bits a user-mode instruction can read or change (RF, VM, VIF, VIP are the kernel's business). */
    static final long COMPARED_FLAGS = Flags.STATUS | Flags.DF | Flags.IF | Flags.IOPL | Flags.NT | Flags.AC | Flags.ID;
    private static final String[] REGISTERS = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
    private static final String[] FLAG_NAMES = new String[22];

    static {
        FLAG_NAMES[0] = "CF";
        FLAG_NAMES[2] = "PF";
        FLAG_NAMES[4] = "AF";
        FLAG_NAMES[6] = "ZF";
        FLAG_NAMES[7] = "SF";
        FLAG_NAMES[9] = "IF";
        FLAG_NAMES[10] = "DF";
        FLAG_NAMES[11] = "OF";
        FLAG_NAMES[12] = "IOPL";
        FLAG_NAMES[13] = "IOPL";
        FLAG_NAMES[14] = "NT";
        FLAG_NAMES[18] = "AC";
        FLAG_NAMES[21] = "ID";
    }

    private Comparison() {
    }

    static String register(int r) {
        return REGISTERS[r];
    }

    /** What differs, one short item each ("rax", "OF", "stop", "memory" ...); empty if the outcomes agree. */
    static List<String> differences(DiffCase c, Outcome n, Outcome e) {
        List<String> d = new ArrayList<>();
        if (n.vector() != e.vector()) d.add("stop");
        else if (n.rip() != e.rip()) d.add("rip");
        else if (n.error() != e.error() && !sanitizedByLinux(n, e)) d.add("error code");
        else if (n.vector() == 14 && n.cr2() != e.cr2()) d.add("cr2");
        for (int r = 0; r < 16; r++) {
            if (n.gpr()[r] != e.gpr()[r]) d.add(REGISTERS[r]);
        }
        long mask = COMPARED_FLAGS & ~(n.completed() && e.completed() ? c.undefinedFlags() : 0);
        long flags = (n.rflags() ^ e.rflags()) & mask;
        for (int bit = 0; bit < FLAG_NAMES.length; bit++) {
            if ((flags >>> bit & 1) != 0 && FLAG_NAMES[bit] != null && !d.contains(FLAG_NAMES[bit])) d.add(FLAG_NAMES[bit]);
        }
        if (!n.changes().equals(e.changes())) d.add("memory");
        if (n.fpu() != null && e.fpu() != null) FxsaveImage.differences(n.fpu(), e.fpu(), RowKinds.usesMmx(c.row()), d);
        else if (c.fpu() != null) d.add("fpu state missing");
        return d;
    }

    /**
     * Linux reports a user access to a kernel-half address as a protection fault (error code bit 0 set)
     * whatever the page tables say, to hide their layout; the emulator maps nothing there.
     */
    private static boolean sanitizedByLinux(Outcome n, Outcome e) {
        return n.vector() == 14 && n.cr2() < 0 && (n.error() & ~1) == (e.error() & ~1);
    }
}

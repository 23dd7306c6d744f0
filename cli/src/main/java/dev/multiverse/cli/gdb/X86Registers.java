package dev.multiverse.cli.gdb;

import java.util.List;

/**
 * The registers the stub offers gdb, in remote-protocol number order: what {@code g}/{@code G} carry and
 * what {@code p}/{@code P} number. Names and types follow gdb's x86-64 target features (the manual's
 * "i386 Features"): general registers, rip, eflags and the selectors, the x87 stack and its control
 * registers in org.gnu.gdb.i386.core; xmm0-15 and mxcsr in org.gnu.gdb.i386.sse; fs_base and gs_base in
 * org.gnu.gdb.i386.segments; and the system registers in a feature of our own that gdb shows as it is.
 */
final class X86Registers {
    static final String CORE = "org.gnu.gdb.i386.core", SSE = "org.gnu.gdb.i386.sse",
            SEGMENTS = "org.gnu.gdb.i386.segments", SYSTEM = "dev.multiverse.x86.system";

    /** One register: its gdb name, width, gdb type, register group and target feature. */
    record Register(int number, String name, int bits, String type, String group, String feature) {
        int bytes() {
            return bits / 8;
        }
    }

    /** Numbers of the registers gdb's stop replies and our encoders refer to. */
    static final int RAX = 0, RIP = 16, EFLAGS = 17, CS = 18, GS = 23, ST0 = 24, FCTRL = 32, FSTAT = 33,
            FTAG = 34, FISEG = 35, FIOFF = 36, FOSEG = 37, FOOFF = 38, FOP = 39, XMM0 = 40, MXCSR = 56,
            FS_BASE = 57, GS_BASE = 58, CR0 = 59, CR2 = 60, CR3 = 61, CR4 = 62, CR8 = 63, EFER = 64;

    static final List<Register> ALL = build();

    private X86Registers() {
    }

    static Register get(int number) {
        return number >= 0 && number < ALL.size() ? ALL.get(number) : null;
    }

    /** Bytes of a {@code g} packet: every register in number order. */
    static int totalBytes() {
        return ALL.stream().mapToInt(Register::bytes).sum();
    }

    private static List<Register> build() {
        java.util.ArrayList<Register> r = new java.util.ArrayList<>();
        for (String n : new String[] {"rax", "rbx", "rcx", "rdx", "rsi", "rdi"}) {
            add(r, n, 64, "int64", "general", CORE);
        }
        add(r, "rbp", 64, "data_ptr", "general", CORE);
        add(r, "rsp", 64, "data_ptr", "general", CORE);
        for (int i = 8; i < 16; i++) {
            add(r, "r" + i, 64, "int64", "general", CORE);
        }
        add(r, "rip", 64, "code_ptr", "general", CORE);
        add(r, "eflags", 32, "i386_eflags", "general", CORE);
        for (String n : new String[] {"cs", "ss", "ds", "es", "fs", "gs"}) {
            add(r, n, 32, "int32", "general", CORE);
        }
        for (int i = 0; i < 8; i++) {
            add(r, "st" + i, 80, "i387_ext", "float", CORE);
        }
        for (String n : new String[] {"fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop"}) {
            add(r, n, 32, "int", "float", CORE);
        }
        for (int i = 0; i < 16; i++) {
            add(r, "xmm" + i, 128, "vec128", "vector", SSE);
        }
        add(r, "mxcsr", 32, "i386_mxcsr", "vector", SSE);
        add(r, "fs_base", 64, "int", "system", SEGMENTS);
        add(r, "gs_base", 64, "int", "system", SEGMENTS);
        for (String n : new String[] {"cr0", "cr2", "cr3", "cr4", "cr8", "efer"}) {
            add(r, n, 64, "int64", "system", SYSTEM);
        }
        return List.copyOf(r);
    }

    private static void add(List<Register> r, String name, int bits, String type, String group, String feature) {
        r.add(new Register(r.size(), name, bits, type, group, feature));
    }
}

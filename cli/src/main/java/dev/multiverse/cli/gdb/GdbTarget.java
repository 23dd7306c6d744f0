package dev.multiverse.cli.gdb;

/**
 * What the GDB stub needs from a stopped machine: its cores (gdb's threads, numbered from 0 here),
 * their registers in {@link X86Registers} numbering, memory by virtual address, breakpoints, and running.
 * Every method but {@link #interrupt()} is called from the one session thread while the machine is stopped.
 */
interface GdbTarget {
    /** The kinds of {@code Z} packets: 0 software breakpoint, 1 hardware breakpoint, 2-4 watchpoints. */
    enum PointKind { SOFTWARE, HARDWARE, WRITE, READ, ACCESS }

    int cores();

    /** A short description gdb shows as the thread's name, e.g. "core 1 (long mode)". */
    String coreName(int core);

    /** The register's value as little-endian bytes, {@link X86Registers.Register#bytes()} of them. */
    byte[] readRegister(int core, int register);

    /** Sets a register from little-endian bytes; false if the register cannot be set to that value. */
    boolean writeRegister(int core, int register, byte[] value);

    /**
     * Reads up to {@code length} bytes at virtual address {@code address} as the core sees it (its paging
     * and address size); stops early at the first byte that does not translate. Sets no accessed bits.
     */
    byte[] readMemory(int core, long address, int length);

    /** Writes bytes at a virtual address; false (and nothing written) if any byte does not translate. */
    boolean writeMemory(int core, long address, byte[] bytes);

    /** Inserts a breakpoint or watchpoint on every core; false if this kind or length is not supported. */
    boolean insertPoint(PointKind kind, long address, int length);

    /** Removes one; false if there was none. */
    boolean removePoint(PointKind kind, long address, int length);

    /** Runs one instruction on the core and reports why the machine stopped. */
    TargetStop step(int core);

    /** Runs every core until a breakpoint, a watchpoint, {@link #interrupt()} or the end of the run. */
    TargetStop resume();

    /** Asks a {@link #resume()} in progress, from another thread, to stop at the next instruction boundary. */
    void interrupt();

    /** Lets the machine run to its end with every breakpoint and watchpoint gone, as if no debugger came. */
    void detach();
}

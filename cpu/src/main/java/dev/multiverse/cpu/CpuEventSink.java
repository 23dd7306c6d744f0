package dev.multiverse.cpu;

/**
 * Hears what a core does for a tracer: interrupt and exception delivery, IRET, changes of operating mode,
 * paging or CPL, hypercalls, halts and wake-ups. Instructions reach {@link Interpreter.Tracer} instead. The
 * default, {@link #NONE}, does nothing; with it the call sites cost nothing once the JIT has inlined it.
 */
public interface CpuEventSink {
    /** How an interrupt or exception came about. */
    int EXTERNAL = 0, NMI = 1, EXCEPTION = 2, SOFTWARE = 3;

    /**
     * The core entered the handler of {@code vector} (a {@link #EXTERNAL}, {@link #NMI}, {@link #EXCEPTION}
     * or {@link #SOFTWARE} interrupt; {@code errorCode} -1 for none), interrupting the code at {@code rip}.
     */
    void interrupt(Cpu cpu, int kind, int vector, int errorCode, long rip);

    /** An IRET completed: the core returns to {@code cpu.rip}. */
    void interruptReturn(Cpu cpu);

    /** A fault while delivering a double fault: the core shuts down. */
    void shutdown(Cpu cpu);

    /**
     * The operating mode, paging or CPL may have changed (CS, CR0, CR4 or EFER was loaded); the listener
     * compares with what it saw last.
     */
    void modeMayHaveChanged(Cpu cpu);

    /** VMCALL or VMMCALL ({@code mnemonic}), before the hypercall handler sees it. */
    void hypercall(Cpu cpu, String mnemonic);

    /** The core halted (HLT, or an x87 wait frozen on FERR#) at {@code cpu.insnStart}. */
    void halted(Cpu cpu);

    /** A halted core woke up to take an interrupt. */
    void woke(Cpu cpu);

    CpuEventSink NONE = new CpuEventSink() {
        @Override
        public void interrupt(Cpu cpu, int kind, int vector, int errorCode, long rip) {
        }

        @Override
        public void interruptReturn(Cpu cpu) {
        }

        @Override
        public void shutdown(Cpu cpu) {
        }

        @Override
        public void modeMayHaveChanged(Cpu cpu) {
        }

        @Override
        public void hypercall(Cpu cpu, String mnemonic) {
        }

        @Override
        public void halted(Cpu cpu) {
        }

        @Override
        public void woke(Cpu cpu) {
        }
    };
}

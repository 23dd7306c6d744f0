package dev.multiverse.machine.hvm;

import dev.multiverse.cpu.Cpu;

/**
 * Hears what the HVM does for a tracer: each hypercall's result, each upcall injected into an HRT core and
 * each signal a ROS core enters. The default, {@link #NONE}, does nothing.
 */
public interface HvmEventSink {
    /**
     * Core {@code caller}'s hypercall with sub-op {@code op} (RCX as it held it) ended with {@code result} in
     * RAX, or left RAX alone because the caller now waits for the HRT ({@code waits}).
     */
    void hypercallResult(Cpu caller, long op, long result, boolean waits);

    /**
     * An upcall for the comm page's {@code request} type was injected into {@code core}: {@code vector}, or
     * #GP with {@code errorCode} (-1 when the vector pushes none).
     */
    void upcall(Cpu core, long request, int vector, int errorCode);

    /** ROS core {@code core} entered the signal handler at {@code core.rip} with {@code code}, interrupting {@code interruptedRip}. */
    void signal(Cpu core, long code, long interruptedRip);

    HvmEventSink NONE = new HvmEventSink() {
        @Override
        public void hypercallResult(Cpu caller, long op, long result, boolean waits) {
        }

        @Override
        public void upcall(Cpu core, long request, int vector, int errorCode) {
        }

        @Override
        public void signal(Cpu core, long code, long interruptedRip) {
        }
    };
}

package dev.multiverse.cpu;

/**
 * The machine-level hook VMCALL and VMMCALL reach (the HVM's hypercall ABI lives in the machine, not in
 * the CPU). Called at any CPL with the core's registers as the guest left them; the handler reads its
 * arguments from them and writes its results back.
 */
@FunctionalInterface
public interface HypercallHandler {
    /** Returns false when the call is not one the machine serves: the instruction then raises #UD. */
    boolean handle(Cpu cpu);
}

package dev.multiverse.cpu;

/**
 * Machine work done on a core between two instructions, when a condition on the core's state holds (a
 * user-level signal waits for CPL 3 in one address space, for example). Called at every instruction
 * boundary the core reaches while the hook is set ({@link Cpu#setBoundaryHook}); a condition that depends
 * on the mode, CPL or CR3 is seen at the first boundary where it holds, since whatever changes those ends a
 * block.
 */
@FunctionalInterface
public interface BoundaryHook {
    /**
     * Does the work if the core's state allows it and returns true when finished (the core drops the hook),
     * false to be asked again at the next boundary. It may throw a {@link dev.multiverse.cpu.fault.CpuException}
     * or {@link dev.multiverse.mmu.PageFault} before changing any state: the core takes that exception at this
     * boundary, with the interrupted instruction as the faulting one, and the hook stays set.
     */
    boolean atBoundary(Cpu cpu);
}

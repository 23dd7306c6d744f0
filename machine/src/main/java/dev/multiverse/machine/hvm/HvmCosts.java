package dev.multiverse.machine.hvm;

/**
 * The HVM's part of the cycle model: what a hypercall costs the calling core, an upcall (or a user signal)
 * the receiving one, and an interprocessor interrupt its sender, on top of the instruction itself. A core
 * an IPI reaches pays {@link #inject} as for any injected event. Only an HVM machine charges them: a plain
 * PC's cycle counts stay one per instruction.
 *
 * @param hypercall a VMCALL's exit to the hypervisor and the entry back
 * @param inject    an event injected into a core: the hypervisor's work plus the entry that delivers it
 * @param ipi       an ICR write: without posted interrupts it exits to the hypervisor, which routes the IPI
 */
public record HvmCosts(long hypercall, long inject, long ipi) {
    /**
     * A VM exit and re-entry on recent x86 cores takes on the order of a thousand cycles (a hypercall, or an
     * ICR write the hypervisor must route); injecting an event rides on an entry the core pays anyway, plus
     * the delivery through the IDT.
     */
    public static final HvmCosts DEFAULT = new HvmCosts(1000, 500, 1000);

    public HvmCosts {
        if (hypercall < 0 || inject < 0 || ipi < 0) {
            throw new IllegalArgumentException("cycle costs must not be negative: " + hypercall + ", " + inject + ", " + ipi);
        }
    }
}

package dev.multiverse.machine.hvm;

/**
 * The HVM's part of the cycle model: what a hypercall costs the calling core and an upcall (or a user
 * signal) the receiving one, on top of the instruction itself.
 *
 * @param hypercall a VMCALL's exit to the hypervisor and the entry back
 * @param inject    an event injected into a core: the hypervisor's work plus the entry that delivers it
 */
public record HvmCosts(long hypercall, long inject) {
    /**
     * A VM exit and re-entry on recent x86 cores takes on the order of a thousand cycles; injecting an event
     * rides on an entry the core pays anyway, plus the delivery through the IDT.
     */
    public static final HvmCosts DEFAULT = new HvmCosts(1000, 500);

    public HvmCosts {
        if (hypercall < 0 || inject < 0) {
            throw new IllegalArgumentException("cycle costs must not be negative: " + hypercall + ", " + inject);
        }
    }
}

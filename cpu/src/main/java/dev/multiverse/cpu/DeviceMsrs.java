package dev.multiverse.cpu;

/**
 * Model-specific registers a device inside the core answers instead of the CPU's own MSR model (the
 * local APIC: IA32_APIC_BASE, the x2APIC registers, IA32_TSC_DEADLINE). RDMSR and WRMSR ask it first;
 * an access it refuses raises #GP(0) by throwing {@link dev.multiverse.cpu.fault.CpuException}.
 */
public interface DeviceMsrs {
    /** Whether the device answers MSR {@code index}. */
    boolean owns(int index);

    long readMsr(int index);

    void writeMsr(int index, long value);
}

package dev.multiverse.cpu;

/**
 * A core's interrupt inputs as an interrupt controller drives them: the maskable INTR line (a level; the
 * vector is supplied on the acknowledge cycle by the {@link InterruptAcknowledge} the core is connected
 * to) and the NMI input (an edge, latched until the core takes it). The 8259 PIC drives these today; the
 * local APIC will drive them in its place, with the PIC behind its LINT0.
 */
public interface InterruptSink {
    /** INTR is asserted or deasserted; an asserted line ends the current block so the core looks at it. */
    void setIntr(boolean asserted);

    /** An NMI edge: the core latches it and takes it when NMIs are not blocked. */
    void nmi();
}

package dev.multiverse.cpu;

/** The INTA cycle: the controller driving INTR names the vector the core takes and marks it in service. */
@FunctionalInterface
public interface InterruptAcknowledge {
    int acknowledge();
}

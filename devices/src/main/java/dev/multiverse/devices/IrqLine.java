package dev.multiverse.devices;

/** A device's interrupt output wire, as the interrupt controller's input pin sees it. */
@FunctionalInterface
public interface IrqLine {
    void set(boolean high);
}

package dev.multiverse.cpu;

/**
 * FERR#, the core's x87 floating-point error output. With CR0.NE clear (MS-DOS compatibility mode) the
 * core asserts it when an unmasked x87 exception becomes pending, instead of raising #MF, and deasserts it
 * when the exception is cleared (FNCLEX, FNINIT, FNSAVE, FLDENV...); a PC routes it to IRQ 13.
 */
@FunctionalInterface
public interface FerrOutput {
    void set(boolean asserted);
}

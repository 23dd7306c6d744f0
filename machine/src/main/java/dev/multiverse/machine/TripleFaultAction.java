package dev.multiverse.machine;

/** What a triple fault (a core's shutdown) does to the machine. */
public enum TripleFaultAction {
    /** End the run with a diagnostic, like QEMU with {@code -no-reboot}: a triple fault is almost always a guest bug. */
    STOP,
    /** Reset the machine and boot the kernel again, as a PC's chipset does (and QEMU by default). */
    RESET
}
